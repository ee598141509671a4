import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Merchants and their stores: the merchants context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class MerchantsRepository {
  constructor(private readonly dataSource: DataSource) {}
}
