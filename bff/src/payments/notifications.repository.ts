import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertReturningId } from '../database/transaction-runner';
import { rowsInsert, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';
import type { Channel } from './channel.port';

/** A channel notification as stored: the raw request (headers filtered, body exact) and what became of it. */
export interface NotificationRow {
  channel: Channel;
  headers: string;
  body: string;
  outcome: string;
  outTradeNo: string | null;
  detail: string | null;
  receivedAt: Date;
}

/**
 * payment_notifications: every request a channel sent, stored with its outcome in the transaction of what it
 * caused (or alone when it caused nothing), so none is lost and none is counted twice.
 */
@Injectable()
export class NotificationsRepository {
  /** One notification, alone; returns its id (a flagged one is named in the audit log by it). */
  insert(em: EntityManager, row: NotificationRow): Promise<number> {
    const { sql, parameters } = this.rowsInsert([row]);
    return insertReturningId(em, sql, parameters);
  }

  /** Several notifications as one INSERT, to send with the writes they caused. */
  rowsInsert(rows: NotificationRow[]): Statement {
    return rowsInsert('payment_notifications', rows.map(toColumns));
  }
}

function toColumns(n: NotificationRow): Record<string, unknown> {
  return { channel: n.channel, headers: n.headers, body: n.body, outcome: n.outcome, out_trade_no: n.outTradeNo, detail: n.detail, received_at: sqlTime(n.receivedAt) };
}
