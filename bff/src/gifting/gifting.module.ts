import { forwardRef, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardProductsModule } from '../card-products/card-products.module';
import { CardsModule } from '../cards/cards.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RealNameModule } from '../real-name/real-name.module';
import { RiskModule } from '../risk/risk.module';
import { GiftingController } from './gifting.controller';
import { GiftingRepository } from './gifting.repository';
import { GiftingService } from './gifting.service';

/** 转赠 (docs/compliance.md): a card given to a friend through a one-time share link. */
@Module({
  imports: [AuthModule, CardProductsModule, CardsModule, LedgerModule, RealNameModule, forwardRef(() => RiskModule)],
  controllers: [GiftingController],
  providers: [GiftingRepository, GiftingService],
})
export class GiftingModule {}
