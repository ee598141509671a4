import { Injectable } from '@nestjs/common';
import type { MerchantStatus } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { placeholders, readTime } from '../database/sql-values';

/** A store as other contexts see it: a plain shape, not the entity class. */
export interface Store {
  id: string;
  merchantId: string;
  name: string;
  address: string;
  createdAt: Date;
}

/** Merchants and their stores: the merchants context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class MerchantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Each store with its merchant's status, in one read (a redemption checks both before it takes money). */
  async storesWithStatus(storeIds: string[]): Promise<Map<string, { store: Store; merchantStatus: MerchantStatus }>> {
    const ids = [...new Set(storeIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.id, s.merchant_id, s.name, s.address, s.created_at, m.status FROM stores s JOIN merchants m ON m.id = s.merchant_id WHERE s.id IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [String(row.id), { store: storeOf(row), merchantStatus: String(row.status) as MerchantStatus }]));
  }
}

function storeOf(row: Record<string, unknown>): Store {
  return { id: String(row.id), merchantId: String(row.merchant_id), name: String(row.name), address: String(row.address), createdAt: readTime(row.created_at) };
}
