import { Injectable } from '@nestjs/common';
import type { MerchantStatus } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readTime, sqlTime } from '../database/sql-values';

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

  /** Every merchant's name, oldest merchant first (the custody report lists them in this order). */
  async displayNames(): Promise<Array<{ id: string; displayName: string }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT id, display_name FROM merchants ORDER BY created_at');
    return rows.map((r) => ({ id: String(r.id), displayName: String(r.display_name) }));
  }

  /** This merchant's store; another merchant's reads as missing. */
  async findStore(merchantId: string, storeId: string, em: EntityManager = this.dataSource.manager): Promise<Store | null> {
    const rows: Array<Record<string, unknown>> = await em.query('SELECT * FROM stores WHERE id = ? AND merchant_id = ? LIMIT 1', [storeId, merchantId]);
    return rows[0] ? storeOf(rows[0]) : null;
  }

  async updateStore(em: EntityManager, merchantId: string, storeId: string, change: { name: string; address: string }): Promise<void> {
    await execute(em, 'UPDATE stores SET name = ?, address = ? WHERE id = ? AND merchant_id = ?', [change.name, change.address, storeId, merchantId]);
  }

  /** A freeze or unfreeze by an operator: `from` → `to`; false when the merchant was not in `from`. */
  async setStatusIf(em: EntityManager, merchantId: string, from: MerchantStatus, to: MerchantStatus, at: Date): Promise<boolean> {
    return (await execute(em, 'UPDATE merchants SET status = ?, updated_at = ? WHERE id = ? AND status = ?', [to, sqlTime(at), merchantId, from])) === 1;
  }

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
