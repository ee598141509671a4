import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { PaymentsModule } from '../payments/payments.module';
import { RedemptionModule } from '../redemption/redemption.module';
import { CardEventLabels } from './card-event-labels';
import { CardHistoryController } from './card-history.controller';
import { CardHistoryService } from './card-history.service';
import { CardsModule } from './cards.module';

/** The consumer's history by event. Its own module: it reads redemption and payments, which import CardsModule. */
@Module({
  imports: [CardsModule, LedgerModule, MerchantsModule, RedemptionModule, PaymentsModule, AuthModule],
  controllers: [CardHistoryController],
  providers: [CardEventLabels, CardHistoryService],
  exports: [CardHistoryService],
})
export class CardHistoryModule {}
