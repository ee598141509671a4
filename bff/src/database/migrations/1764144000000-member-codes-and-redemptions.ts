import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const uuid = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const money = (name: string): TableColumnOptions => ({ name, type: 'bigint', default: 0 });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 6, isNullable: nullable });

export class MemberCodesAndRedemptions1764144000000 implements MigrationInterface {
  name = 'MemberCodesAndRedemptions1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_codes',
        columns: [
          { name: 'id', type: 'varchar', length: '9', isPrimary: true },
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
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
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
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
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
          { name: 'app_key', type: 'varchar', length: '32', isPrimary: true },
          text('secret', 64),
          uuid('merchant_id'),
          uuid('store_id'),
          text('name', 64),
          { name: 'active', type: 'boolean', default: true },
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
