import { Injectable } from '@nestjs/common';
import { isWebhookEventType, type WebhookDeliveryView, type WebhookEventType } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readInt, readIntOrNull, readTextOrNull, readTime, readTimeOrNull, rowsInsert, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';
import { rowsInserter } from '../database/row-mapping';

/** An outbox row as written in the transaction of the change it reports. */
export interface MessageRow {
  id: string;
  merchantId: string;
  eventType: WebhookEventType;
  payload: string;
  createdAt: Date;
}

/** A message due to one endpoint, with what sending it needs. */
export interface DueDispatch {
  id: number;
  attempts: number;
  endpointId: string;
  merchantId: string;
  url: string;
  sealedSecret: string;
  failingSince: Date | null;
  messageId: string;
  eventType: WebhookEventType;
  payload: string;
}

export interface DeliveryRow {
  dispatchId: number;
  endpointId: string;
  messageId: string;
  attempt: number;
  succeeded: boolean;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  startedAt: Date;
}

/**
 * The webhooks context's SQL for messages: the outbox (webhook_messages), each message's dispatch to each endpoint
 * with its place on the retry schedule, and the log of every attempt (endpoints: webhook-endpoints.repository.ts). Guards in the WHERE clause; row mappers at
 * the bottom (the house model: ledger/ledger.repository.ts).
 */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  // --- the outbox, written inside other contexts' transactions

  /** The rows as one multi-row INSERT, for a caller that sends it with the other writes of its transaction. */
  messagesInsert(rows: MessageRow[]): Statement {
    return messagesInsert(rows);
  }

  async insertMessages(em: EntityManager, rows: MessageRow[]): Promise<void> {
    const { sql, parameters } = this.messagesInsert(rows);
    await em.query(sql, parameters);
  }

  // --- fan-out: each new message to every subscribed endpoint of its merchant

  async messagesToFanOut(em: EntityManager, limit: number): Promise<Array<{ seq: number; id: string; merchantId: string; eventType: WebhookEventType }>> {
    const rows: Array<Record<string, unknown>> = await em.query('SELECT seq, id, merchant_id, event_type FROM webhook_messages WHERE fanned_out = 0 ORDER BY seq LIMIT ?', [limit]);
    return rows.map((r) => ({ seq: readInt(r.seq), id: String(r.id), merchantId: String(r.merchant_id), eventType: eventTypeOf(r.event_type) }));
  }

  async insertDispatches(em: EntityManager, rows: Array<{ messageId: string; endpointId: string }>, now: Date): Promise<void> {
    if (rows.length === 0) return;
    const at = sqlTime(now);
    const { sql, parameters } = rowsInsert(
      'webhook_dispatches',
      rows.map((r) => ({ message_id: r.messageId, endpoint_id: r.endpointId, status: 'PENDING', attempts: 0, next_attempt_at: at, created_at: at, updated_at: at })),
    );
    await em.query(sql, parameters);
  }

  /** Marks the messages fanned out; the count changed, which is every one unless another run got there first. */
  markFannedOut(em: EntityManager, seqs: number[]): Promise<number> {
    return execute(em, `UPDATE webhook_messages SET fanned_out = 1 WHERE fanned_out = 0 AND seq IN (${placeholders(seqs.length)})`, seqs);
  }

  // --- delivery

  /** The dispatches due at `now` to endpoints still active, the longest-waiting first, leaving out those being delivered right now (`inFlight`). */
  async dueDispatches(now: Date, limit: number, inFlight: number[] = []): Promise<DueDispatch[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT d.id, d.attempts, d.endpoint_id, e.merchant_id, e.url, e.secret, e.failing_since, m.id AS message_id, m.event_type, m.payload
         FROM webhook_dispatches d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id
         JOIN webhook_messages m ON m.id = d.message_id
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND e.status = 'ACTIVE'${inFlight.length > 0 ? ` AND d.id NOT IN (${inFlight.map(() => '?').join(', ')})` : ''}
        ORDER BY d.next_attempt_at, d.id LIMIT ?`,
      [sqlTime(now), ...inFlight, limit],
    );
    return rows.map((r) => ({
      id: readInt(r.id),
      attempts: readInt(r.attempts),
      endpointId: String(r.endpoint_id),
      merchantId: String(r.merchant_id),
      url: String(r.url),
      sealedSecret: String(r.secret),
      failingSince: readTimeOrNull(r.failing_since),
      messageId: String(r.message_id),
      eventType: eventTypeOf(r.event_type),
      payload: String(r.payload),
    }));
  }

  async insertDelivery(em: EntityManager, row: DeliveryRow): Promise<void> {
    const { sql, parameters } = rowsInsert('webhook_deliveries', [
      {
        dispatch_id: row.dispatchId,
        endpoint_id: row.endpointId,
        message_id: row.messageId,
        attempt: row.attempt,
        succeeded: row.succeeded ? 1 : 0,
        request_url: row.requestUrl,
        request_headers: JSON.stringify(row.requestHeaders),
        response_status: row.responseStatus,
        response_body: row.responseBody,
        error: row.error,
        duration_ms: row.durationMs,
        started_at: sqlTime(row.startedAt),
      },
    ]);
    await em.query(sql, parameters);
  }

  /**
   * Moves a dispatch on after an attempt, only from the state the attempt started in: a replay that reset it
   * meanwhile wins (false), and the replayed delivery goes out on its own.
   */
  async settleDispatch(em: EntityManager, id: number, attemptsBefore: number, next: { status: string; attempts: number; nextAttemptAt: Date | null }, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      `UPDATE webhook_dispatches SET status = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?, updated_at = ?
        WHERE id = ? AND status = 'PENDING' AND attempts = ?`,
      [next.status, next.attempts, next.nextAttemptAt ? sqlTime(next.nextAttemptAt) : null, sqlTime(now), sqlTime(now), id, attemptsBefore],
    );
    return changed === 1;
  }

  /** One endpoint's attempts, newest first, strictly before `beforeId` when given. */
  async deliveriesOf(endpointId: string, beforeId: number | null, limit: number): Promise<Array<WebhookDeliveryView & { seq: number }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT w.id, w.message_id, m.event_type, w.attempt, w.succeeded, w.request_url, w.request_headers, w.response_status, w.response_body, w.error, w.duration_ms, w.started_at
         FROM webhook_deliveries w JOIN webhook_messages m ON m.id = w.message_id
        WHERE w.endpoint_id = ? ${beforeId !== null ? 'AND w.id < ?' : ''} ORDER BY w.id DESC LIMIT ?`,
      [endpointId, ...(beforeId !== null ? [beforeId] : []), limit],
    );
    return rows.map(toDeliveryView);
  }

  // --- replay

  async findMessage(merchantId: string, id: string): Promise<{ id: string; eventType: WebhookEventType; fannedOut: boolean } | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT id, event_type, fanned_out FROM webhook_messages WHERE id = ? AND merchant_id = ?', [id, merchantId]);
    return row ? { id: String(row.id), eventType: eventTypeOf(row.event_type), fannedOut: readInt(row.fanned_out) === 1 } : null;
  }

  /** The merchant's messages since `since` (already fanned out) that the endpoint has not acknowledged. */
  async unacknowledgedSince(merchantId: string, endpointId: string, since: Date, limit: number): Promise<Array<{ id: string; eventType: WebhookEventType }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT m.id, m.event_type FROM webhook_messages m
         LEFT JOIN webhook_dispatches d ON d.message_id = m.id AND d.endpoint_id = ?
        WHERE m.merchant_id = ? AND m.created_at >= ? AND m.fanned_out = 1 AND (d.status IS NULL OR d.status <> 'SUCCEEDED')
        ORDER BY m.seq LIMIT ?`,
      [endpointId, merchantId, sqlTime(since), limit],
    );
    return rows.map((r) => ({ id: String(r.id), eventType: eventTypeOf(r.event_type) }));
  }

  /** Puts a message to an endpoint back at the start of the schedule, due now (a new dispatch when there was none). */
  async requeue(em: EntityManager, endpointId: string, messageId: string, now: Date): Promise<void> {
    const at = sqlTime(now);
    const changed = await execute(
      em,
      "UPDATE webhook_dispatches SET status = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE endpoint_id = ? AND message_id = ?",
      [at, at, endpointId, messageId],
    );
    if (changed === 0) await this.insertDispatches(em, [{ messageId, endpointId }], now);
  }
}

export function eventTypeOf(value: unknown): WebhookEventType {
  if (!isWebhookEventType(value)) throw new TypeError(`not a webhook event type: ${String(value)}`);
  return value;
}

function toDeliveryView(r: Record<string, unknown>): WebhookDeliveryView & { seq: number } {
  return {
    seq: readInt(r.id),
    id: String(readInt(r.id)),
    messageId: String(r.message_id),
    eventType: eventTypeOf(r.event_type),
    attempt: readInt(r.attempt),
    succeeded: readInt(r.succeeded) === 1 || r.succeeded === true,
    request: { url: String(r.request_url), headers: JSON.parse(String(r.request_headers)) as Record<string, string> },
    responseStatus: readIntOrNull(r.response_status),
    responseBody: readTextOrNull(r.response_body),
    error: readTextOrNull(r.error),
    durationMs: readInt(r.duration_ms),
    startedAt: readTime(r.started_at).toISOString(),
  };
}

const messagesInsert = rowsInserter<MessageRow>('webhook_messages', ['id', 'merchantId', 'eventType', 'payload', 'createdAt']);
