import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { BackOfficeModule } from './back-office/back-office.module';
import { CardProductsModule } from './card-products/card-products.module';
import { CardHistoryModule } from './cards/card-history.module';
import { CardsModule } from './cards/cards.module';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { HealthController } from './health/health.controller';
import { FilesModule } from './files/files.module';
import { GiftingModule } from './gifting/gifting.module';
import { JobsModule } from './jobs/jobs.module';
import { LedgerModule } from './ledger/ledger.module';
import { LimitsModule } from './limits/limits.module';
import { MarketingModule } from './marketing/marketing.module';
import { MerchantsModule } from './merchants/merchants.module';
import { MemberCodesModule } from './member-codes/member-codes.module';
import { MetricsModule } from './metrics/metrics';
import { OpenApiModule } from './open-api/open-api.module';
import { PaymentsModule } from './payments/payments.module';
import { ReceiptsModule } from './receipts/receipts.module';
import { RedemptionModule } from './redemption/redemption.module';
import { SettlementModule } from './settlement/settlement.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), JobsModule, LimitsModule.forRoot(config), MetricsModule, AuthModule, LedgerModule, FilesModule, MerchantsModule, CardProductsModule, CardsModule, CardHistoryModule, MemberCodesModule, RedemptionModule, PaymentsModule, SettlementModule, BackOfficeModule, WebhooksModule, OpenApiModule, MarketingModule, ReceiptsModule, GiftingModule],
      controllers: [HealthController],
    };
  }
}
