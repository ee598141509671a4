import { Injectable } from '@nestjs/common';
import type { CouponKind, CouponSource, CouponTemplateStatus, CouponTerms } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readTextOrNull, readTime, readTimeOrNull, readInt, readIntOrNull, rowsInsert, sqlTime } from '../database/sql-values';
import { columnOf, readText, rowReader, rowWriter } from '../database/row-mapping';

/** A coupon template as stored: terms, validity, where it applies, and its quantity counter. */
export interface CouponTemplate extends CouponTerms {
  id: string;
  merchantId: string;
  name: string;
  description: string;
  validFrom: Date | null;
  validUntil: Date | null;
  validDays: number | null;
  storeIds: string[];
  perConsumerLimit: number;
  totalQuantity: number;
  issuedCount: number;
  status: CouponTemplateStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One coupon held by one consumer. `status` is what is stored: AVAILABLE or USED (EXPIRED is read off the dates). */
export interface Coupon {
  id: string;
  templateId: string;
  merchantId: string;
  consumerId: string;
  ordinal: number;
  grantKey: string;
  source: CouponSource;
  validFrom: Date;
  validUntil: Date;
  status: 'AVAILABLE' | 'USED';
  redemptionId: string | null;
  usedAt: Date | null;
  issuedBy: string | null;
  issuedAt: Date;
  /** The app's X-Device-Id a claim came with (risk control counts claimants per device); null otherwise. */
  deviceId: string | null;
}

/** The marketing context's SQL for coupons. Guards in the WHERE clause; row mappers at the bottom. */
@Injectable()
export class CouponsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertTemplate(em: EntityManager, template: CouponTemplate): Promise<void> {
    const { sql, parameters } = rowsInsert('coupon_templates', [{ ...writeTemplate(template), store_ids: template.storeIds.join(',') }]);
    await em.query(sql, parameters);
  }

  async templatesOf(merchantId: string): Promise<CouponTemplate[]> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM coupon_templates WHERE merchant_id = ? ORDER BY created_at DESC, id', [merchantId]);
    return rows.map(toTemplate);
  }

  /** A template by id; another merchant's reads as missing when `merchantId` is given. */
  async template(id: string, merchantId?: string, em: EntityManager = this.dataSource.manager): Promise<CouponTemplate | null> {
    const rows: unknown[] = merchantId
      ? await em.query('SELECT * FROM coupon_templates WHERE id = ? AND merchant_id = ?', [id, merchantId])
      : await em.query('SELECT * FROM coupon_templates WHERE id = ?', [id]);
    return rows[0] ? toTemplate(rows[0]) : null;
  }

  /** Stops a template that is still issuing; false when it was stopped already. */
  async stopTemplate(em: EntityManager, merchantId: string, id: string, now: Date): Promise<boolean> {
    const changed = await execute(em, "UPDATE coupon_templates SET status = 'STOPPED', updated_at = ? WHERE id = ? AND merchant_id = ? AND status = 'ACTIVE'", [sqlTime(now), id, merchantId]);
    return changed === 1;
  }

  /**
   * Takes one coupon off the template's quantity — the truth of "issued exactly up to the quantity": the guard and
   * the increment are one statement, and the row lock it takes (MariaDB) queues every other grant of the template
   * until this transaction ends, so the per-consumer count read after it is current.
   */
  async takeOne(em: EntityManager, templateId: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE coupon_templates SET issued_count = issued_count + 1, updated_at = ? WHERE id = ? AND status = 'ACTIVE' AND issued_count < total_quantity",
      [sqlTime(now), templateId],
    );
    return changed === 1;
  }

  /** How many coupons of the template the consumer holds (used ones included). Read after takeOne. */
  async heldCount(em: EntityManager, templateId: string, consumerId: string): Promise<number> {
    const [row] = await em.query<Array<{ n: unknown }>>('SELECT COUNT(*) AS n FROM coupons WHERE template_id = ? AND consumer_id = ?', [templateId, consumerId]);
    return readInt(row?.n);
  }

  async couponByGrant(templateId: string, grantKey: string, em: EntityManager = this.dataSource.manager): Promise<Coupon | null> {
    const rows: unknown[] = await em.query('SELECT * FROM coupons WHERE template_id = ? AND grant_key = ?', [templateId, grantKey]);
    return rows[0] ? toCoupon(rows[0]) : null;
  }

  async insertCoupon(em: EntityManager, coupon: Coupon): Promise<void> {
    const { sql, parameters } = rowsInsert('coupons', [writeCoupon(coupon)]);
    await em.query(sql, parameters);
  }

  /** Ends the validity now of those of these coupons still unused (the top-up that earned them was refunded); how many. */
  async voidUnused(em: EntityManager, couponIds: string[], now: Date): Promise<number> {
    if (couponIds.length === 0) return 0;
    return execute(em, `UPDATE coupons SET valid_until = ? WHERE id IN (${placeholders(couponIds.length)}) AND status = 'AVAILABLE' AND valid_until > ?`, [
      sqlTime(now),
      ...couponIds,
      sqlTime(now),
    ]);
  }

  /** A consumer's coupons (of every merchant, or of one), newest first, each with its template. */
  async couponsOfConsumer(consumerId: string, merchantId?: string): Promise<Array<{ coupon: Coupon; template: CouponTemplate }>> {
    const where = merchantId ? 'c.consumer_id = ? AND c.merchant_id = ?' : 'c.consumer_id = ?';
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.*, ${TEMPLATE_ALIASED} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id WHERE ${where} ORDER BY c.issued_at DESC, c.id`,
      merchantId ? [consumerId, merchantId] : [consumerId],
    );
    return rows.map((row) => ({ coupon: toCoupon(row), template: toTemplate(unprefixed(row)) }));
  }

  /** One coupon with its template, when the consumer holds it. */
  async couponOfConsumer(consumerId: string, couponId: string): Promise<{ coupon: Coupon; template: CouponTemplate } | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.*, ${TEMPLATE_ALIASED} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id WHERE c.consumer_id = ? AND c.id = ?`,
      [consumerId, couponId],
    );
    return rows[0] ? { coupon: toCoupon(rows[0]), template: toTemplate(unprefixed(rows[0])) } : null;
  }

  /**
   * Coupons presented at the till, each with its template and the card it is presented with — only where that
   * card's holder holds the coupon (a read of `cards`, the till's read model), so someone else's coupon reads as missing.
   */
  async forCards(pairs: Array<{ couponId: string; cardId: string }>): Promise<Map<string, { coupon: Coupon; template: CouponTemplate; cardId: string }>> {
    if (pairs.length === 0) return new Map();
    const couponIds = [...new Set(pairs.map((p) => p.couponId))];
    const cardIds = [...new Set(pairs.map((p) => p.cardId))];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.*, ${TEMPLATE_ALIASED}, k.id AS k_card_id FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
        JOIN cards k ON k.consumer_id = c.consumer_id AND k.merchant_id = c.merchant_id
        WHERE c.id IN (${placeholders(couponIds.length)}) AND k.id IN (${placeholders(cardIds.length)})`,
      [...couponIds, ...cardIds],
    );
    return new Map(rows.map((row) => [`${readText(row.id)}|${readText(row.k_card_id)}`, { coupon: toCoupon(row), template: toTemplate(unprefixed(row)), cardId: readText(row.k_card_id) }]));
  }
}

const TEMPLATE_FIELDS = [
  'id',
  'merchantId',
  'name',
  'description',
  'kind',
  'amountOffFen',
  'percentOff',
  'capFen',
  'thresholdFen',
  'validFrom',
  'validUntil',
  'validDays',
  'perConsumerLimit',
  'totalQuantity',
  'issuedCount',
  'status',
  'createdBy',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof CouponTemplate>;

const TEMPLATE_COLUMNS = [...TEMPLATE_FIELDS.map(columnOf), 'store_ids'];
/** The template's columns in a join with coupons, as t_<column> (both tables have id and merchant_id). */
const TEMPLATE_ALIASED = TEMPLATE_COLUMNS.map((column) => `t.${column} AS t_${column}`).join(', ');

function unprefixed(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(TEMPLATE_COLUMNS.map((column) => [column, row[`t_${column}`]]));
}

const writeTemplate = rowWriter<CouponTemplate>(TEMPLATE_FIELDS);

const readTemplate = rowReader<Omit<CouponTemplate, 'storeIds'>>({
  id: readText,
  merchantId: readText,
  name: readText,
  description: readText,
  kind: (v) => readText(v) as CouponKind,
  amountOffFen: readIntOrNull,
  percentOff: readIntOrNull,
  capFen: readIntOrNull,
  thresholdFen: readInt,
  validFrom: readTimeOrNull,
  validUntil: readTimeOrNull,
  validDays: readIntOrNull,
  perConsumerLimit: readInt,
  totalQuantity: readInt,
  issuedCount: readInt,
  status: (v) => readText(v) as CouponTemplateStatus,
  createdBy: readText,
  createdAt: readTime,
  updatedAt: readTime,
});

function toTemplate(raw: unknown): CouponTemplate {
  const stores = readTextOrNull((raw as Record<string, unknown>).store_ids);
  return { ...readTemplate(raw), storeIds: stores ? stores.split(',') : [] };
}

const COUPON_FIELDS = [
  'id',
  'templateId',
  'merchantId',
  'consumerId',
  'ordinal',
  'grantKey',
  'source',
  'validFrom',
  'validUntil',
  'status',
  'redemptionId',
  'usedAt',
  'issuedBy',
  'issuedAt',
  'deviceId',
] as const satisfies ReadonlyArray<keyof Coupon>;

const writeCoupon = rowWriter<Coupon>(COUPON_FIELDS);

const toCoupon = rowReader<Coupon>({
  id: readText,
  templateId: readText,
  merchantId: readText,
  consumerId: readText,
  ordinal: readInt,
  grantKey: readText,
  source: (v) => readText(v) as CouponSource,
  validFrom: readTime,
  validUntil: readTime,
  status: (v) => readText(v) as Coupon['status'],
  redemptionId: readTextOrNull,
  usedAt: readTimeOrNull,
  issuedBy: readTextOrNull,
  issuedAt: readTime,
  deviceId: readTextOrNull,
});
