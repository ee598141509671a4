import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentsModule } from '../payments/payments.module';
import { ReconciliationService } from './reconciliation.service';
import { ReconciliationRepository } from './reconciliation.repository';

@Module({
  imports: [LedgerModule, PaymentsModule],
  providers: [ReconciliationRepository, ReconciliationService],
  exports: [ReconciliationRepository, ReconciliationService],
})
export class ReconciliationModule {}
