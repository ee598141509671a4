import { forwardRef, Module } from '@nestjs/common';
import { CardProductsModule } from '../card-products/card-products.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { RiskModule } from '../risk/risk.module';
import { CardLossController, StaffCardLossController } from './card-loss.controller';
import { CardLossService } from './card-loss.service';
import { CardsController } from './cards.controller';
import { CardsService } from './cards.service';
import { CardsRepository } from './cards.repository';

@Module({
  imports: [CardProductsModule, LedgerModule, MerchantsModule, forwardRef(() => RiskModule)],
  controllers: [CardsController, CardLossController, StaffCardLossController],
  providers: [CardsRepository, CardsService, CardLossService],
  exports: [CardsRepository, CardsService],
})
export class CardsModule {}
