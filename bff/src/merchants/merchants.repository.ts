import { Injectable } from '@nestjs/common';
import type { KycSubmission, MerchantStatus } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readInt, readIntOrNull, readTextOrNull, readTime, readTimeOrNull, rowsByIds, sqlTime } from '../database/sql-values';

/** A store as other contexts see it: a plain shape, not the entity class. */
export interface Store {
  id: string;
  merchantId: string;
  name: string;
  address: string;
  createdAt: Date;
}

export interface Merchant {
  id: string;
  displayName: string;
  status: MerchantStatus;
  kyc: KycSubmission | null;
  rejectReason: string | null;
  feeRateBps: number | null;
  /** Payment channels enabled for this merchant's top-ups; null = every channel the platform offers. */
  paymentChannels: string[] | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A store as a sale needs it: the store, its merchant's status and the merchant's closing day (docs/compliance.md §10). */
export interface StoreStanding {
  store: Store;
  merchantStatus: MerchantStatus;
  closingDate: string | null;
}

export type MerchantProfile = Pick<Merchant, 'id' | 'displayName' | 'status' | 'paymentChannels'>;

/** An operator's review decision, applied only to a merchant still pending review. */
export type ReviewOutcome =
  | { decision: 'APPROVE'; feeRateBps: number; operatorId: string; at: Date }
  | { decision: 'REJECT'; reason: string; operatorId: string; at: Date };

/** Merchants and their stores: the merchants context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class MerchantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A merchant's store names by store id, one read. */
  async storeNames(merchantId: string): Promise<Map<string, string>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT id, name FROM stores WHERE merchant_id = ?', [merchantId]);
    return new Map(rows.map((r) => [String(r.id), String(r.name)]));
  }

  /** Every merchant's name, oldest merchant first (the custody report lists them in this order). */
  async displayNames(): Promise<Array<{ id: string; displayName: string }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT id, display_name FROM merchants ORDER BY created_at');
    return rows.map((r) => ({ id: String(r.id), displayName: String(r.display_name) }));
  }

  async insertMerchant(em: EntityManager, m: Merchant): Promise<void> {
    await em.query(
      'INSERT INTO merchants (id, display_name, status, kyc, reject_reason, fee_rate_bps, payment_channels, reviewed_by, reviewed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        m.id,
        m.displayName,
        m.status,
        jsonOrNull(m.kyc),
        m.rejectReason,
        m.feeRateBps,
        jsonOrNull(m.paymentChannels),
        m.reviewedBy,
        m.reviewedAt && sqlTime(m.reviewedAt),
        sqlTime(m.createdAt),
        sqlTime(m.updatedAt),
      ],
    );
  }

  async merchantById(id: string): Promise<Merchant | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM merchants WHERE id = ? LIMIT 1', [id]);
    return rows[0] ? toMerchant(rows[0]) : null;
  }

  /** Merchants by id, one read (a consumer's card list); a missing id is absent from the map. */
  merchantsByIds(ids: string[]): Promise<Map<string, Merchant>> {
    return rowsByIds(this.dataSource, 'merchants', ids, toMerchant);
  }

  /** What other contexts show or check of merchants (name, status, channels), one read. */
  profiles(ids: string[]): Promise<Map<string, MerchantProfile>> {
    return this.merchantsByIds(ids);
  }

  /** The review queue (or every merchant), oldest first, at most `limit`. */
  async merchantsByStatus(status: MerchantStatus | undefined, limit: number): Promise<Merchant[]> {
    const rows: unknown[] = status
      ? await this.dataSource.query('SELECT * FROM merchants WHERE status = ? ORDER BY created_at ASC LIMIT ?', [status, limit])
      : await this.dataSource.query('SELECT * FROM merchants ORDER BY created_at ASC LIMIT ?', [limit]);
    return rows.map(toMerchant);
  }

  /** DRAFT or REJECTED → PENDING_REVIEW with the submission; false when the merchant was in another state. */
  async submitKyc(em: EntityManager, merchantId: string, kyc: KycSubmission, at: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE merchants SET kyc = ?, status = 'PENDING_REVIEW', reject_reason = NULL, updated_at = ? WHERE id = ? AND status IN ('DRAFT', 'REJECTED')",
      [JSON.stringify(kyc), sqlTime(at), merchantId],
    );
    return changed === 1;
  }

  /** PENDING_REVIEW → APPROVED or REJECTED; false when the merchant was not pending review. */
  async review(em: EntityManager, merchantId: string, outcome: ReviewOutcome): Promise<boolean> {
    const at = sqlTime(outcome.at);
    const changed =
      outcome.decision === 'APPROVE'
        ? await execute(
            em,
            "UPDATE merchants SET status = 'APPROVED', fee_rate_bps = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ? AND status = 'PENDING_REVIEW'",
            [outcome.feeRateBps, outcome.operatorId, at, at, merchantId],
          )
        : await execute(
            em,
            "UPDATE merchants SET status = 'REJECTED', reject_reason = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ? AND status = 'PENDING_REVIEW'",
            [outcome.reason, outcome.operatorId, at, at, merchantId],
          );
    return changed === 1;
  }

  async insertStore(em: EntityManager, s: Store): Promise<void> {
    await em.query('INSERT INTO stores (id, merchant_id, name, address, created_at) VALUES (?, ?, ?, ?, ?)', [s.id, s.merchantId, s.name, s.address, sqlTime(s.createdAt)]);
  }

  /** In order of creation. */
  async storesOf(merchantId: string): Promise<Store[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT * FROM stores WHERE merchant_id = ? ORDER BY created_at ASC', [merchantId]);
    return rows.map(storeOf);
  }

  /** How many of these (distinct) store ids are this merchant's. */
  async countOwnStores(em: EntityManager | undefined, merchantId: string, storeIds: string[]): Promise<number> {
    if (storeIds.length === 0) return 0;
    const rows: Array<Record<string, unknown>> = await (em ?? this.dataSource.manager).query(
      `SELECT COUNT(*) AS n FROM stores WHERE merchant_id = ? AND id IN (${placeholders(storeIds.length)})`,
      [merchantId, ...storeIds],
    );
    return readInt(rows[0]?.n);
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

  /**
   * Each store with its merchant's status and standing closing day (null when none), in one read: a redemption
   * checks them before it takes money.
   */
  async storesWithStatus(storeIds: string[]): Promise<Map<string, StoreStanding>> {
    const ids = [...new Set(storeIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.id, s.merchant_id, s.name, s.address, s.created_at, m.status, c.closing_date FROM stores s JOIN merchants m ON m.id = s.merchant_id
         LEFT JOIN merchant_closings c ON c.merchant_id = m.id AND c.withdrawn_at IS NULL
        WHERE s.id IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [String(row.id), { store: storeOf(row), merchantStatus: String(row.status) as MerchantStatus, closingDate: readTextOrNull(row.closing_date) }]));
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parsedOrNull<T>(value: unknown): T | null {
  const text = readTextOrNull(value);
  return text === null ? null : (JSON.parse(text) as T);
}

function toMerchant(raw: unknown): Merchant {
  const r = raw as Record<string, unknown>;
  return {
    id: String(r.id),
    displayName: String(r.display_name),
    status: String(r.status) as MerchantStatus,
    kyc: parsedOrNull<KycSubmission>(r.kyc),
    rejectReason: readTextOrNull(r.reject_reason),
    feeRateBps: readIntOrNull(r.fee_rate_bps),
    paymentChannels: parsedOrNull<string[]>(r.payment_channels),
    reviewedBy: readTextOrNull(r.reviewed_by),
    reviewedAt: readTimeOrNull(r.reviewed_at),
    createdAt: readTime(r.created_at),
    updatedAt: readTime(r.updated_at),
  };
}

function storeOf(row: Record<string, unknown>): Store {
  return { id: String(row.id), merchantId: String(row.merchant_id), name: String(row.name), address: String(row.address), createdAt: readTime(row.created_at) };
}
