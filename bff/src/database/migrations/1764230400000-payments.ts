import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { defaultInt, id, longText, money, serial, text, time, uuid } from './columns';

export class Payments1764230400000 implements MigrationInterface {
  name = 'Payments1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'topup_orders',
        columns: [
          id(),
          uuid('consumer_id'),
          uuid('card_id'),
          uuid('merchant_id'),
          text('idempotency_key', 64),
          text('request_hash', 64),
          money('amount_fen'),
          money('bonus_fen'),
          money('refunded_fen'),
          text('status', 24),
          text('channel', 16, true),
          uuid('current_attempt_id', true),
          time('expires_at'),
          time('paid_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'ux_topups_idempotency', columnNames: ['consumer_id', 'idempotency_key'], isUnique: true },
          { name: 'ix_topups_card', columnNames: ['card_id', 'created_at'] },
          { name: 'ix_topups_status', columnNames: ['status', 'expires_at'] },
        ],
        checks: [{ name: 'ck_topups_amount', expression: 'amount_fen > 0 AND bonus_fen >= 0 AND refunded_fen >= 0 AND refunded_fen <= amount_fen' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'payment_attempts',
        columns: [
          id(),
          uuid('order_id'),
          text('channel', 16),
          text('out_trade_no', 32),
          text('status', 16),
          text('routing_reason', 200),
          text('channel_reference', 128, true),
          text('channel_trade_no', 64, true),
          // what the client needs to pay (signed pay-sheet parameters, cashier URL); not secrets
          longText('pay_params', true),
          time('next_poll_at'),
          defaultInt('poll_count'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'ux_attempts_out_trade_no', columnNames: ['out_trade_no'], isUnique: true },
          { name: 'ix_attempts_order', columnNames: ['order_id'] },
          { name: 'ix_attempts_poll', columnNames: ['status', 'next_poll_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'payment_notifications',
        columns: [
          serial(q, 'id'),
          text('channel', 16),
          longText('headers'),
          longText('body'),
          text('outcome', 32),
          text('out_trade_no', 64, true),
          text('detail', 200, true),
          time('received_at'),
        ],
        indices: [{ name: 'ix_notifications_trade', columnNames: ['out_trade_no', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'card_refunds',
        columns: [
          id(),
          uuid('card_id'),
          uuid('consumer_id'),
          text('idempotency_key', 64),
          money('principal_fen'),
          money('bonus_forfeited_fen'),
          text('status', 16),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ux_card_refunds_key', columnNames: ['consumer_id', 'idempotency_key'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'refund_parts',
        columns: [
          id(),
          uuid('card_refund_id'),
          uuid('order_id'),
          text('channel', 16),
          text('out_trade_no', 32),
          text('out_refund_no', 32),
          money('amount_fen'),
          money('order_total_fen'),
          text('status', 16),
          text('channel_refund_no', 64, true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'ux_refund_parts_no', columnNames: ['out_refund_no'], isUnique: true },
          { name: 'ix_refund_parts_refund', columnNames: ['card_refund_id'] },
        ],
      }),
    );
    // UnionPay finds a transaction only by order number AND the time it was sent: keep the send times
    await q.createTable(
      new Table({
        name: 'unionpay_txns',
        columns: [
          id('order_id', 40),
          text('txn_time', 14),
          text('orig_order_id', 40, true),
        ],
      }),
    );
    // null = every channel the platform offers
    await q.addColumn('merchants', new TableColumn(text('payment_channels', 100, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('merchants', 'payment_channels');
    for (const table of ['unionpay_txns', 'refund_parts', 'card_refunds', 'payment_notifications', 'payment_attempts', 'topup_orders']) await q.dropTable(table);
  }
}
