import { Inject, Injectable, Logger } from '@nestjs/common';
import { canCardMoveMoney, parseMemberCode, type MemberCodeStatus, type MemberCodeView, type ParsedMemberCode } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { execute, isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import type { Statement } from '../database/statements';
import { KeyValueStore } from '../kv/key-value-store';
import { RateLimiter } from '../kv/rate-limiter';
import { CODE_RECEIPTS, type CodeReceipts } from './code-receipts.port';
import { MemberCodeSigner } from './member-code-signer';
import { MemberCodesRepository, type CodeClaim, type MemberCode } from './member-codes.repository';

/**
 * Dynamic member codes. A code is a server-issued row (id, card, expiry) whose id and MAC the consumer shows.
 * Single use is enforced twice: a key-value SET NX fast path, and the conditional UPDATE of the row inside the
 * redemption transaction — the database is the truth, so a Redis outage never lets a code be used twice.
 */
/** Wrong MACs one live code takes before it is expired. */
export const MAX_MAC_FAILURES = 5;

@Injectable()
export class MemberCodesService {
  private readonly logger = new Logger(MemberCodesService.name);

  constructor(
    private readonly codes: MemberCodesRepository,
    private readonly cards: CardsRepository,
    @Inject(CODE_RECEIPTS) private readonly receipts: CodeReceipts,
    private readonly tx: TransactionRunner,
    private readonly signer: MemberCodeSigner,
    private readonly store: KeyValueStore,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  async issue(consumer: ConsumerPrincipal, cardId: string): Promise<MemberCodeView> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    if (!canCardMoveMoney(card.status)) throw new DomainError('CARD_NOT_ACTIVE');
    const now = this.clock.now();
    if (card.expiresAt && card.expiresAt <= now) throw new DomainError('CARD_EXPIRED');
    await this.limiter.consume(`member-code:${consumer.consumerId}`, this.config.MEMBER_CODE_ISSUE_PER_MINUTE, 60_000);

    const expiresAt = new Date(now.getTime() + this.config.MEMBER_CODE_TTL_SECONDS * 1000);
    for (let attempt = 1; ; attempt++) {
      const row: MemberCode = {
        id: this.ids.digits(9),
        cardId: card.id,
        consumerId: consumer.consumerId,
        keyId: this.signer.activeKeyId,
        expiresAt,
        usedAt: null,
        redemptionId: null,
        createdAt: now,
      };
      try {
        await this.tx.run((em) => this.codes.insert(em, row));
      } catch (error) {
        // a 9-digit id may repeat an old code's id; draw again
        if (isUniqueViolation(error) && attempt < 5) continue;
        throw error;
      }
      const rendered = this.signer.render({ ...row, codeId: row.id });
      return {
        codeId: row.id,
        ...rendered,
        expiresAt: expiresAt.toISOString(),
        ttlSeconds: this.config.MEMBER_CODE_TTL_SECONDS,
        refreshAfterSeconds: Math.floor(this.config.MEMBER_CODE_TTL_SECONDS / 2),
        serverTime: now.toISOString(),
      };
    }
  }

  /** What the consumer's code page polls: still showing, used (with the receipt), or expired. */
  async status(consumer: ConsumerPrincipal, codeId: string): Promise<MemberCodeStatus> {
    const row = await this.codes.findOwned(consumer.consumerId, codeId);
    if (!row) throw new DomainError('NOT_FOUND', 'member code');
    if (row.usedAt && row.redemptionId) return { codeId, state: 'USED', redemption: await this.receipts.receiptOf(row.redemptionId) };
    const expired = row.expiresAt.getTime() <= this.clock.now().getTime();
    return { codeId, state: expired ? 'EXPIRED' : 'ACTIVE', redemption: null };
  }

  /**
   * Checks a presented code (shape, key, MAC, expiry with grace) and returns its row. Does not consume it.
   * Every forged or unknown code gets the same answer.
   */
  async verify(presented: string): Promise<MemberCode> {
    const parsed = parseMemberCode(presented);
    if (!parsed) throw new DomainError('MEMBER_CODE_INVALID');
    const row = await this.codes.findById(parsed.codeId);
    try {
      return this.check(parsed, row);
    } catch (error) {
      if (row && !row.usedAt && error instanceof DomainError && error.code === 'MEMBER_CODE_INVALID') await this.countForgery(row.id);
      throw error;
    }
  }

  /** verify() for several presented codes with one read; each answer is its row or the refusal verify() would throw. */
  async verifyMany(presented: string[]): Promise<Array<MemberCode | DomainError>> {
    const parsed = presented.map((text) => parseMemberCode(text));
    const rows = await this.codes.findByIds(parsed.flatMap((p) => (p ? [p.codeId] : [])));
    const answers = parsed.map((p) => {
      if (!p) return new DomainError('MEMBER_CODE_INVALID');
      try {
        return this.check(p, rows.get(p.codeId) ?? null);
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
    });
    const forged = parsed.flatMap((p, i) => {
      const row = p && rows.get(p.codeId);
      const answer = answers[i];
      return row && !row.usedAt && answer instanceof DomainError && answer.code === 'MEMBER_CODE_INVALID' ? [row.id] : [];
    });
    if (forged.length > 0) await Promise.all(forged.map((codeId) => this.countForgery(codeId)));
    return answers;
  }

  /**
   * A live code's id is on the customer's screen; its MAC is what a guesser lacks. After MAX_MAC_FAILURES wrong
   * MACs the code is expired in the database (the truth, at no cost to a good sale) and the customer's page shows
   * a new one. The count lives in the key-value store; without it the guesses are not counted.
   */
  private async countForgery(codeId: string): Promise<void> {
    const windowMs = (this.config.MEMBER_CODE_TTL_SECONDS + this.config.MEMBER_CODE_GRACE_SECONDS) * 1000;
    let failures: number;
    try {
      failures = await this.store.increment(`mc:mac-fail:${codeId}`, windowMs);
    } catch {
      return;
    }
    if (failures < MAX_MAC_FAILURES) return;
    const past = new Date(this.clock.now().getTime() - (this.config.MEMBER_CODE_GRACE_SECONDS + 1) * 1000);
    await this.codes.expireUnused(codeId, past);
    this.logger.warn(`member code ${codeId} expired after ${failures} wrong MACs`);
  }

  private check(parsed: ParsedMemberCode, row: MemberCode | null): MemberCode {
    if (!row || !this.signer.verify(parsed, { ...row, codeId: row.id })) throw new DomainError('MEMBER_CODE_INVALID');
    if (row.usedAt) throw new DomainError('MEMBER_CODE_USED');
    if (!this.isWithinGrace(row.expiresAt)) throw new DomainError('MEMBER_CODE_EXPIRED');
    return row;
  }

  /**
   * The truth: marks codes used by their redemptions inside the sales' transaction, in one guarded UPDATE (read back
   * only when some claim lost). Each claim's answer, in order: consumed by its redemption, or why not (used by
   * another, also by an earlier claim of the same batch, or expired past the grace).
   */
  async consumeMany(em: EntityManager, claims: CodeClaim[]): Promise<CodeConsumption[]> {
    if (claims.length === 0) return [];
    const { sql, parameters } = this.consumption(claims);
    const changed = await execute(em, sql, parameters);
    // as many rows changed as there are claims: every code was free, in time and claimed once (the usual case)
    if (changed === claims.length) return claims.map(() => 'CONSUMED');
    const usage = await this.codes.usage(em, claims.map((c) => c.codeId));
    return claims.map((claim) => {
      const row = usage.get(claim.codeId);
      return row?.redemptionId === claim.redemptionId ? 'CONSUMED' : row?.used ? 'MEMBER_CODE_USED' : 'MEMBER_CODE_EXPIRED';
    });
  }

  /**
   * The guarded UPDATE consuming the codes, as a statement expecting every claim to win: for a batch that sends it
   * with its other writes and, when it does not, rolls back and takes its sales one by one (consumeMany each).
   */
  consumption(claims: CodeClaim[]): Statement {
    const now = this.clock.now();
    return this.codes.consumption(claims, now, new Date(now.getTime() - this.config.MEMBER_CODE_GRACE_SECONDS * 1000));
  }

  /** consumeMany for one code: resolves once it is consumed, or throws why it cannot be. */
  async consume(em: EntityManager, codeId: string, redemptionId: string): Promise<void> {
    const [answer] = await this.consumeMany(em, [{ codeId, redemptionId }]);
    if (answer !== 'CONSUMED') throw new DomainError(answer!);
  }

  /** Valid until `expiresAt` plus the grace (a scan at the last second, small clock differences between nodes). */
  isWithinGrace(expiresAt: Date): boolean {
    return this.clock.now().getTime() <= expiresAt.getTime() + this.config.MEMBER_CODE_GRACE_SECONDS * 1000;
  }
}

export type CodeConsumption = 'CONSUMED' | 'MEMBER_CODE_USED' | 'MEMBER_CODE_EXPIRED';
