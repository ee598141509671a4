import { forwardRef, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardsModule } from '../cards/cards.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { KvWindows } from './kv-windows';
import { RealNameThreshold } from './real-name-threshold';
import { MerchantRiskController } from './merchant-risk.controller';
import { RiskCasesService } from './risk-cases.service';
import { RiskFactsRepository } from './risk-facts.repository';
import { RiskHoldsService } from './risk-holds.service';
import { RiskInsightsRepository } from './risk-insights.repository';
import { RiskMetricsService } from './risk-metrics.service';
import { RiskScanService } from './risk-scan.service';
import { RiskController } from './risk.controller';
import { RiskRepository } from './risk.repository';
import { RiskRules } from './risk-rules.service';
import { RiskService } from './risk.service';

/** Risk control (docs/risk.md): rules as data, a decision on every money request that calls it, the case queue, the nightly scan, metrics. */
@Module({
  imports: [forwardRef(() => CardsModule), AuthModule, MerchantsModule],
  controllers: [RiskController, MerchantRiskController],
  providers: [RiskRepository, RiskFactsRepository, RiskInsightsRepository, RiskRules, KvWindows, RiskService, RiskCasesService, RiskScanService, RiskMetricsService, RiskHoldsService, RealNameThreshold],
  exports: [RiskService, RiskScanService, RealNameThreshold],
})
export class RiskModule {}
