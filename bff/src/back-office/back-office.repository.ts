import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The back office's read models (dashboard, reports, team, operator controls). Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class BackOfficeRepository {
  constructor(private readonly dataSource: DataSource) {}
}
