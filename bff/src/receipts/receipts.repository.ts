import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, isUniqueViolation } from '../database/transaction-runner';
import { placeholders, readInt, readTextOrNull, readTime, rowsInsert, sqlTime } from '../database/sql-values';

/** How far the job has read the outbox (receipt_progress). */
export interface ReceiptProgress {
  /** Every message at or below it is handled (or of no concern to receipts). */
  floorSeq: number;
  /** The highest seq seen at `markAt`: the next floor, once no transaction can still commit a lower one. */
  markSeq: number;
  markAt: Date;
}

/** An outbox message as the receipts job reads it. */
export interface OutboxMessage {
  seq: number;
  id: string;
  eventType: string;
  payload: string;
}

export type ReceiptStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'UNKNOWN' | 'SKIPPED';
export type ReceiptChannel = 'WECHAT' | 'SMS';

export interface ReceiptRow {
  id: number;
  messageId: string;
  messageSeq: number;
  eventType: string;
  cardId: string;
  consumerId: string | null;
  status: ReceiptStatus;
  channel: ReceiptChannel | null;
  templateId: string | null;
  content: string | null;
  wechatErrcode: string | null;
  error: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

const PROGRESS = 'receipts';

/**
 * The receipts context's SQL: its progress through webhook_messages (read here by seq, never written), the receipts
 * log (one row per message, unique on it, written before anything is sent) and the consumers' one-time WeChat
 * subscriptions. Guards in the WHERE clause; row mappers at the bottom (the house model: ledger/ledger.repository.ts).
 */
@Injectable()
export class ReceiptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // --- reading the outbox

  async progress(em: EntityManager): Promise<ReceiptProgress> {
    const [row] = await em.query<Array<Record<string, unknown>>>('SELECT floor_seq, mark_seq, mark_at FROM receipt_progress WHERE name = ?', [PROGRESS]);
    if (row) return { floorSeq: readInt(row.floor_seq), markSeq: readInt(row.mark_seq), markAt: readTime(row.mark_at) };
    // the migration writes the row; a database restored without it starts over from the first message
    await em.query('INSERT INTO receipt_progress (name, floor_seq, mark_seq, mark_at, updated_at) VALUES (?, 0, 0, ?, ?)', [PROGRESS, sqlTime(new Date(0)), sqlTime(new Date())]);
    return { floorSeq: 0, markSeq: 0, markAt: new Date(0) };
  }

  async saveProgress(em: EntityManager, before: ReceiptProgress, after: ReceiptProgress): Promise<void> {
    const changed = await execute(
      em,
      'UPDATE receipt_progress SET floor_seq = ?, mark_seq = ?, mark_at = ?, updated_at = ? WHERE name = ? AND floor_seq = ? AND mark_seq = ?',
      [after.floorSeq, after.markSeq, sqlTime(after.markAt), sqlTime(new Date()), PROGRESS, before.floorSeq, before.markSeq],
    );
    if (changed !== 1) throw new Error('receipt progress moved meanwhile: another writer outside the lease');
  }

  async lastMessageSeq(em: EntityManager): Promise<number> {
    const [row] = await em.query<Array<Record<string, unknown>>>('SELECT MAX(seq) AS seq FROM webhook_messages');
    return readInt(row?.seq);
  }

  /** Messages of `eventTypes` above the floor that have no receipt yet, in seq order. */
  async messagesWithoutReceipt(em: EntityManager, floorSeq: number, eventTypes: readonly string[], limit: number): Promise<OutboxMessage[]> {
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT m.seq, m.id, m.event_type, m.payload FROM webhook_messages m LEFT JOIN receipts r ON r.message_id = m.id
        WHERE m.seq > ? AND m.event_type IN (${placeholders(eventTypes.length)}) AND r.id IS NULL ORDER BY m.seq LIMIT ?`,
      [floorSeq, ...eventTypes, limit],
    );
    return rows.map((r) => ({ seq: readInt(r.seq), id: String(r.id), eventType: String(r.event_type), payload: String(r.payload) }));
  }

  async messagePayload(messageId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT payload FROM webhook_messages WHERE id = ?', [messageId]);
    return row ? String(row.payload) : null;
  }

  // --- the receipts log

  /** The receipts, PENDING, before anything is sent: the unique message id makes a second one impossible. */
  async insertReceipts(em: EntityManager, rows: Array<{ messageId: string; messageSeq: number; eventType: string; cardId: string }>, now: Date): Promise<void> {
    if (rows.length === 0) return;
    const at = sqlTime(now);
    const { sql, parameters } = rowsInsert(
      'receipts',
      rows.map((r) => ({ message_id: r.messageId, message_seq: r.messageSeq, event_type: r.eventType, card_id: r.cardId, status: 'PENDING', attempts: 0, created_at: at, updated_at: at })),
    );
    await em.query(sql, parameters);
  }

  async pendingReceipts(limit: number): Promise<ReceiptRow[]> {
    const rows: unknown[] = await this.dataSource.query("SELECT * FROM receipts WHERE status = 'PENDING' ORDER BY id LIMIT ?", [limit]);
    return rows.map(toReceipt);
  }

  /**
   * Records an attempt BEFORE it is made (from PENDING, or from a refused WeChat attempt to its SMS fallback): a
   * crash after this leaves the row SENDING, and a SENDING row is never sent again (abandonInFlight).
   */
  async markSending(em: EntityManager, id: number, from: { status: 'PENDING' } | { status: 'SENDING'; channel: ReceiptChannel }, attempt: { consumerId: string; channel: ReceiptChannel; templateId: string | null; content: string; wechatErrcode?: string | null }, now: Date): Promise<boolean> {
    const guard = from.status === 'PENDING' ? "status = 'PENDING'" : "status = 'SENDING' AND channel = ?";
    const changed = await execute(
      em,
      `UPDATE receipts SET status = 'SENDING', consumer_id = ?, channel = ?, template_id = ?, content = ?, wechat_errcode = COALESCE(?, wechat_errcode), attempts = attempts + 1, updated_at = ?
        WHERE id = ? AND ${guard}`,
      [attempt.consumerId, attempt.channel, attempt.templateId, attempt.content, attempt.wechatErrcode ?? null, sqlTime(now), id, ...(from.status === 'SENDING' ? [from.channel] : [])],
    );
    return changed === 1;
  }

  /** The outcome of the attempt in flight (SENT, FAILED, UNKNOWN), or back to PENDING when nothing went out. */
  async settle(em: EntityManager, id: number, outcome: { status: Exclude<ReceiptStatus, 'SENDING'>; wechatErrcode?: string | null; error?: string | null }, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      `UPDATE receipts SET status = ?, wechat_errcode = COALESCE(?, wechat_errcode), error = ?, sent_at = ?, updated_at = ? WHERE id = ? AND status IN ('PENDING', 'SENDING')`,
      [outcome.status, outcome.wechatErrcode ?? null, outcome.error?.slice(0, 300) ?? null, outcome.status === 'SENT' ? sqlTime(now) : null, sqlTime(now), id],
    );
    return changed === 1;
  }

  /** Attempts a dead run left in flight: they may have gone out, so they are never sent again. */
  abandonInFlight(em: EntityManager, now: Date): Promise<number> {
    return execute(em, "UPDATE receipts SET status = 'UNKNOWN', error = 'the run sending it ended before its outcome was recorded', updated_at = ? WHERE status = 'SENDING'", [sqlTime(now)]);
  }

  async receiptOfMessage(messageId: string): Promise<ReceiptRow | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM receipts WHERE message_id = ?', [messageId]);
    return rows[0] ? toReceipt(rows[0]) : null;
  }

  async receiptsOfCard(cardId: string): Promise<ReceiptRow[]> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM receipts WHERE card_id = ? ORDER BY id', [cardId]);
    return rows.map(toReceipt);
  }

  // --- one-time subscriptions (每次 accept 可下发一条)

  /** Takes one of the consumer's subscriptions to the template; false when none is left. */
  async takeSubscription(em: EntityManager, consumerId: string, templateId: string, now: Date): Promise<boolean> {
    return (await execute(em, 'UPDATE receipt_subscriptions SET remaining = remaining - 1, updated_at = ? WHERE consumer_id = ? AND template_id = ? AND remaining > 0', [sqlTime(now), consumerId, templateId])) === 1;
  }

  /** Gives back a subscription an attempt took but did not use (nothing was sent). */
  async returnSubscription(em: EntityManager, consumerId: string, templateId: string, now: Date): Promise<void> {
    await execute(em, 'UPDATE receipt_subscriptions SET remaining = remaining + 1, updated_at = ? WHERE consumer_id = ? AND template_id = ?', [sqlTime(now), consumerId, templateId]);
  }

  /** One more subscription to each template (a first one inserts the row; a racing first one is counted again). */
  async grant(em: EntityManager, consumerId: string, templateIds: string[], now: Date): Promise<void> {
    const at = sqlTime(now);
    for (const templateId of templateIds) {
      const add = () => execute(em, 'UPDATE receipt_subscriptions SET remaining = remaining + 1, granted_at = ?, updated_at = ? WHERE consumer_id = ? AND template_id = ?', [at, at, consumerId, templateId]);
      if ((await add()) === 1) continue;
      try {
        await em.query('INSERT INTO receipt_subscriptions (consumer_id, template_id, remaining, granted_at, updated_at) VALUES (?, ?, 1, ?, ?)', [consumerId, templateId, at, at]);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await add();
      }
    }
  }

  async remainingOf(consumerId: string): Promise<Map<string, number>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT template_id, remaining FROM receipt_subscriptions WHERE consumer_id = ?', [consumerId]);
    return new Map(rows.map((r) => [String(r.template_id), readInt(r.remaining)]));
  }
}

function toReceipt(raw: unknown): ReceiptRow {
  const r = raw as Record<string, unknown>;
  return {
    id: readInt(r.id),
    messageId: String(r.message_id),
    messageSeq: readInt(r.message_seq),
    eventType: String(r.event_type),
    cardId: String(r.card_id),
    consumerId: readTextOrNull(r.consumer_id),
    status: String(r.status) as ReceiptStatus,
    channel: readTextOrNull(r.channel) as ReceiptChannel | null,
    templateId: readTextOrNull(r.template_id),
    content: readTextOrNull(r.content),
    wechatErrcode: readTextOrNull(r.wechat_errcode),
    error: readTextOrNull(r.error),
    attempts: readInt(r.attempts),
    createdAt: readTime(r.created_at),
    sentAt: r.sent_at === null || r.sent_at === undefined ? null : readTime(r.sent_at),
  };
}
