import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Reconciliation runs and differences: the reconciliation context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly dataSource: DataSource) {}
}
