import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bigint, bool, day, defaultInt, int, longText, money, serial, text, time, uuid } from './columns';

export class SettlementAndReconciliation1764316800000 implements MigrationInterface {
  name = 'SettlementAndReconciliation1764316800000';

  async up(q: QueryRunner): Promise<void> {

    // one row per (business day, channel); a re-run updates it
    await q.createTable(
      new Table({
        name: 'recon_runs',
        columns: [
          serial(q, 'id'),
          day(),
          text('channel', 16),
          text('status', 16),
          defaultInt('bill_lines'),
          defaultInt('matched'),
          defaultInt('differences'),
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
          serial(q, 'id'),
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
        columns: [serial(q, 'id'), day(), { name: 'ok', type: 'boolean' }, defaultInt('violations'), longText('report'), time('checked_at')],
        indices: [{ name: 'ix_ledger_checks_day', columnNames: ['business_date', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'settlement_runs',
        columns: [
          serial(q, 'id'),
          day(),
          text('status', 16),
          text('trigger_kind', 16),
          bool('partial_day', false),
          time('cutoff_at'),
          text('override_reason', 200, true),
          text('requested_by', 64, true),
          defaultInt('merchants_total'),
          defaultInt('merchants_done'),
          defaultInt('statements'),
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
          serial(q, 'id'),
          uuid('merchant_id'),
          day(),
          bigint('run_id'),
          money('redeemed_fen'),
          money('reversed_fen'),
          money('net_fen'),
          int('fee_rate_bps'),
          money('fee_fen'),
          money('payout_fen'),
          defaultInt('redemption_count'),
          defaultInt('reversal_count'),
          text('status', 16),
          longText('payee'),
          text('payout_no', 40, true),
          defaultInt('payout_attempts'),
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
