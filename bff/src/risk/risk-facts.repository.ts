import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readInt, readTime, readTimeOrNull, sqlTime } from '../database/sql-values';
import type { TopUpFact } from './risk-counters';

/**
 * What the rules count, read from the contexts that own it (read models, never written here): payments' top-up
 * orders by consumer, device or payer; redemption's sales of a card; marketing's coupon claims by device. The database
 * is the truth for every rule that stops money (docs/risk.md, "Counters").
 */
@Injectable()
export class RiskFactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Read model of payments' top-up orders: the consumer's top-ups created or paid since `since`, except those that
   * failed or closed unpaid (they moved no money and hold none). The index on (consumer_id, idempotency_key) narrows
   * it to the consumer.
   */
  async topUpFacts(consumerId: string, since: Date): Promise<TopUpFact[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT card_id, amount_fen, created_at, paid_at FROM topup_orders
        WHERE consumer_id = ? AND (created_at > ? OR paid_at > ?) AND status NOT IN ('FAILED', 'CLOSED')`,
      [consumerId, sqlTime(since), sqlTime(since)],
    );
    return rows.map((r) => ({ cardId: String(r.card_id), amountFen: readInt(r.amount_fen), createdAt: readTime(r.created_at), paidAt: readTimeOrNull(r.paid_at) }));
  }

  /**
   * The same read model by device (the app's X-Device-Id) or payer account: every consumer's top-ups from it since
   * `since` (ix_topup_orders_device / ix_topup_orders_payer). Asked only on top-ups that carry one.
   */
  async topUpFactsBy(subject: 'device' | 'payer', id: string, since: Date): Promise<TopUpFact[]> {
    const column = subject === 'device' ? 'device_id' : 'payer_ref';
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT card_id, amount_fen, created_at, paid_at FROM topup_orders WHERE ${column} = ? AND created_at > ? AND status NOT IN ('FAILED', 'CLOSED')`,
      [id, sqlTime(since)],
    );
    return rows.map((r) => ({ cardId: String(r.card_id), amountFen: readInt(r.amount_fen), createdAt: readTime(r.created_at), paidAt: readTimeOrNull(r.paid_at) }));
  }

  /** One card's sales since `since`, their amounts and times (ix_redemptions_card): the mirror rule's truth while Redis is down. */
  async salesOf(cardId: string, since: Date): Promise<Array<{ amountFen: number; at: Date }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT amount_fen, created_at FROM redemptions WHERE card_id = ? AND created_at > ?', [cardId, sqlTime(since)]);
    return rows.map((r) => ({ amountFen: readInt(r.amount_fen), at: readTime(r.created_at) }));
  }

  /**
   * Read model of redemption's sales: one card's sales since `since` (ix_redemptions_card). Asked only by a rule
   * that stops money, or by any rule while Redis is down.
   */
  async redemptionCount(cardId: string, since: Date): Promise<number> {
    const rows: Array<{ n: unknown }> = await this.dataSource.query('SELECT COUNT(*) AS n FROM redemptions WHERE card_id = ? AND created_at > ?', [cardId, sqlTime(since)]);
    return readInt(rows[0]?.n ?? 0);
  }

  /**
   * Read model of marketing's coupons: how many consumers other than `consumerId` claimed a coupon from this device
   * since `since` (ix_coupons_device).
   */
  async claimantsOfDevice(deviceId: string, consumerId: string, since: Date): Promise<number> {
    const rows: Array<{ n: unknown }> = await this.dataSource.query(
      "SELECT COUNT(DISTINCT consumer_id) AS n FROM coupons WHERE device_id = ? AND issued_at > ? AND consumer_id <> ? AND source = 'CLAIMED'",
      [deviceId, sqlTime(since), consumerId],
    );
    return readInt(rows[0]?.n ?? 0);
  }
}
