import { Global, Module } from '@nestjs/common';
import { LeaseRepository } from './lease.repository';
import { Leases } from './leases';

/** Leases for the background jobs of every context (ledger rollup, payment poller, day close, settlement, payouts). */
@Global()
@Module({
  providers: [LeaseRepository, Leases],
  exports: [Leases],
})
export class JobsModule {}
