import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Redemptions, reversals and POS apps: the redemption context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class RedemptionRepository {
  constructor(private readonly dataSource: DataSource) {}
}
