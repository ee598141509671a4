import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader, rowWriter } from '../database/row-mapping';
import { placeholders, readInt, readTime, readTimeOrNull, rowsInsert, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';
import { execute } from '../database/transaction-runner';

/**
 * Coupons at the till (coupon_redemptions, and the coupons' used state): the guarded UPDATE that uses them in a sale's
 * batch, each sale's list price / discount / paid row, and the once-only give-back of a fully reversed sale.
 */
@Injectable()
export class CouponUsesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The guarded UPDATE using coupons for their sales: only a coupon still available and in date changes. Expects every one to. */
  useStatement(uses: Array<{ couponId: string; redemptionId: string }>, now: Date): Statement {
    return {
      sql: `UPDATE coupons SET status = 'USED', used_at = ?, redemption_id = CASE id ${uses.map(() => 'WHEN ? THEN ?').join(' ')} END
        WHERE id IN (${placeholders(uses.length)}) AND status = 'AVAILABLE' AND valid_from <= ? AND valid_until > ?`,
      parameters: [sqlTime(now), ...uses.flatMap((u) => [u.couponId, u.redemptionId]), ...uses.map((u) => u.couponId), sqlTime(now), sqlTime(now)],
      expectedRows: uses.length,
    };
  }

  /** The sales' coupon rows: list price, discount, paid (in the sale's transaction). */
  redemptionsInsert(rows: CouponRedemption[]): Statement {
    return rowsInsert('coupon_redemptions', rows.map(writeCouponRedemption));
  }

  /** The coupon row of a sale, if it used one. */
  async redemptionOf(redemptionId: string, em: EntityManager = this.dataSource.manager): Promise<CouponRedemption | null> {
    const rows: unknown[] = await em.query('SELECT * FROM coupon_redemptions WHERE redemption_id = ?', [redemptionId]);
    return rows[0] ? toCouponRedemption(rows[0]) : null;
  }

  /**
   * Gives a sale's coupon back to its holder while it is still in date: the coupon only when this sale used it, the
   * sale's row marked restored once. False when nothing was given back (expired, or restored already).
   */
  async restore(em: EntityManager, use: CouponRedemption, now: Date): Promise<boolean> {
    // `redemption_id = ?` makes it once only: a coupon given back holds no sale
    const back = await execute(
      em,
      "UPDATE coupons SET status = 'AVAILABLE', used_at = NULL, redemption_id = NULL WHERE id = ? AND redemption_id = ? AND status = 'USED' AND valid_until > ?",
      [use.couponId, use.redemptionId, sqlTime(now)],
    );
    if (back !== 1) return false;
    await execute(em, 'UPDATE coupon_redemptions SET restored_at = ? WHERE redemption_id = ? AND restored_at IS NULL', [sqlTime(now), use.redemptionId]);
    return true;
  }
}

/** A sale that used a coupon. */
export interface CouponRedemption {
  redemptionId: string;
  couponId: string;
  merchantId: string;
  listPriceFen: number;
  discountFen: number;
  paidFen: number;
  createdAt: Date;
  restoredAt: Date | null;
}

const writeCouponRedemption = rowWriter<CouponRedemption>(['redemptionId', 'couponId', 'merchantId', 'listPriceFen', 'discountFen', 'paidFen', 'createdAt', 'restoredAt']);

const toCouponRedemption = rowReader<CouponRedemption>({
  redemptionId: readText,
  couponId: readText,
  merchantId: readText,
  listPriceFen: readInt,
  discountFen: readInt,
  paidFen: readInt,
  createdAt: readTime,
  restoredAt: readTimeOrNull,
});
