import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readInt, readTextOrNull, readTimeOrNull, sqlTime } from '../database/sql-values';

/** Who holds a job's lease, as stored. */
export interface LeaseRow {
  owner: string | null;
  token: number;
  expiresAt: Date | null;
}

/**
 * The `job_leases` table: one row per job. Every change is one guarded UPDATE, so two instances racing for a job
 * are decided by the database; the token only ever grows, one step per owner.
 */
@Injectable()
export class LeaseRepository {
  /** Takes the lease if it is free or expired; the new token, or null while another owner holds it. */
  async take(em: EntityManager, name: string, owner: string, now: Date, expiresAt: Date): Promise<number | null> {
    const taken = await execute(
      em,
      'UPDATE job_leases SET owner = ?, token = token + 1, expires_at = ?, acquired_at = ? WHERE name = ? AND (owner IS NULL OR expires_at <= ?)',
      [owner, sqlTime(expiresAt), sqlTime(now), name, sqlTime(now)],
    );
    if (taken === 0) return null;
    const [row] = await em.query<Array<Record<string, unknown>>>('SELECT token FROM job_leases WHERE name = ? AND owner = ?', [name, owner]);
    return row ? readInt(row.token) : null;
  }

  /** The job's first lease ever (its row does not exist yet); a unique violation means another instance won. */
  async insertFirst(em: EntityManager, name: string, owner: string, now: Date, expiresAt: Date): Promise<number> {
    await em.query('INSERT INTO job_leases (name, owner, token, expires_at, acquired_at, fenced_writes) VALUES (?, ?, 1, ?, ?, 0)', [
      name,
      owner,
      sqlTime(expiresAt),
      sqlTime(now),
    ]);
    return 1;
  }

  /** Extends the lease while it is still this owner's with the same token; false once another instance took it. */
  async renew(em: EntityManager, name: string, owner: string, token: number, expiresAt: Date): Promise<boolean> {
    return (await execute(em, 'UPDATE job_leases SET expires_at = ? WHERE name = ? AND owner = ? AND token = ?', [sqlTime(expiresAt), name, owner, token])) === 1;
  }

  async release(em: EntityManager, name: string, owner: string, token: number): Promise<void> {
    await execute(em, 'UPDATE job_leases SET owner = NULL, expires_at = NULL WHERE name = ? AND owner = ? AND token = ?', [name, owner, token]);
  }

  /**
   * The fence, run last in a job's transaction: it writes the lease row, so it waits for (or blocks) a takeover's
   * UPDATE of that row and sees its new token — the commit happens only while the token is still this owner's.
   */
  async confirm(em: EntityManager, name: string, owner: string, token: number): Promise<boolean> {
    return (await execute(em, 'UPDATE job_leases SET fenced_writes = fenced_writes + 1 WHERE name = ? AND owner = ? AND token = ?', [name, owner, token])) === 1;
  }

  async find(em: EntityManager, name: string): Promise<LeaseRow | null> {
    const [row] = await em.query<Array<Record<string, unknown>>>('SELECT owner, token, expires_at FROM job_leases WHERE name = ?', [name]);
    return row ? toLeaseRow(row) : null;
  }
}

function toLeaseRow(row: Record<string, unknown>): LeaseRow {
  return { owner: readTextOrNull(row.owner), token: readInt(row.token), expiresAt: readTimeOrNull(row.expires_at) };
}
