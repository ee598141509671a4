import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Consumers, staff accounts, operators and refresh tokens: the auth context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class IdentityRepository {
  constructor(private readonly dataSource: DataSource) {}
}
