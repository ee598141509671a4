import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { MarketingModule } from '../marketing/marketing.module';
import { MemberCodesModule } from '../member-codes/member-codes.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { PosAuthGuard } from './pos-auth.guard';
import { ApiKeysController, OpenCardsController } from './pos-apps.controller';
import { PosAppsRepository } from './pos-apps.repository';
import { PosAppsService, PosSecrets } from './pos-apps.service';
import { PosCardsService } from './pos-cards.service';
import { PosController, RedemptionController } from './redemption.controller';
import { RedemptionQueries } from './redemption-queries.service';
import { RedemptionService } from './redemption.service';
import { ReversalService } from './reversal.service';
import { CodeClaims } from './code-claims.step';
import { SaleCheckStage } from './sale-check.stage';
import { SaleCommitStage } from './sale-commit.stage';
import { CardsModule } from '../cards/cards.module';
import { RedemptionRepository } from './redemption.repository';
import { RiskModule } from '../risk/risk.module';
import { ShiftController } from './shift.controller';
import { ShiftRepository } from './shift.repository';
import { ShiftService } from './shift.service';

@Module({
  imports: [LedgerModule, MemberCodesModule, MerchantsModule, CardsModule, MarketingModule, RiskModule],
  controllers: [RedemptionController, PosController, ShiftController, ApiKeysController, OpenCardsController],
  providers: [RedemptionRepository, CodeClaims, SaleCheckStage, SaleCommitStage, RedemptionService, ReversalService, RedemptionQueries, PosAppsService, PosSecrets, PosAuthGuard, PosAppsRepository, PosCardsService, ShiftRepository, ShiftService],
  exports: [RedemptionRepository, RedemptionService, ReversalService, PosAuthGuard, PosAppsRepository, PosSecrets, PosCardsService],
})
export class RedemptionModule {}
