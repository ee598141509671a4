import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { defaultInt, id, int, money, text, time, uuid } from './columns';

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
          id(),
          uuid('merchant_id'),
          text('name', 64),
          text('description', 200),
          text('kind', 16),
          money('amount_off_fen', true),
          int('percent_off', true),
          money('cap_fen', true),
          money('threshold_fen'),
          time('valid_from', true),
          time('valid_until', true),
          int('valid_days', true),
          // comma-separated store ids; empty = every store of the merchant
          text('store_ids', 1000),
          defaultInt('per_consumer_limit'),
          defaultInt('total_quantity'),
          defaultInt('issued_count'),
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
          id(),
          uuid('template_id'),
          uuid('merchant_id'),
          uuid('consumer_id'),
          defaultInt('ordinal'),
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
          money('list_price_fen'),
          money('discount_fen'),
          money('paid_fen'),
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
