import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readInt, readTime, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';

/** One step of a merchant's ladder (会员等级). */
export interface MemberLevel {
  id: string;
  merchantId: string;
  name: string;
  /** Cumulative top-up (paid principal less refunds) at the merchant that reaches this level. */
  thresholdFen: Fen;
  /** Points earned at the till, in percent of the product's rate: 150 = ×1.5. */
  pointsMultiplierPct: number;
  /** Percent of the price its members pay at the till (95 = 9.5折; 100 = none). */
  discountRate: number;
  createdAt: Date;
}

/** A member's cumulative top-up at one merchant, by top-up order. */
export interface TopUpCounted {
  merchantId: string;
  consumerId: string;
  amountFen: Fen;
}

/** Member levels: the marketing context's SQL for the ladder and each member's cumulative top-up. */
@Injectable()
export class MemberLevelsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The merchant's ladder, lowest first. */
  async ladderOf(merchantId: string, em: EntityManager = this.dataSource.manager): Promise<MemberLevel[]> {
    const rows: Array<Record<string, unknown>> = await em.query(
      'SELECT id, merchant_id, name, threshold_fen, points_multiplier_pct, discount_rate, created_at FROM member_levels WHERE merchant_id = ? ORDER BY threshold_fen',
      [merchantId],
    );
    return rows.map(toLevel);
  }

  /** Replaces the merchant's whole ladder (an edit is one save of every step). */
  async replaceLadder(em: EntityManager, merchantId: string, levels: MemberLevel[]): Promise<void> {
    await execute(em, 'DELETE FROM member_levels WHERE merchant_id = ?', [merchantId]);
    if (levels.length === 0) return;
    await execute(
      em,
      `INSERT INTO member_levels (id, merchant_id, name, threshold_fen, points_multiplier_pct, discount_rate, created_at) VALUES ${levels.map(() => `(${placeholders(7)})`).join(', ')}`,
      levels.flatMap((l) => [l.id, l.merchantId, l.name, l.thresholdFen, l.pointsMultiplierPct, l.discountRate, sqlTime(l.createdAt)]),
    );
  }

  /** The member's cumulative top-up at the merchant (0 before the first). */
  async toppedUp(merchantId: string, consumerId: string): Promise<Fen> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT topped_up_fen FROM memberships WHERE merchant_id = ? AND consumer_id = ?', [merchantId, consumerId]);
    return rows[0] ? readInt(rows[0].topped_up_fen) : 0;
  }

  /**
   * Adds paid top-ups to their members' totals: ONE statement for any number (several of one member add up), sent
   * with the writes that credit them, so a member's level moves in the same transaction as the money.
   */
  toppedUpStatement(counted: TopUpCounted[], now: Date): Statement {
    const values = counted.map(() => `(${placeholders(4)})`).join(', ');
    const add =
      this.dataSource.options.type === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE topped_up_fen = topped_up_fen + VALUES(topped_up_fen), updated_at = VALUES(updated_at)'
        : 'ON CONFLICT (merchant_id, consumer_id) DO UPDATE SET topped_up_fen = topped_up_fen + excluded.topped_up_fen, updated_at = excluded.updated_at';
    return {
      sql: `INSERT INTO memberships (merchant_id, consumer_id, topped_up_fen, updated_at) VALUES ${values} ${add}`,
      parameters: counted.flatMap((c) => [c.merchantId, c.consumerId, c.amountFen, sqlTime(now)]),
    };
  }

  /** Takes a refunded amount off the member's total, in the refund's transaction. */
  async refunded(em: EntityManager, refund: TopUpCounted, now: Date): Promise<void> {
    await execute(em, 'UPDATE memberships SET topped_up_fen = topped_up_fen - ?, updated_at = ? WHERE merchant_id = ? AND consumer_id = ?', [
      refund.amountFen,
      sqlTime(now),
      refund.merchantId,
      refund.consumerId,
    ]);
  }
}

function toLevel(r: Record<string, unknown>): MemberLevel {
  return {
    id: String(r.id),
    merchantId: String(r.merchant_id),
    name: String(r.name),
    thresholdFen: readInt(r.threshold_fen),
    pointsMultiplierPct: readInt(r.points_multiplier_pct),
    discountRate: readInt(r.discount_rate),
    createdAt: readTime(r.created_at),
  };
}
