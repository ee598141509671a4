import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const uuid = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const money = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable, ...(nullable ? {} : { default: 0 }) });
const int = (name: string): TableColumnOptions => ({ name, type: 'int', default: 0 });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 6, isNullable: nullable });
const day = (name = 'business_date'): TableColumnOptions => text(name, 10);

export class SettlementAndReconciliation1764316800000 implements MigrationInterface {
  name = 'SettlementAndReconciliation1764316800000';

  async up(q: QueryRunner): Promise<void> {
    const serial = (name: string): TableColumnOptions => ({
      name,
      type: q.connection.options.type === 'better-sqlite3' ? 'integer' : 'bigint',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    });

    // one row per (business day, channel); a re-run updates it
    await q.createTable(
      new Table({
        name: 'recon_runs',
        columns: [
          serial('id'),
          day(),
          text('channel', 16),
          text('status', 16),
          int('bill_lines'),
          int('matched'),
          int('differences'),
          money('channel_payments_fen'),
          money('channel_refunds_fen'),
          money('platform_payments_fen'),
          money('platform_refunds_fen'),
          text('error', 500, true),
          time('started_at'),
          time('finished_at', true),
        ],
        indices: [{ name: 'ux_recon_runs_day_channel', columnNames: ['business_date', 'channel'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'recon_differences',
        columns: [
          serial('id'),
          // business_date|channel|kind|line kind|out_trade_no|out_refund_no: a re-run never files the same difference twice
          text('diff_key', 200),
          day(),
          text('channel', 16),
          text('kind', 20),
          text('line_kind', 8),
          text('out_trade_no', 64),
          text('out_refund_no', 64, true),
          text('channel_trade_no', 64, true),
          money('channel_amount_fen', true),
          money('platform_amount_fen', true),
          text('platform_status', 24, true),
          text('status', 10),
          text('resolution', 20, true),
          text('note', 500, true),
          text('resolved_by', 64, true),
          time('resolved_at', true),
          time('created_at'),
        ],
        indices: [
          { name: 'ux_recon_differences_key', columnNames: ['diff_key'], isUnique: true },
          { name: 'ix_recon_differences_day', columnNames: ['business_date', 'status', 'id'] },
          { name: 'ix_recon_differences_status', columnNames: ['status', 'id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_checks',
        columns: [serial('id'), day(), { name: 'ok', type: 'boolean' }, int('violations'), { name: 'report', type: 'text' }, time('checked_at')],
        indices: [{ name: 'ix_ledger_checks_day', columnNames: ['business_date', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'settlement_runs',
        columns: [
          serial('id'),
          day(),
          text('status', 16),
          text('trigger_kind', 16),
          { name: 'partial_day', type: 'boolean', default: false },
          time('cutoff_at'),
          text('override_reason', 200, true),
          text('requested_by', 64, true),
          int('merchants_total'),
          int('merchants_done'),
          int('statements'),
          money('gross_fen'),
          money('fee_fen'),
          money('payout_fen'),
          text('error', 500, true),
          time('started_at'),
          time('finished_at', true),
        ],
        indices: [{ name: 'ix_settlement_runs_day', columnNames: ['business_date', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'settlement_statements',
        columns: [
          serial('id'),
          uuid('merchant_id'),
          day(),
          { name: 'run_id', type: 'bigint' },
          money('redeemed_fen'),
          money('reversed_fen'),
          money('net_fen'),
          { name: 'fee_rate_bps', type: 'int' },
          money('fee_fen'),
          money('payout_fen'),
          int('redemption_count'),
          int('reversal_count'),
          text('status', 16),
          { name: 'payee', type: 'text' },
          text('payout_no', 40, true),
          int('payout_attempts'),
          text('payout_reference', 64, true),
          text('payout_error', 200, true),
          time('next_payout_at', true),
          time('paid_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'ux_statements_merchant_day', columnNames: ['merchant_id', 'business_date'], isUnique: true },
          { name: 'ix_statements_day', columnNames: ['business_date', 'id'] },
          { name: 'ix_statements_payout', columnNames: ['status', 'next_payout_at'] },
        ],
        checks: [{ name: 'ck_statements_amounts', expression: 'net_fen >= 0 AND fee_fen >= 0 AND payout_fen >= 0 AND fee_fen + payout_fen = net_fen' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['settlement_statements', 'settlement_runs', 'ledger_checks', 'recon_differences', 'recon_runs']) await q.dropTable(table);
  }
}
