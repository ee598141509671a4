import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { defaultInt, id, int, money, text, time, uuid } from './columns';

/**
 * 积分商城 (issue 16 item 3, docs/marketing.md "Points mall"): a merchant's items — one coupon of one of its templates
 * for a number of points, with a stock whose truth is a guarded UPDATE of `exchanged_count` — and each exchange: the
 * card whose points paid (one POINTS posting `points-exchange:<id>`), the coupon it got, under the consumer's
 * idempotency key (unique), so a retry answers the first exchange.
 */
export class PointsMall1766882400000 implements MigrationInterface {
  name = 'PointsMall1766882400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'points_items',
        columns: [
          id(),
          uuid('merchant_id'),
          uuid('coupon_template_id'),
          money('points_price'),
          int('stock'),
          defaultInt('exchanged_count'),
          text('status', 16),
          uuid('created_by'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ix_points_items_merchant', columnNames: ['merchant_id', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'points_exchanges',
        columns: [id(), uuid('item_id'), uuid('merchant_id'), uuid('consumer_id'), uuid('card_id'), money('points'), uuid('coupon_id'), text('idempotency_key', 64), time('created_at')],
        indices: [
          { name: 'ux_points_exchanges_key', columnNames: ['consumer_id', 'idempotency_key'], isUnique: true },
          { name: 'ix_points_exchanges_item', columnNames: ['item_id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('points_exchanges');
    await q.dropTable('points_items');
  }
}
