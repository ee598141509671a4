import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { KeyValueStore } from '../kv/key-value-store';
import type { SaleRequest } from './sale';

/** Longer than any sale takes from claim to commit: a claim older than this was left by a process that died. */
export const STALE_CLAIM_MS = 30_000;

/** What a claim holds: the sale it belongs to (merchant, order number, request) and when it was taken. */
export function claimOwner(sale: Pick<SaleRequest, 'till' | 'request' | 'requestHash'>): string {
  return `${sale.till.merchantId}|${sale.request.merchantOrderNo}|${sale.requestHash}`;
}

const claimKey = (codeId: string) => `mc:claim:${codeId}`;

/**
 * The money step's fast gate and its compensation, side by side. A sale claims its member code in the key-value
 * store before it may commit, so a second presenter is refused at once; the claim belongs to the sale, so the same
 * sale (a retry with the same order number and body, after a timeout or a crash) takes it again. It is given back
 * on every path that ends without consuming the code, so the consumer can show the same code again. The database's
 * guarded UPDATE is the truth: where the store and the database disagree (a stale claim of a dead process, the store
 * down) the sale goes on and the database decides.
 */
@Injectable()
export class CodeClaims {
  private readonly logger = new Logger(CodeClaims.name);

  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Claims each sale's code (pipelined); false where another live sale holds it. */
  take(claims: Array<{ codeId: string; owner: string }>): Promise<boolean[]> {
    return Promise.all(claims.map(({ codeId, owner }) => this.takeOne(codeId, owner)));
  }

  private async takeOne(codeId: string, owner: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const ttlMs = (this.config.MEMBER_CODE_TTL_SECONDS + this.config.MEMBER_CODE_GRACE_SECONDS + 60) * 1000;
    try {
      if (await this.store.set(claimKey(codeId), `${owner}|${now}`, { ttlMs, onlyIfAbsent: true })) return true;
      const held = parseClaim(await this.store.get(claimKey(codeId)));
      // ours (the same sale again), gone meanwhile, or left by a dead process: the database decides
      return !held || held.owner === owner || now - held.takenAt > STALE_CLAIM_MS;
    } catch (error) {
      // the store is only a pre-filter; the database decides
      this.logger.warn(`member-code fast path unavailable (${(error as Error).message}); relying on the database`);
      return true;
    }
  }

  /** Compensation for a sale that ended in `failure` after taking its claim. */
  async release(codeId: string, owner: string, failure: unknown): Promise<void> {
    // used: consumed for real (by this sale's first attempt or another): nothing to give back
    if (failure instanceof DomainError && failure.code === 'MEMBER_CODE_USED') return;
    await this.releaseAll([{ codeId, owner }]);
  }

  /** Gives back claims this sale holds (another sale's claim on the same code is left alone). */
  async releaseAll(claims: Array<{ codeId: string; owner: string }>): Promise<void> {
    await Promise.all(
      claims.map(async ({ codeId, owner }) => {
        try {
          if (parseClaim(await this.store.get(claimKey(codeId)))?.owner === owner) await this.store.delete(claimKey(codeId));
        } catch {
          // the store is down: the claim expires by itself, and the database decides meanwhile
        }
      }),
    );
  }
}

function parseClaim(value: string | null): { owner: string; takenAt: number } | null {
  if (!value) return null;
  const cut = value.lastIndexOf('|');
  return { owner: value.slice(0, cut), takenAt: Number(value.slice(cut + 1)) || 0 };
}
