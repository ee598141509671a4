import { Module } from '@nestjs/common';
import { LedgerHistoryRepository } from './ledger-history.repository';
import { LedgerInvariantsRepository } from './ledger-invariants.repository';
import { LedgerRepository } from './ledger.repository';
import { LedgerRollupRepository } from './ledger-rollup.repository';
import { LedgerRollupService } from './ledger-rollup.service';
import { LedgerService } from './ledger.service';
import { LedgerSettlementRepository } from './ledger-settlement.repository';
import { LedgerVerifier } from './ledger-verifier';
import { PlatformAccounts } from './platform-accounts';

@Module({
  providers: [
    LedgerRepository,
    LedgerRollupRepository,
    LedgerInvariantsRepository,
    LedgerSettlementRepository,
    LedgerHistoryRepository,
    LedgerService,
    LedgerRollupService,
    LedgerVerifier,
    PlatformAccounts,
  ],
  exports: [LedgerService, LedgerRepository, LedgerHistoryRepository, LedgerSettlementRepository, LedgerRollupService, LedgerVerifier, PlatformAccounts],
})
export class LedgerModule {}
