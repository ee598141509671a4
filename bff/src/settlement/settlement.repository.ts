import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Settlement runs, statements and payouts: the settlement context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class SettlementRepository {
  constructor(private readonly dataSource: DataSource) {}
}
