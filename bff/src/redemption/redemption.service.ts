// RedeemCard, the till's one money verb. A sale is a batch of one everywhere; under load, sales share batches.
//
//  1. entry (this file)      hash the request; a resend of a sale still in flight waits for its outcome; hand
//                            the sale to the pipeline; answer with its receipt
//  2. check stage            sale-check.stage.ts — one read of the stores (+ merchant status) and of the member
//                            codes, then one read of the codes' cards and the codes' claims in the key-value store
//                            (code-claims.step.ts: a claim belongs to its sale, so a retry of the sale retakes it)
//  3. commit stage           sale-commit.stage.ts — one transaction: lock the card accounts, decide, consume the
//                            codes, write redemptions + ledger postings + audit in one round trip
//  4. decision (pure)        sale-decision.ts — card refusals, the split over the locked balances, the rows each
//                            paying sale writes
//  5. outcome (this file)    a refused sale gives its claim back (code-claims.step.ts), so the code can be shown
//                            again; a failure that may be a retry (order number taken, code or coupon used, merchant
//                            frozen) is answered from the first receipt when there is one
//
// A coupon (request.couponId; docs/marketing.md): priced in the check stage with the cards' read (amountFen is then
// the list price), used by a guarded UPDATE in the commit's transaction with a coupon_redemptions row beside the
// redemption; the card pays the rest. A sale without one runs no statement of it.
//
// Batching (MySQL/MariaDB): each stage gathers the sales that queued while its previous batch ran (GroupCommit);
// while one batch commits the next is being checked. Two sales with one order number never share a batch. A
// batch that conflicts as a whole (BatchConflict, a unique key, a deadlock) is committed again one sale at a
// time; anything else fails loudly. SQLite (one connection) and the benchmark's naive baseline take every sale
// through the same stages as a batch of one.
import { Injectable, Logger } from '@nestjs/common';
import type { RedeemRequest, RedemptionView } from '@jucard/shared';
import { createHash } from 'node:crypto';
import { CardsRepository } from '../cards/cards.repository';
import { DomainError } from '../common/domain-error';
import { GroupCommit } from '../common/group-commit';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { CouponsAtTill } from '../marketing/coupons-at-till';
import { RiskService } from '../risk/risk.service';
import { claimOwner, CodeClaims } from './code-claims.step';
import type { RedemptionEntity } from './redemption.entities';
import { RedemptionRepository } from './redemption.repository';
import { toRedemptionView } from './redemption.views';
import type { CheckedSale, Outcome, Redeemed, SaleRequest, Till } from './sale';
import { SaleCheckStage } from './sale-check.stage';
import { SaleCommitStage } from './sale-commit.stage';

export type { Till } from './sale';

/** Failures that a retry of an earlier sale also meets: answered from the first receipt when there is one. */
const REPLAYABLE = new Set(['MEMBER_CODE_USED', 'COUPON_USED', 'MERCHANT_FROZEN', 'MERCHANT_NOT_APPROVED']);

@Injectable()
export class RedemptionService {
  private readonly logger = new Logger(RedemptionService.name);
  private readonly checks: (sale: SaleRequest) => Promise<CheckedSale>;
  private readonly commits: (sale: CheckedSale) => Promise<Redeemed>;

  constructor(
    private readonly checkStage: SaleCheckStage,
    private readonly commitStage: SaleCommitStage,
    private readonly claims: CodeClaims,
    private readonly redemptions: RedemptionRepository,
    private readonly cards: CardsRepository,
    private readonly accounts: PlatformAccounts,
    private readonly ids: IdGenerator,
    private readonly coupons: CouponsAtTill,
    private readonly risk: RiskService,
    tx: TransactionRunner,
    config: AppConfig,
  ) {
    // group commit on MySQL/MariaDB (SQLite queues every transaction anyway); the naive benchmark baseline keeps one
    // transaction per sale
    const batching = !tx.isSqlite && config.REDEMPTION_BATCH_MAX > 1 && config.LEDGER_HOT_ACCOUNTS_INLINE !== 'true';
    if (batching) {
      const checks = new GroupCommit<SaleRequest, CheckedSale>((sales) => this.checkStage.check(sales), { maxBatch: config.REDEMPTION_BATCH_MAX, maxInFlight: 1 });
      const commits = new GroupCommit<CheckedSale, Redeemed>((sales) => this.commitStage.commit(sales), {
        maxBatch: config.REDEMPTION_BATCH_MAX,
        maxInFlight: config.REDEMPTION_BATCHES_IN_FLIGHT,
        conflictKey: (sale) => `${sale.till.merchantId}|${sale.request.merchantOrderNo}`,
      });
      this.checks = (sale) => checks.submit(sale);
      this.commits = (sale) => commits.submit(sale);
    } else {
      this.checks = async (sale) => only(await this.checkStage.check([sale]));
      this.commits = async (sale) => only(await this.commitStage.commit([sale]));
    }
  }

  /**
   * A POS that times out resends the sale while the first request is still running: the resend waits for the first
   * one's outcome here (same process) instead of meeting its claim. Elsewhere the claim belongs to the sale, so the
   * resend goes on to the database, which serialises the two and answers the second from the first receipt.
   */
  private readonly inFlight = new Map<string, { requestHash: string; outcome: Promise<RedemptionView> }>();

  async redeem(till: Till, request: RedeemRequest): Promise<RedemptionView> {
    // a coupon joins the hash only when there is one, so a sale without one hashes as it always did
    const requestHash = hashOf({ code: request.code.replace(/\s+/g, ''), amountFen: request.amountFen, storeId: request.storeId, ...(request.couponId ? { couponId: request.couponId } : {}) });
    const key = `${till.merchantId}|${request.merchantOrderNo}`;
    const first = this.inFlight.get(key);
    if (first?.requestHash === requestHash) return { ...(await first.outcome), replayed: true };
    if (first) await first.outcome.catch(() => undefined); // another body under the same number: answered once the first is decided
    const outcome = this.redeemOnce(till, request, requestHash);
    this.inFlight.set(key, { requestHash, outcome });
    try {
      return await outcome;
    } finally {
      if (this.inFlight.get(key)?.outcome === outcome) this.inFlight.delete(key);
    }
  }

  private async redeemOnce(till: Till, request: RedeemRequest, requestHash: string): Promise<RedemptionView> {
    const sale: SaleRequest = { till, request, requestHash, redemptionId: this.ids.uuid(), hot: await this.accounts.merchantAccounts(till.merchantId) };
    try {
      const checked = await this.checks(sale);
      const { redemption, cardNo, coupon } = await this.committed(checked);
      this.logger.log(`redemption ${redemption.id}: ${redemption.amountFen} fen at store ${checked.store.id} (order ${request.merchantOrderNo})`);
      return { ...toRedemptionView(redemption, checked.store, cardNo, false), ...(coupon ? { coupon } : {}) };
    } catch (error) {
      // a retried order number is recognised where it fails (its code is used by then, or the order number is taken),
      // so a first attempt pays no lookup; a frozen merchant takes no new payment, but a replay gets its first answer
      const replayable = isUniqueViolation(error) || (error instanceof DomainError && REPLAYABLE.has(error.code));
      if (!replayable) throw error;
      const earlier = await this.redemptions.findByOrderNo(till.merchantId, request.merchantOrderNo);
      if (!earlier) throw error;
      return this.replay(sale, earlier);
    }
  }

  /**
   * Risk control, then the commit of a claimed sale; a sale that ends without consuming its code (risk refused it, or
   * the commit did) gives the claim back. No rule tripped: no SQL (cached rules, Redis counters; docs/risk.md).
   */
  private async committed(sale: CheckedSale): Promise<Redeemed> {
    try {
      const { card } = sale;
      await this.risk.decide({ kind: 'REDEMPTION', id: sale.redemptionId, consumerId: card.consumerId, cardId: card.id, merchantId: card.merchantId, productId: card.productId, amountFen: sale.request.amountFen });
      return await this.commits(sale);
    } catch (error) {
      await this.claims.release(sale.codeId, claimOwner(sale), error);
      throw error;
    }
  }

  private async replay(sale: SaleRequest, earlier: RedemptionEntity): Promise<RedemptionView> {
    const store = await this.checkStage.storeFor(sale);
    if (earlier.requestHash !== sale.requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', `merchant order ${earlier.merchantOrderNo}`);
    const view = toRedemptionView(earlier, store, await this.cards.cardNo(earlier.cardId), true);
    // the same hash: a coupon was presented exactly when this request presents one
    const used = sale.request.couponId ? await this.coupons.ofSale(earlier.id) : null;
    return used ? { ...view, coupon: { couponId: used.couponId, listPriceFen: used.listPriceFen, discountFen: used.discountFen, paidFen: used.paidFen } } : view;
  }
}

function only<T>([outcome]: Array<Outcome<T>>): T {
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
