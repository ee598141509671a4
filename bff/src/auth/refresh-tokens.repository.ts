import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readText, rowReader } from '../database/row-mapping';
import { readTime, readTimeOrNull, sqlTime } from '../database/sql-values';

export interface RefreshTokenRow {
  id: string;
  familyId: string;
  subjectId: string;
  audience: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

/** Refresh tokens (refresh_tokens): the auth context's SQL for rotation. Every method runs in the caller's transaction. */
@Injectable()
export class RefreshTokensRepository {
  async findByHash(em: EntityManager, tokenHash: string): Promise<RefreshTokenRow | null> {
    const rows: unknown[] = await em.query('SELECT * FROM refresh_tokens WHERE token_hash = ? LIMIT 1', [tokenHash]);
    return rows[0] ? toRefreshToken(rows[0]) : null;
  }

  /** True for the one caller that used the token first; a used or revoked token is never claimed again. */
  async claim(em: EntityManager, id: string, at: Date): Promise<boolean> {
    const claimed = await execute(em, 'UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL', [sqlTime(at), id]);
    return claimed === 1;
  }

  async revokeFamily(em: EntityManager, familyId: string, at: Date): Promise<void> {
    await execute(em, 'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [sqlTime(at), familyId]);
  }

  /** True once the family was revoked (logout, reuse): its access tokens stop too. */
  async familyRevoked(em: EntityManager, familyId: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 AS revoked FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NOT NULL LIMIT 1', [familyId]);
    return rows.length > 0;
  }

  /** Every live session of one subject ends (a deactivated staff member). */
  async revokeSubject(em: EntityManager, subjectId: string, audience: string, at: Date): Promise<void> {
    await execute(em, 'UPDATE refresh_tokens SET revoked_at = ? WHERE subject_id = ? AND audience = ? AND revoked_at IS NULL', [sqlTime(at), subjectId, audience]);
  }

  async insert(em: EntityManager, t: RefreshTokenRow): Promise<void> {
    await em.query(
      'INSERT INTO refresh_tokens (id, family_id, subject_id, audience, token_hash, expires_at, used_at, revoked_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [t.id, t.familyId, t.subjectId, t.audience, t.tokenHash, sqlTime(t.expiresAt), t.usedAt && sqlTime(t.usedAt), t.revokedAt && sqlTime(t.revokedAt), sqlTime(t.createdAt)],
    );
  }
}

const toRefreshToken = rowReader<RefreshTokenRow>({
  id: readText, familyId: readText, subjectId: readText, audience: readText, tokenHash: readText,
  expiresAt: readTime, usedAt: readTimeOrNull, revokedAt: readTimeOrNull, createdAt: readTime,
});
