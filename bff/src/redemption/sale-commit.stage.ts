import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BatchConflict } from '../common/batch-conflict';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { runStatements } from '../database/statements';
import { isDeadlock, isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LedgerService } from '../ledger/ledger.service';
import { CouponsAtTill, type AppliedCoupon } from '../marketing/coupons-at-till';
import { MemberCodesService } from '../member-codes/member-codes.service';
import { WebhookOutbox, type WebhookEvent } from '../webhooks/webhook-outbox';
import type { RedemptionEntity } from './redemption.entities';
import { RedemptionRepository } from './redemption.repository';
import type { CheckedSale, Outcome, Redeemed } from './sale';
import { accountsOf, auditOf, cardRefusal, decideSales, postingOf, redemptionOf } from './sale-decision';
import { settled } from './sale';

/**
 * The commit stage: checked, claimed sales in ONE short READ COMMITTED transaction with a constant number of
 * statements — lock every card account (ascending ids), decide on the locked balances, then one round trip with the
 * code consumption, the redemptions, the ledger's operations / transfers / deltas, the audit rows and the webhook events.
 */
@Injectable()
export class SaleCommitStage {
  private readonly logger = new Logger(SaleCommitStage.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly codes: MemberCodesService,
    private readonly redemptions: RedemptionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outbox: WebhookOutbox,
    private readonly coupons: CouponsAtTill,
  ) {}

  /**
   * A batch of one gets its exact answer. A larger batch that conflicts as a whole — a code consumed meanwhile, a
   * guard that no longer holds (BatchConflict), an order number committed meanwhile (unique key), a deadlock past
   * its retries — goes back to one by one. Anything else is a bug and fails the batch loudly.
   */
  async commit(sales: CheckedSale[]): Promise<Array<Outcome<Redeemed>>> {
    if (sales.length === 1) return [await settled(this.commitOne(sales[0]!))];
    try {
      return await this.tx.run((em) => this.commitWithin(em, sales, 'alongside'));
    } catch (error) {
      const cause = error instanceof BatchConflict ? 'conflict' : isUniqueViolation(error) ? 'unique key' : isDeadlock(error) ? 'deadlock' : null;
      if (!cause) throw error;
      this.logger.log(`a batch of ${sales.length} redemptions went back to one by one (${cause}: ${(error as Error).message})`);
      return Promise.all(sales.map((sale) => settled(this.commitOne(sale))));
    }
  }

  private async commitOne(sale: CheckedSale): Promise<Redeemed> {
    const [outcome] = await this.tx.run((em) => this.commitWithin(em, [sale], 'first'));
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.value;
  }

  /**
   * `codes`: 'first' consumes the code before the other writes, to learn exactly why it cannot be (a batch of one);
   * 'alongside' sends it with them, expecting every code to be consumed (a lost one is a BatchConflict).
   */
  private async commitWithin(em: EntityManager, sales: CheckedSale[], codes: 'first' | 'alongside'): Promise<Array<Outcome<Redeemed>>> {
    const outcomes = new Map<CheckedSale, Outcome<Redeemed>>();
    const refuse = (sale: CheckedSale, error: DomainError) => outcomes.set(sale, { ok: false, error });
    const now = this.clock.now();

    // the card was read when the sale was checked, outside this transaction (as a plain read inside it would be:
    // neither holds off a freeze committing a moment later)
    const candidates = sales.filter((sale) => {
      const refusal = cardRefusal(sale, now);
      return !(refusal && refuse(sale, new DomainError(refusal)));
    });
    const locked = await this.ledger.lockAccounts(em, candidates.flatMap(accountsOf));
    const balances = new Map([...locked.values()].map((a) => [a.id, a.creditsPosted - a.debitsPosted - a.debitsPending]));
    // only sales that can pay have their code consumed
    const { paying, short } = decideSales(candidates, balances);
    for (const sale of short) refuse(sale, new DomainError('INSUFFICIENT_BALANCE'));

    const claims = paying.map(({ sale }) => ({ codeId: sale.codeId, redemptionId: sale.redemptionId }));
    if (codes === 'first' && paying.length > 0) {
      const [consumed] = await this.codes.consumeMany(em, claims);
      if (consumed !== 'CONSUMED') {
        refuse(paying[0]!.sale, new DomainError(consumed!));
        return sales.map((sale) => outcomes.get(sale)!);
      }
    }
    const couponUses = paying.flatMap(({ sale }) =>
      sale.coupon ? [{ redemptionId: sale.redemptionId, merchantId: sale.till.merchantId, listPriceFen: sale.request.amountFen, coupon: sale.coupon }] : [],
    );
    const couponWrites = this.coupons.useStatements(couponUses);
    // single use: the guarded UPDATE is the truth; a coupon used meanwhile (at another store) throws, so the code
    // consumed above rolls back with it and the card is charged nothing
    if (codes === 'first' && couponWrites && !(await runStatements(em, [couponWrites.use]))) throw new DomainError('COUPON_USED');
    if (paying.length > 0) {
      const rows = paying.map((p) => redemptionOf(p, now));
      const alongside = [
        ...(codes === 'alongside' ? [this.codes.consumption(claims), ...(couponWrites ? [couponWrites.use] : [])] : []),
        ...(couponWrites ? [couponWrites.rows] : []),
        this.redemptions.redemptionsInsert(rows),
        this.audit.entriesInsert(paying.map(auditOf)),
        // the card.redeemed events (and coupon.used for a sale with a coupon), in the same transaction as the sales
        // (one INSERT for the batch)
        this.outbox.eventsInsert(paying.flatMap(({ sale }, i) => saleEvents(rows[i]!, sale))),
      ];
      await this.ledger.postBatchInTransaction(em, paying.map(postingOf), { locked, alongside });
      paying.forEach(({ sale }, i) => outcomes.set(sale, { ok: true, value: { redemption: rows[i]!, cardNo: sale.card.cardNo, ...couponOf(sale) } }));
    }
    return sales.map((sale) => outcomes.get(sale)!);
  }
}

/** The receipt's 原价 / 优惠券 / 实付, for a sale that used a coupon. */
function couponOf(sale: CheckedSale): Pick<Redeemed, 'coupon'> {
  if (!sale.coupon) return {};
  const { couponId, discountFen } = sale.coupon;
  return { coupon: { couponId, listPriceFen: sale.request.amountFen, discountFen, paidFen: sale.request.amountFen - discountFen } };
}

function saleEvents(row: RedemptionEntity, sale: CheckedSale): WebhookEvent[] {
  const redeemed = redeemedEvent(row, sale.card.cardNo);
  return sale.coupon ? [redeemed, couponUsedEvent(row, sale.card.cardNo, sale.request.amountFen, sale.coupon)] : [redeemed];
}

/** One per sale that used a coupon (a coupon given back by a reversal can be used again by another sale). */
function couponUsedEvent(row: RedemptionEntity, cardNo: string, listPriceFen: number, coupon: AppliedCoupon): WebhookEvent<'coupon.used'> {
  return {
    merchantId: row.merchantId,
    type: 'coupon.used',
    subjectId: row.id,
    occurredAt: row.createdAt,
    data: {
      couponId: coupon.couponId,
      templateId: coupon.templateId,
      redemptionId: row.id,
      merchantOrderNo: row.merchantOrderNo,
      cardId: row.cardId,
      cardNo,
      storeId: row.storeId,
      listPriceFen,
      discountFen: coupon.discountFen,
      paidFen: listPriceFen - coupon.discountFen,
      usedAt: row.createdAt.toISOString(),
    },
  };
}

function redeemedEvent(row: RedemptionEntity, cardNo: string): WebhookEvent<'card.redeemed'> {
  return {
    merchantId: row.merchantId,
    type: 'card.redeemed',
    subjectId: row.id,
    occurredAt: row.createdAt,
    data: {
      redemptionId: row.id,
      merchantOrderNo: row.merchantOrderNo,
      cardId: row.cardId,
      cardNo,
      storeId: row.storeId,
      amountFen: row.amountFen,
      principalFen: row.principalFen,
      bonusFen: row.bonusFen,
      points: row.points,
      balanceAfter: { principalFen: row.principalAfterFen, bonusFen: row.bonusAfterFen, points: row.pointsAfter },
      operator: { type: row.operatorType === 'pos' ? 'pos' : 'staff', id: row.operatorId },
      redeemedAt: row.createdAt.toISOString(),
    },
  };
}
