import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

// Portable column helpers: the same migration runs on MariaDB and on the embedded SQLite file.
const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
const ref = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const longText = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const money = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable, ...(nullable ? {} : { default: 0 }) });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });
const bool = (name: string, fallback: boolean): TableColumnOptions => ({ name, type: 'boolean', default: fallback });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 6, isNullable: nullable });
// SQLite only auto-increments an INTEGER PRIMARY KEY (which is 64-bit there); MariaDB gets BIGINT.
let serialType = 'bigint';
const serial = (name: string): TableColumnOptions => ({ name, type: serialType, isPrimary: true, isGenerated: true, generationStrategy: 'increment' });

export class Foundation1764057600000 implements MigrationInterface {
  name = 'Foundation1764057600000';

  async up(q: QueryRunner): Promise<void> {
    serialType = q.connection.options.type === 'better-sqlite3' ? 'integer' : 'bigint';
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
          ref('reviewed_by', true),
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
        columns: [id(), ref('merchant_id'), text('name', 64), text('address', 200), time('created_at')],
        indices: [{ name: 'ix_stores_merchant', columnNames: ['merchant_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_users',
        columns: [
          id(),
          ref('merchant_id'),
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
          ref('family_id'),
          ref('subject_id'),
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
          ref('merchant_id'),
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
          ref('consumer_id'),
          ref('merchant_id'),
          ref('product_id'),
          text('status', 16),
          { name: 'principal_account_id', type: 'bigint' },
          { name: 'bonus_account_id', type: 'bigint' },
          { name: 'points_account_id', type: 'bigint' },
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
          serial('id'),
          { name: 'ledger', type: 'smallint' },
          { name: 'code', type: 'smallint' },
          text('owner_ref', 64),
          { name: 'flags', type: 'int', default: 0 },
          money('debits_posted'),
          money('credits_posted'),
          money('debits_pending'),
          money('credits_pending'),
          money('version'),
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
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
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
          serial('seq'),
          text('id', 72),
          text('operation_id', 64),
          { name: 'debit_account_id', type: 'bigint' },
          { name: 'credit_account_id', type: 'bigint' },
          { name: 'amount', type: 'bigint' },
          { name: 'ledger', type: 'smallint' },
          { name: 'code', type: 'smallint' },
          ref('merchant_id', true),
          { name: 'debit_rollup_id', type: 'bigint', isNullable: true },
          { name: 'credit_rollup_id', type: 'bigint', isNullable: true },
          { name: 'settlement_id', type: 'bigint', isNullable: true },
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
          serial('id'),
          { name: 'account_id', type: 'bigint' },
          text('side', 1),
          { name: 'amount', type: 'bigint' },
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
          serial('id'),
          text('actor_type', 16),
          ref('actor_id', true),
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
