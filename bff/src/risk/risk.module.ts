import { forwardRef, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardsModule } from '../cards/cards.module';
import { KvWindows } from './kv-windows';
import { RealNameThreshold } from './real-name-threshold';
import { RiskCasesService } from './risk-cases.service';
import { RiskController } from './risk.controller';
import { RiskRepository } from './risk.repository';
import { RiskRules } from './risk-rules.service';
import { RiskService } from './risk.service';

/** Risk control (docs/risk.md): rules as data, a decision on every money request that calls it, the case queue. */
@Module({
  imports: [forwardRef(() => CardsModule), AuthModule],
  controllers: [RiskController],
  providers: [RiskRepository, RiskRules, KvWindows, RiskService, RiskCasesService, RealNameThreshold],
  exports: [RiskService, RealNameThreshold],
})
export class RiskModule {}
