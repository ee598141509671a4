import { Injectable } from '@nestjs/common';
import type { Audience } from '@jucard/shared';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { AccessRevocations } from './access-revocations';
import { RefreshTokensRepository } from './refresh-tokens.repository';

export type RotationOutcome =
  | { kind: 'rotated'; subjectId: string; audience: Audience; token: string; familyId: string }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'reused' };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Rotating refresh tokens: each is good for one use and is replaced by a new one of the same family. Presenting
 * a used token again means it leaked, so the whole family is revoked (the legitimate holder must log in again).
 */
@Injectable()
export class RefreshTokenStore {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly tokens: RefreshTokensRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
    private readonly revocations: AccessRevocations,
  ) {}

  /** A new session: its first refresh token and the family id its access tokens carry. */
  async issue(subjectId: string, audience: Audience): Promise<{ token: string; familyId: string }> {
    const familyId = this.ids.uuid();
    const token = await this.tx.run((em) => this.insert(em, subjectId, audience, familyId));
    return { token, familyId };
  }

  async rotate(token: string): Promise<RotationOutcome> {
    let revoked: string | null = null;
    const outcome = await this.tx.run(async (em): Promise<RotationOutcome> => {
      const row = await this.tokens.findByHash(em, hash(token));
      if (!row || row.revokedAt) return { kind: 'invalid' };
      const now = this.clock.now();
      if (row.expiresAt <= now) return { kind: 'expired' };
      if (!(await this.tokens.claim(em, row.id, now))) {
        await this.revokeFamilyWithin(em, row.familyId);
        revoked = row.familyId;
        return { kind: 'reused' };
      }
      const next = await this.insert(em, row.subjectId, row.audience as Audience, row.familyId);
      return { kind: 'rotated', subjectId: row.subjectId, audience: row.audience as Audience, token: next, familyId: row.familyId };
    });
    // after the commit: the database already holds the revocation, the store only speeds up the guard's check
    if (revoked) await this.revocations.revokeFamily(revoked);
    return outcome;
  }

  /** Logout: the family of this token stops working. Unknown tokens are ignored (logout is idempotent). */
  async revoke(token: string): Promise<void> {
    const familyId = await this.tx.run(async (em) => {
      const row = await this.tokens.findByHash(em, hash(token));
      if (row) await this.revokeFamilyWithin(em, row.familyId);
      return row?.familyId ?? null;
    });
    if (familyId) await this.revocations.revokeFamily(familyId);
  }

  private async revokeFamilyWithin(em: EntityManager, familyId: string): Promise<void> {
    await this.tokens.revokeFamily(em, familyId, this.clock.now());
  }

  private async insert(em: EntityManager, subjectId: string, audience: Audience, familyId: string): Promise<string> {
    const id = this.ids.uuid();
    const token = `${id}.${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    await this.tokens.insert(em, {
      id,
      familyId,
      subjectId,
      audience,
      tokenHash: hash(token),
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return token;
  }
}
