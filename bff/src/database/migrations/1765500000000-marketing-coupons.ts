import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const uuid = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 6, isNullable: nullable });
const fen = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', ...(nullable ? { isNullable: true } : { default: 0 }) });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', ...(nullable ? { isNullable: true } : { default: 0 }) });

/**
 * Marketing, first slice: coupons (docs/marketing.md).
 *
 * - `coupon_templates`: what a merchant offers. Its terms never change once coupons exist; `issued_count` is the
 *   quantity counter, raised only by a guarded UPDATE (`issued_count < total_quantity`), which is the truth.
 * - `coupons`: one held by one consumer. `ordinal` counts a consumer's coupons of one template (unique with the
 *   template and consumer: the per-consumer limit's backstop); `grant_key` is the grant's idempotency key (a back
 *   office request number, or the consumer for a claim link). Single use is a guarded UPDATE of `status`.
 * - `coupon_redemptions`: a sale that used a coupon — list price, discount, what the card paid — written in the
 *   sale's transaction; `restored_at` once a reversal gave the coupon back.
 */
export class MarketingCoupons1765500000000 implements MigrationInterface {
  name = 'MarketingCoupons1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'coupon_templates',
        columns: [
          { ...uuid('id'), isPrimary: true },
          uuid('merchant_id'),
          text('name', 64),
          text('description', 200),
          text('kind', 16),
          fen('amount_off_fen', true),
          int('percent_off', true),
          fen('cap_fen', true),
          fen('threshold_fen'),
          time('valid_from', true),
          time('valid_until', true),
          int('valid_days', true),
          // comma-separated store ids; empty = every store of the merchant
          text('store_ids', 1000),
          int('per_consumer_limit'),
          int('total_quantity'),
          int('issued_count'),
          text('status', 16),
          uuid('created_by'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ix_coupon_templates_merchant', columnNames: ['merchant_id', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupons',
        columns: [
          { ...uuid('id'), isPrimary: true },
          uuid('template_id'),
          uuid('merchant_id'),
          uuid('consumer_id'),
          int('ordinal'),
          text('grant_key', 80),
          text('source', 16),
          time('valid_from'),
          time('valid_until'),
          text('status', 16),
          uuid('redemption_id', true),
          time('used_at', true),
          uuid('issued_by', true),
          time('issued_at'),
        ],
        indices: [
          { name: 'ux_coupons_grant', columnNames: ['template_id', 'grant_key'], isUnique: true },
          { name: 'ux_coupons_ordinal', columnNames: ['template_id', 'consumer_id', 'ordinal'], isUnique: true },
          // the wallet and the till: a consumer's coupons of one merchant
          { name: 'ix_coupons_holder', columnNames: ['consumer_id', 'merchant_id', 'status'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupon_redemptions',
        columns: [
          { ...uuid('redemption_id'), isPrimary: true },
          uuid('coupon_id'),
          uuid('merchant_id'),
          fen('list_price_fen'),
          fen('discount_fen'),
          fen('paid_fen'),
          time('created_at'),
          time('restored_at', true),
        ],
        indices: [{ name: 'ix_coupon_redemptions_coupon', columnNames: ['coupon_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['coupon_redemptions', 'coupons', 'coupon_templates']) await q.dropTable(table);
  }
}
