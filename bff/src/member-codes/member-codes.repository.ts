import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader } from '../database/row-mapping';
import { placeholders, readTextOrNull, readTime, readTimeOrNull, rowsByIds, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';

/** A member code as issued: the row behind the QR and the numeric code. */
export interface MemberCode {
  id: string;
  cardId: string;
  consumerId: string;
  keyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  redemptionId: string | null;
  createdAt: Date;
}

export interface CodeClaim {
  codeId: string;
  redemptionId: string;
}

/** Member codes (member_codes): the member-codes context's SQL. Plain SQL, guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class MemberCodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A unique violation means the drawn id is taken (by an old code). */
  async insert(em: EntityManager, c: MemberCode): Promise<void> {
    await em.query(
      'INSERT INTO member_codes (id, card_id, consumer_id, key_id, expires_at, used_at, redemption_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [c.id, c.cardId, c.consumerId, c.keyId, sqlTime(c.expiresAt), c.usedAt && sqlTime(c.usedAt), c.redemptionId, sqlTime(c.createdAt)],
    );
  }

  /** The consumer's own code; another consumer's reads as missing. */
  async findOwned(consumerId: string, codeId: string): Promise<MemberCode | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM member_codes WHERE id = ? AND consumer_id = ? LIMIT 1', [codeId, consumerId]);
    return rows[0] ? toCode(rows[0]) : null;
  }

  /** On the till's hot path. */
  async findById(id: string): Promise<MemberCode | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM member_codes WHERE id = ?', [id]);
    return rows[0] ? toCode(rows[0]) : null;
  }

  findByIds(ids: string[]): Promise<Map<string, MemberCode>> {
    return rowsByIds(this.dataSource, 'member_codes', ids, toCode);
  }

  /**
   * One guarded UPDATE marking the codes used by their redemptions: only a code still unused and not expired before
   * `notBefore` changes. Expects every claim to win.
   */
  consumption(claims: CodeClaim[], now: Date, notBefore: Date): Statement {
    return {
      sql: `UPDATE member_codes SET used_at = ?, redemption_id = CASE id ${claims.map(() => 'WHEN ? THEN ?').join(' ')} END
        WHERE id IN (${placeholders(claims.length)}) AND used_at IS NULL AND expires_at >= ?`,
      parameters: [sqlTime(now), ...claims.flatMap((c) => [c.codeId, c.redemptionId]), ...claims.map((c) => c.codeId), sqlTime(notBefore)],
      expectedRows: claims.length,
    };
  }

  /** Ends a code that is still unused: it expires at `at` (a lock after too many wrong MACs). */
  async expireUnused(id: string, at: Date): Promise<void> {
    await this.dataSource.query('UPDATE member_codes SET expires_at = ? WHERE id = ? AND used_at IS NULL', [sqlTime(at), id]);
  }

  /** Who holds each code now, read inside the transaction that just tried to consume them. */
  async usage(em: EntityManager, codeIds: string[]): Promise<Map<string, { used: boolean; redemptionId: string | null }>> {
    const rows: Array<Record<string, unknown>> = await em.query(`SELECT id, used_at, redemption_id FROM member_codes WHERE id IN (${placeholders(codeIds.length)})`, codeIds);
    return new Map(rows.map((r) => [String(r.id), { used: Boolean(r.used_at), redemptionId: readTextOrNull(r.redemption_id) }]));
  }
}

const toCode = rowReader<MemberCode>({
  id: readText, cardId: readText, consumerId: readText, keyId: readText,
  expiresAt: readTime, usedAt: readTimeOrNull, redemptionId: readTextOrNull, createdAt: readTime,
});
