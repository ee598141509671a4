import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Top-up orders, payment attempts, notifications and refunds: the payments context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}
}
