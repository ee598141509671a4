import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Member codes: the member-codes context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class MemberCodesRepository {
  constructor(private readonly dataSource: DataSource) {}
}
