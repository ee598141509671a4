import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bigint, defaultInt, id, longText, serial, text, time, uuid } from './columns';
import { readInt, sqlTime } from '../sql-values';


/**
 * Receipts to the consumer (docs/receipts.md), a second reader of the webhook outbox:
 * - `receipts`: one row per outbox message that tells a consumer of a change to their card, unique on the message,
 *   written BEFORE anything is sent, with its status (PENDING → SENDING → SENT | FAILED | UNKNOWN, or SKIPPED);
 * - `receipt_progress`: how far the job has read webhook_messages by seq (a floor every message below is known
 *   to be handled, and a mark that becomes the next floor once no transaction can still commit below it);
 * - `receipt_subscriptions`: one-time WeChat subscriptions (订阅消息) the consumer granted, per template, counted.
 * The floor starts at today's last message, so a first start does not send receipts for the whole history.
 */
export class Receipts1765932000000 implements MigrationInterface {
  name = 'Receipts1765932000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'receipts',
        columns: [
          serial(q, 'id'),
          text('message_id', 40),
          bigint('message_seq'),
          text('event_type', 40),
          uuid('card_id'),
          uuid('consumer_id', true),
          text('status', 16),
          // WECHAT or SMS: the channel of the last attempt (a 43101 moves a receipt from WECHAT to SMS)
          text('channel', 8, true),
          text('template_id', 64, true),
          longText('content', true),
          text('wechat_errcode', 16, true),
          text('error', 300, true),
          defaultInt('attempts', 0),
          time('created_at'),
          time('updated_at'),
          time('sent_at', true),
        ],
        indices: [
          // a message becomes at most one receipt, whoever reads it and however often
          { name: 'ux_receipts_message', columnNames: ['message_id'], isUnique: true },
          { name: 'ix_receipts_status', columnNames: ['status', 'id'] },
          { name: 'ix_receipts_card', columnNames: ['card_id', 'id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'receipt_progress',
        columns: [
          id('name', 32),
          bigint('floor_seq'),
          bigint('mark_seq'),
          time('mark_at'),
          time('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'receipt_subscriptions',
        columns: [
          { ...uuid('consumer_id'), isPrimary: true },
          id('template_id', 64),
          defaultInt('remaining', 0),
          time('granted_at'),
          time('updated_at'),
        ],
      }),
    );
    const [row] = await q.query('SELECT COALESCE(MAX(seq), 0) AS seq FROM webhook_messages');
    const seq = readInt((row as { seq: unknown } | undefined)?.seq);
    const now = sqlTime(new Date());
    await q.query('INSERT INTO receipt_progress (name, floor_seq, mark_seq, mark_at, updated_at) VALUES (?, ?, ?, ?, ?)', ['receipts', seq, seq, now, now]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('receipt_subscriptions');
    await q.dropTable('receipt_progress');
    await q.dropTable('receipts');
  }
}
