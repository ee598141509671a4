import { Module } from '@nestjs/common';
import { MerchantsController, OperatorMerchantsController } from './merchants.controller';
import { MerchantsService } from './merchants.service';
import { MerchantsRepository } from './merchants.repository';

@Module({
  controllers: [MerchantsController, OperatorMerchantsController],
  providers: [MerchantsRepository, MerchantsService],
  exports: [MerchantsRepository, MerchantsService],
})
export class MerchantsModule {}
