import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { MerchantClosingController, OperatorMerchantClosingController } from './merchant-closing.controller';
import { MerchantClosingService } from './merchant-closing.service';
import { MerchantClosingsRepository } from './merchant-closings.repository';
import { MerchantsController, OperatorMerchantsController } from './merchants.controller';
import { MerchantsService } from './merchants.service';
import { MerchantsRepository } from './merchants.repository';

@Module({
  imports: [FilesModule],
  controllers: [MerchantsController, OperatorMerchantsController, MerchantClosingController, OperatorMerchantClosingController],
  providers: [MerchantsRepository, MerchantsService, MerchantClosingsRepository, MerchantClosingService],
  exports: [MerchantsRepository, MerchantsService, MerchantClosingsRepository],
})
export class MerchantsModule {}
