import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { MerchantsController, OperatorMerchantsController } from './merchants.controller';
import { MerchantsService } from './merchants.service';
import { MerchantsRepository } from './merchants.repository';

@Module({
  imports: [FilesModule],
  controllers: [MerchantsController, OperatorMerchantsController],
  providers: [MerchantsRepository, MerchantsService],
  exports: [MerchantsRepository, MerchantsService],
})
export class MerchantsModule {}
