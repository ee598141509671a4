import { Injectable, Optional } from '@nestjs/common';
import { CardsRepository, type PointsCard } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases, type Fence } from '../jobs/leases';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { expiredCutoff, pointsOlderThan } from './points-expiry-rules';

const BATCH = 500;

/**
 * Hourly, under the `points-expiry` lease: every card whose product lets points expire gives back the points past
 * their validity (points-expiry-rules: earned in year Y, gone at the end of Y + n, the earliest first) to its
 * merchant's points pool, one POINTS posting `points-expiry:<card>:<last earning year>` per card and cutoff. The
 * card's points account is read under lock in the posting's transaction, so an exchange at the same moment is taken
 * from the same oldest points and both add up; a second run, or a second instance, finds nothing older left (and the
 * operation id refuses a repeat). Returns how many cards lost points.
 */
@Injectable()
export class PointsExpiryJob extends LeasedJobProvider {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cards: CardsRepository,
    private readonly ledger: LedgerService,
    private readonly ledgerRecords: LedgerRepository,
    private readonly accounts: PlatformAccounts,
    private readonly clock: Clock,
    config: AppConfig,
    @Optional() leases?: Leases,
  ) {
    super('points-expiry', tx, leases, () => config.POINTS_EXPIRY_INTERVAL_MS);
  }

  protected async work(fence: Fence): Promise<number> {
    const now = this.clock.now();
    let expired = 0;
    let points = 0;
    for (let after = ''; ; ) {
      const page = await this.cards.withExpiringPoints(after, BATCH);
      const balances = await this.ledgerRecords.balances(null, page.map((c) => c.pointsAccountId));
      for (const card of page) {
        if ((balances.get(card.pointsAccountId) ?? 0) <= 0) continue;
        const taken = await this.expire(fence, card, now);
        if (taken > 0) {
          expired += 1;
          points += taken;
        }
      }
      if (page.length < BATCH) break;
      after = page[page.length - 1]!.id;
    }
    if (expired > 0) this.logger.log(`${points} points past their validity taken back from ${expired} cards`);
    return expired;
  }

  /** The card's points older than the cutoff, taken back in one transaction; 0 when none are. */
  private async expire(fence: Fence, card: PointsCard, now: Date): Promise<number> {
    const cutoff = expiredCutoff(now, card.pointsValidYears);
    if (!cutoff) return 0;
    // resolved before the transaction: a first use may open the account on another pool connection
    const pool = await this.accounts.merchantPointsPool(card.merchantId);
    try {
      return await fence.run(async (em) => {
        // SQLite has no row locks: its write transactions run one at a time
        const balance = (await this.ledgerRecords.balances(em, [card.pointsAccountId], !this.tx.isSqlite)).get(card.pointsAccountId) ?? 0;
        const taken = pointsOlderThan(balance, await this.ledgerRecords.creditedSince(em, card.pointsAccountId, cutoff.creditedBefore));
        if (taken === 0) return 0;
        await this.ledger.postInTransaction(em, {
          operationId: `points-expiry:${card.id}:${cutoff.earnedThrough}`,
          kind: 'POINTS_EXPIRY',
          merchantId: card.merchantId,
          legs: [{ debitAccountId: card.pointsAccountId, creditAccountId: pool, amount: taken, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_EXPIRY }],
        });
        return taken;
      });
    } catch (error) {
      // already taken back for this cutoff (a run that committed and then lost its lease): nothing more is owed
      if (error instanceof DomainError && error.code === 'CONFLICT') return 0;
      throw error;
    }
  }
}
