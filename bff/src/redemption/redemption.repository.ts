import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { placeholders } from '../database/sql-values';

/** What a statement line shows of a sale: its order number, and the store and card to name. */
export interface SaleLabel {
  merchantOrderNo: string;
  storeId: string;
  cardId: string;
}

/** Redemptions, reversals and POS apps: the redemption context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class RedemptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ── read by settlement (statement lines) ──

  /** Order number, store and card of each redemption, by redemption id. */
  async saleLabels(redemptionIds: string[]): Promise<Map<string, SaleLabel>> {
    if (redemptionIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, merchant_order_no, store_id, card_id FROM redemptions WHERE id IN (${placeholders(redemptionIds.length)})`,
      redemptionIds,
    );
    return new Map(rows.map((r) => [String(r.id), saleLabelOf(r)]));
  }

  /** The same of the sale each reversal takes back, by reversal id. */
  async reversalLabels(reversalIds: string[]): Promise<Map<string, SaleLabel>> {
    if (reversalIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT v.id, r.merchant_order_no, r.store_id, r.card_id FROM redemption_reversals v JOIN redemptions r ON r.id = v.redemption_id
        WHERE v.id IN (${placeholders(reversalIds.length)})`,
      reversalIds,
    );
    return new Map(rows.map((r) => [String(r.id), saleLabelOf(r)]));
  }
}

function saleLabelOf(r: Record<string, unknown>): SaleLabel {
  return { merchantOrderNo: String(r.merchant_order_no), storeId: String(r.store_id), cardId: String(r.card_id) };
}
