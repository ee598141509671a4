import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The audit log's SQL (audit_log). Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}
}
