import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { readInt, sqlTime } from '../sql-values';

const uuid = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 6, isNullable: nullable });
const int = (name: string, fallback: number): TableColumnOptions => ({ name, type: 'int', default: fallback });
const big = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

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
    const serialType = q.connection.options.type === 'better-sqlite3' ? 'integer' : 'bigint';
    await q.createTable(
      new Table({
        name: 'receipts',
        columns: [
          { name: 'id', type: serialType, isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          text('message_id', 40),
          big('message_seq'),
          text('event_type', 40),
          uuid('card_id'),
          uuid('consumer_id', true),
          text('status', 16),
          // WECHAT or SMS: the channel of the last attempt (a 43101 moves a receipt from WECHAT to SMS)
          text('channel', 8, true),
          text('template_id', 64, true),
          { name: 'content', type: 'text', isNullable: true },
          text('wechat_errcode', 16, true),
          text('error', 300, true),
          int('attempts', 0),
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
          { ...text('name', 32), isPrimary: true },
          big('floor_seq'),
          big('mark_seq'),
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
          { ...text('template_id', 64), isPrimary: true },
          int('remaining', 0),
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
