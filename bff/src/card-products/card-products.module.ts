import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { CardProductsController } from './card-products.controller';
import { CardProductsService } from './card-products.service';

@Module({
  imports: [MerchantsModule],
  controllers: [CardProductsController],
  providers: [CardProductsService],
  exports: [CardProductsService],
})
export class CardProductsModule {}
