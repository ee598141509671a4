import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readTime, sqlTime } from '../database/sql-values';

/** A card entering its reminder window. */
export interface DueReminder {
  cardId: string;
  consumerId: string;
  expiresAt: Date;
}

/** Expiry of cards: the reminders stored for the card page and the guarded renewals. Plain SQL, guards in the WHERE clause. */
@Injectable()
export class CardExpiryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active cards expiring in (now, until] that have no reminder for that expiry yet, soonest first. */
  async dueForReminder(now: Date, until: Date, limit: number): Promise<DueReminder[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.id, c.consumer_id, c.expires_at FROM cards c
        WHERE c.expires_at > ? AND c.expires_at <= ? AND c.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM card_expiry_reminders r WHERE r.card_id = c.id AND r.expires_at = c.expires_at)
        ORDER BY c.expires_at, c.id LIMIT ${Number(limit)}`,
      [sqlTime(now), sqlTime(until)],
    );
    return rows.map((r) => ({ cardId: String(r.id), consumerId: String(r.consumer_id), expiresAt: readTime(r.expires_at) }));
  }

  async insertReminders(em: EntityManager, reminders: Array<DueReminder & { id: string }>, now: Date): Promise<void> {
    if (reminders.length === 0) return;
    await execute(
      em,
      `INSERT INTO card_expiry_reminders (id, card_id, consumer_id, expires_at, created_at) VALUES ${reminders.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      reminders.flatMap((r) => [r.id, r.cardId, r.consumerId, sqlTime(r.expiresAt), sqlTime(now)]),
    );
  }

  /** When each card's reminder for its current expiry was stored, by card id. */
  async remindersOf(cards: Array<{ id: string; expiresAt: Date | null }>): Promise<Map<string, Date>> {
    const expiring = cards.filter((c) => c.expiresAt !== null);
    if (expiring.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT card_id, expires_at, created_at FROM card_expiry_reminders WHERE card_id IN (${placeholders(expiring.length)})`,
      expiring.map((c) => c.id),
    );
    const current = new Map(expiring.map((c) => [c.id, c.expiresAt!.getTime()]));
    const result = new Map<string, Date>();
    for (const r of rows) if (current.get(String(r.card_id)) === readTime(r.expires_at).getTime()) result.set(String(r.card_id), readTime(r.created_at));
    return result;
  }

  /** Reactivation's guard: an active card expired at `now` gets `expiresAt`; false when it was not (renewed already, closed, ...). */
  async renewIfExpired(em: EntityManager, cardId: string, now: Date, expiresAt: Date): Promise<boolean> {
    return (await execute(em, "UPDATE cards SET expires_at = ? WHERE id = ? AND status = 'ACTIVE' AND expires_at <= ?", [sqlTime(expiresAt), cardId, sqlTime(now)])) === 1;
  }

  /** An expired card's replacement closes it for good; false when it was not an active expired card. */
  async closeIfExpired(em: EntityManager, cardId: string, now: Date): Promise<boolean> {
    return (await execute(em, "UPDATE cards SET status = 'CLOSED' WHERE id = ? AND status = 'ACTIVE' AND expires_at <= ?", [cardId, sqlTime(now)])) === 1;
  }
}
