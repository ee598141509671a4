import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { bigint, bool, counter, defaultInt, id, int, longText, money, serial, text, time, uuid } from './columns';

export class Foundation1764057600000 implements MigrationInterface {
  name = 'Foundation1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'merchants',
        columns: [
          id(),
          text('display_name', 64),
          text('status', 20),
          longText('kyc', true),
          text('reject_reason', 200, true),
          int('fee_rate_bps', true),
          uuid('reviewed_by', true),
          time('reviewed_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ix_merchants_status', columnNames: ['status', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'stores',
        columns: [id(), uuid('merchant_id'), text('name', 64), text('address', 200), time('created_at')],
        indices: [{ name: 'ix_stores_merchant', columnNames: ['merchant_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_users',
        columns: [
          id(),
          uuid('merchant_id'),
          text('username', 64),
          text('password_hash', 200),
          text('display_name', 64),
          text('role', 16),
          longText('store_ids'),
          bool('active', true),
          time('created_at'),
        ],
        indices: [
          { name: 'ux_staff_username', columnNames: ['username'], isUnique: true },
          { name: 'ix_staff_merchant', columnNames: ['merchant_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'operators',
        columns: [id(), text('username', 64), text('password_hash', 200), text('display_name', 64), time('created_at')],
        indices: [{ name: 'ux_operators_username', columnNames: ['username'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'consumers',
        columns: [id(), text('wechat_openid', 64, true), text('phone', 20, true), text('nickname', 64, true), time('created_at')],
        indices: [
          { name: 'ux_consumers_openid', columnNames: ['wechat_openid'], isUnique: true },
          { name: 'ux_consumers_phone', columnNames: ['phone'], isUnique: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          id(),
          uuid('family_id'),
          uuid('subject_id'),
          text('audience', 16),
          text('token_hash', 64),
          time('expires_at'),
          time('used_at', true),
          time('revoked_at', true),
          time('created_at'),
        ],
        indices: [
          { name: 'ux_refresh_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'ix_refresh_family', columnNames: ['family_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'card_products',
        columns: [
          id(),
          uuid('merchant_id'),
          text('name', 64),
          text('cover_style', 32),
          text('kind', 16),
          longText('tiers'),
          bool('allow_custom_amount', true),
          money('min_top_up_fen'),
          money('max_balance_fen'),
          int('validity_months', true),
          longText('store_ids'),
          text('deduction_rule', 20),
          int('points_per_yuan'),
          longText('description'),
          text('status', 16),
          text('claim_token', 64),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'ux_products_claim', columnNames: ['claim_token'], isUnique: true },
          { name: 'ix_products_merchant', columnNames: ['merchant_id', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cards',
        columns: [
          id(),
          text('card_no', 16),
          uuid('consumer_id'),
          uuid('merchant_id'),
          uuid('product_id'),
          text('status', 16),
          bigint('principal_account_id'),
          bigint('bonus_account_id'),
          bigint('points_account_id'),
          time('expires_at', true),
          time('created_at'),
        ],
        indices: [
          { name: 'ux_cards_no', columnNames: ['card_no'], isUnique: true },
          { name: 'ux_cards_consumer_product', columnNames: ['consumer_id', 'product_id'], isUnique: true },
          { name: 'ix_cards_merchant', columnNames: ['merchant_id', 'created_at'] },
        ],
      }),
    );

    // ---- the ledger (TigerBeetle's model; see docs/ledger.md) ----
    await q.createTable(
      new Table({
        name: 'ledger_accounts',
        columns: [
          serial(q, 'id'),
          { name: 'ledger', type: 'smallint' },
          { name: 'code', type: 'smallint' },
          text('owner_ref', 64),
          defaultInt('flags'),
          money('debits_posted'),
          money('credits_posted'),
          money('debits_pending'),
          money('credits_pending'),
          counter('version'),
          time('created_at'),
        ],
        indices: [{ name: 'ux_accounts_owner', columnNames: ['ledger', 'code', 'owner_ref'], isUnique: true }],
        checks: [
          {
            name: 'ck_accounts_nonneg',
            expression: 'debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0',
          },
          // flag 1 = debits must not exceed credits (consumer cards); belt and braces behind the conditional UPDATE
          { name: 'ck_accounts_dnec', expression: '(flags & 1) = 0 OR debits_posted + debits_pending <= credits_posted' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_operations',
        columns: [
          id('id', 64),
          text('request_hash', 64),
          text('kind', 32),
          text('status', 16),
          text('reject_code', 40, true),
          time('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_transfers',
        columns: [
          serial(q, 'seq'),
          text('id', 72),
          text('operation_id', 64),
          bigint('debit_account_id'),
          bigint('credit_account_id'),
          bigint('amount'),
          { name: 'ledger', type: 'smallint' },
          { name: 'code', type: 'smallint' },
          uuid('merchant_id', true),
          bigint('debit_rollup_id', true),
          bigint('credit_rollup_id', true),
          bigint('settlement_id', true),
          time('created_at'),
        ],
        indices: [
          { name: 'ux_transfers_id', columnNames: ['id'], isUnique: true },
          { name: 'ix_transfers_operation', columnNames: ['operation_id'] },
          { name: 'ix_transfers_debit', columnNames: ['debit_account_id', 'seq'] },
          { name: 'ix_transfers_credit', columnNames: ['credit_account_id', 'seq'] },
          { name: 'ix_transfers_debit_rollup', columnNames: ['debit_rollup_id', 'seq'] },
          { name: 'ix_transfers_credit_rollup', columnNames: ['credit_rollup_id', 'seq'] },
          { name: 'ix_transfers_merchant', columnNames: ['merchant_id', 'settlement_id', 'seq'] },
        ],
        checks: [
          { name: 'ck_transfers_amount', expression: 'amount > 0' },
          { name: 'ck_transfers_distinct', expression: 'debit_account_id <> credit_account_id' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_rollups',
        columns: [
          serial(q, 'id'),
          bigint('account_id'),
          text('side', 1),
          bigint('amount'),
          int('transfer_count'),
          time('created_at'),
        ],
        indices: [{ name: 'ix_rollups_account', columnNames: ['account_id', 'side'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          serial(q, 'id'),
          text('actor_type', 16),
          uuid('actor_id', true),
          text('action', 64),
          text('target_type', 32),
          text('target_id', 64),
          longText('detail', true),
          time('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_audit_target', columnNames: ['target_type', 'target_id', 'id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'ledger_rollups',
      'ledger_transfers',
      'ledger_operations',
      'ledger_accounts',
      'cards',
      'card_products',
      'refresh_tokens',
      'consumers',
      'operators',
      'staff_users',
      'stores',
      'merchants',
    ]) {
      await q.dropTable(table);
    }
  }
}
