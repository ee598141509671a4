import { Module } from '@nestjs/common';
import { CardProductsModule } from '../card-products/card-products.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { CardsController } from './cards.controller';
import { CardsService } from './cards.service';
import { CardsRepository } from './cards.repository';

@Module({
  imports: [CardProductsModule, LedgerModule, MerchantsModule],
  controllers: [CardsController],
  providers: [CardsRepository, CardsService],
  exports: [CardsRepository, CardsService],
})
export class CardsModule {}
