import { Module } from '@nestjs/common';
import { LedgerRepository } from './ledger.repository';
import { LedgerRollupService } from './ledger-rollup.service';
import { LedgerService } from './ledger.service';
import { LedgerVerifier } from './ledger-verifier';
import { PlatformAccounts } from './platform-accounts';

@Module({
  providers: [LedgerRepository, LedgerService, LedgerRollupService, LedgerVerifier, PlatformAccounts],
  exports: [LedgerService, LedgerRepository, LedgerRollupService, LedgerVerifier, PlatformAccounts],
})
export class LedgerModule {}
