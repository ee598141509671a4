import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, int, money, text, time, uuid } from './columns';

/**
 * 会员等级 (issue 16 item 4, docs/marketing.md "Member levels"): a merchant's ladder of levels by cumulative top-up
 * (name, threshold, points multiplier), and each member's cumulative top-up at the merchant — paid principal less what
 * was refunded — kept in the same transactions that credit a top-up and take a refund. A member's level is the
 * highest whose threshold the total reaches, read where it is used, so an edit of the ladder applies at once.
 * Existing members start from their paid top-ups.
 */
export class MemberLevels1767055200000 implements MigrationInterface {
  name = 'MemberLevels1767055200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_levels',
        columns: [id(), uuid('merchant_id'), text('name', 16), money('threshold_fen'), int('points_multiplier_pct'), time('created_at')],
        indices: [{ name: 'ux_member_levels_threshold', columnNames: ['merchant_id', 'threshold_fen'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'memberships',
        columns: [
          { ...uuid('merchant_id'), isPrimary: true },
          { ...uuid('consumer_id'), isPrimary: true },
          money('topped_up_fen'),
          time('updated_at'),
        ],
      }),
    );
    await q.query(
      `INSERT INTO memberships (merchant_id, consumer_id, topped_up_fen, updated_at)
       SELECT merchant_id, consumer_id, SUM(amount_fen - refunded_fen), MAX(updated_at) FROM topup_orders
        WHERE status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') GROUP BY merchant_id, consumer_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('memberships');
    await q.dropTable('member_levels');
  }
}
