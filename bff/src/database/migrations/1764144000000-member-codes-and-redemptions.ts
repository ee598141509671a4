import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bool, id, money, text, time, uuid } from './columns';

export class MemberCodesAndRedemptions1764144000000 implements MigrationInterface {
  name = 'MemberCodesAndRedemptions1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_codes',
        columns: [
          id('id', 9),
          uuid('card_id'),
          uuid('consumer_id'),
          text('key_id', 1),
          time('expires_at'),
          time('used_at', true),
          uuid('redemption_id', true),
          time('created_at'),
        ],
        indices: [{ name: 'ix_member_codes_card', columnNames: ['card_id', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'redemptions',
        columns: [
          id(),
          uuid('merchant_id'),
          uuid('store_id'),
          uuid('card_id'),
          text('member_code_id', 9),
          text('merchant_order_no', 64),
          text('request_hash', 64),
          money('amount_fen'),
          money('principal_fen'),
          money('bonus_fen'),
          money('points'),
          money('refunded_fen'),
          money('principal_after_fen'),
          money('bonus_after_fen'),
          money('points_after'),
          text('operator_type', 8),
          text('operator_id', 64),
          time('created_at'),
        ],
        indices: [
          { name: 'ux_redemptions_order', columnNames: ['merchant_id', 'merchant_order_no'], isUnique: true },
          { name: 'ix_redemptions_store_day', columnNames: ['merchant_id', 'store_id', 'created_at'] },
          { name: 'ix_redemptions_card', columnNames: ['card_id', 'created_at'] },
        ],
        checks: [
          { name: 'ck_redemptions_amount', expression: 'amount_fen > 0 AND principal_fen + bonus_fen = amount_fen' },
          { name: 'ck_redemptions_refunded', expression: 'refunded_fen >= 0 AND refunded_fen <= amount_fen' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'redemption_reversals',
        columns: [
          id(),
          uuid('redemption_id'),
          uuid('merchant_id'),
          text('reversal_no', 64),
          text('request_hash', 64),
          money('amount_fen'),
          money('principal_fen'),
          money('bonus_fen'),
          money('points'),
          text('reason', 200, true),
          text('operator_id', 64),
          time('created_at'),
        ],
        indices: [
          { name: 'ux_reversals_no', columnNames: ['merchant_id', 'reversal_no'], isUnique: true },
          { name: 'ix_reversals_redemption', columnNames: ['redemption_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pos_apps',
        columns: [
          id('app_key', 32),
          text('secret', 64),
          uuid('merchant_id'),
          uuid('store_id'),
          text('name', 64),
          bool('active', true),
          time('created_at'),
        ],
        indices: [{ name: 'ix_pos_apps_merchant', columnNames: ['merchant_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['pos_apps', 'redemption_reversals', 'redemptions', 'member_codes']) await q.dropTable(table);
  }
}
