import { Logger, Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { readCredentials } from '../config/endpoints';
import { CardsModule } from '../cards/cards.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { RedemptionModule } from '../redemption/redemption.module';
import { RiskModule } from '../risk/risk.module';
import { checkCustodyBankCredentials, CustodyBankClient, loadCustodyBankCredentials } from './custody-bank.client';
import { CustodyRepository } from './custody.repository';
import { CustodyService } from './custody.service';
import { DayCloseService } from './day-close.service';
import { PAYOUT_PORT, type PayoutInput, type PayoutPort } from './payout.port';
import { PayoutsRepository } from './payouts.repository';
import { PayoutsService } from './payouts.service';
import { MerchantSettlementController, OperatorSettlementController } from './settlement.controller';
import { SettlementRunJob } from './settlement-run.job';
import { SettlementService } from './settlement.service';
import { SettlementRepository } from './settlement.repository';

/**
 * The custody bank client, built on first use: locally the channel sandbox writes the credentials when it first
 * starts, which may be a moment after the BFF.
 */
class LazyCustodyBank implements PayoutPort {
  private client: CustodyBankClient | null = null;

  constructor(private readonly config: AppConfig) {}

  pay(input: PayoutInput) {
    return this.get().pay(input);
  }

  query(outPayoutNo: string) {
    return this.get().query(outPayoutNo);
  }

  private get(): CustodyBankClient {
    if (!this.client) {
      // CUSTODY_BANK_CLIENT_ID and its key files when set, else the `bank` section the sandbox writes.
      const fromEnv = this.config.endpoints.credentials.bank;
      const credentials = fromEnv
        ? checkCustodyBankCredentials({ bank: readCredentials(fromEnv) }, 'CUSTODY_BANK_*')
        : loadCustodyBankCredentials(resolve(this.config.PAYMENT_CREDENTIALS_FILE));
      this.client = new CustodyBankClient({ baseUrl: this.config.CUSTODY_BANK_URL, credentials });
      new Logger('CustodyBank').log(`custody bank at ${this.config.CUSTODY_BANK_URL}`);
    }
    return this.client;
  }
}

@Module({
  imports: [LedgerModule, ReconciliationModule, MerchantsModule, CardsModule, RedemptionModule, RiskModule],
  controllers: [OperatorSettlementController, MerchantSettlementController],
  providers: [
    SettlementRepository,
    PayoutsRepository,
    CustodyRepository,
    SettlementService,
    SettlementRunJob,
    PayoutsService,
    DayCloseService,
    CustodyService,
    { provide: PAYOUT_PORT, useFactory: (config: AppConfig) => new LazyCustodyBank(config), inject: [AppConfig] },
  ],
  exports: [SettlementRepository, SettlementService, SettlementRunJob, PayoutsService, DayCloseService, CustodyService],
})
export class SettlementModule {}
