import { Injectable } from '@nestjs/common';
import type { ReverseRequest, ReversalView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CardsRepository, type SaleCard } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts, type MerchantAccounts } from '../ledger/platform-accounts';
import { CouponsAtTill } from '../marketing/coupons-at-till';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { reversalShare } from './deduction';
import type { RedemptionEntity, ReversalEntity } from './redemption.entities';
import { RedemptionRepository } from './redemption.repository';
import { hashOf } from './redemption.service';
import type { Till } from './sale';
import { toReversalView } from './redemption.views';

/**
 * RefundRedemption: gives back all or part of a redemption to the same buckets it came from (principal, bonus,
 * and the points it earned), never more than what remains unrefunded. Idempotent on the merchant's reversal number.
 * The till is an owner's or manager's login (every store) or a merchant's server (its key's stores only).
 */
@Injectable()
export class ReversalService {
  constructor(
    private readonly redemptions: RedemptionRepository,
    private readonly cards: CardsRepository,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly outbox: WebhookOutbox,
    private readonly coupons: CouponsAtTill,
  ) {}

  async reverse(till: Till, redemptionId: string, request: ReverseRequest): Promise<ReversalView> {
    const redemption = await this.redemptions.findOfMerchant(till.merchantId, redemptionId);
    if (!redemption) throw new DomainError('REDEMPTION_NOT_FOUND');
    if (till.storeIds && !till.storeIds.includes(redemption.storeId)) throw new DomainError('STORE_NOT_ALLOWED');
    const requestHash = hashOf({ redemptionId, amountFen: request.amountFen });

    const earlier = await this.findByNo(till.merchantId, request.reversalNo);
    if (earlier) return this.replay(earlier, requestHash);
    const hot = await this.accounts.merchantAccounts(till.merchantId);
    try {
      const reversal = await this.tx.run((em) => this.reverseWithin(em, till, redemption, request, requestHash, hot));
      return toReversalView(reversal.row, reversal.remaining, false);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const raced = await this.findByNo(till.merchantId, request.reversalNo);
      if (!raced) throw error;
      return this.replay(raced, requestHash);
    }
  }

  private async reverseWithin(
    em: EntityManager,
    till: Till,
    original: RedemptionEntity,
    request: ReverseRequest,
    requestHash: string,
    hot: MerchantAccounts,
  ): Promise<{ row: ReversalEntity; remaining: number }> {
    if (!(await this.redemptions.refundIfRemaining(em, till.merchantId, original.id, request.amountFen))) throw new DomainError('REVERSAL_EXCEEDS_REMAINING');
    const current = await this.redemptions.findById(em, original.id);
    const after = current.refundedFen;
    const before = after - request.amountFen;
    const principalFen = reversalShare(current.principalFen, current.amountFen, before, after);
    const row: ReversalEntity = {
      id: this.ids.uuid(),
      redemptionId: current.id,
      merchantId: till.merchantId,
      reversalNo: request.reversalNo,
      requestHash,
      amountFen: request.amountFen,
      principalFen,
      bonusFen: request.amountFen - principalFen,
      points: reversalShare(current.points, current.amountFen, before, after),
      reason: request.reason ?? null,
      operatorId: till.operatorId,
      createdAt: this.clock.now(),
    };
    await this.redemptions.insertReversal(em, row);
    // a sale reversed in full gives its coupon back, if the coupon is still in date (docs/marketing.md)
    const restoredCouponId = after === current.amountFen ? await this.coupons.restore(em, current.id) : null;
    const card = (await this.cards.forSale([current.cardId], em)).get(current.cardId)!;
    await this.ledger.postInTransaction(em, {
      operationId: `reverse:${row.id}`,
      kind: 'REVERSAL',
      merchantId: till.merchantId,
      legs: reversalLegs(card, hot, row),
    });
    // a merchant's server is not a person: audited as the system, its key in the detail (as a POS sale is)
    const pos = till.operatorType === 'pos';
    await this.audit.record(em, {
      actorType: pos ? 'system' : 'staff',
      actorId: pos ? null : till.operatorId,
      action: 'redemption.reversed',
      targetType: 'redemption',
      targetId: current.id,
      detail: { reversalId: row.id, amountFen: row.amountFen, reason: row.reason, ...(pos ? { operator: till.operatorId } : {}) },
    });
    await this.outbox.record(em, {
      merchantId: till.merchantId,
      type: 'card.reversed',
      subjectId: row.id,
      occurredAt: row.createdAt,
      data: {
        reversalId: row.id,
        reversalNo: row.reversalNo,
        redemptionId: current.id,
        cardId: current.cardId,
        amountFen: row.amountFen,
        principalFen: row.principalFen,
        bonusFen: row.bonusFen,
        points: row.points,
        remainingFen: current.amountFen - after,
        restoredCouponId,
        reversedAt: row.createdAt.toISOString(),
      },
    });
    return { row, remaining: current.amountFen - after };
  }

  private findByNo(merchantId: string, reversalNo: string): Promise<ReversalEntity | null> {
    return this.redemptions.findReversalByNo(merchantId, reversalNo);
  }

  private async replay(earlier: ReversalEntity, requestHash: string): Promise<ReversalView> {
    if (earlier.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', `reversal ${earlier.reversalNo}`);
    const [redemption] = await this.redemptions.findByIds([earlier.redemptionId]);
    if (!redemption) throw new Error(`redemption ${earlier.redemptionId} of reversal ${earlier.id} is missing`);
    return toReversalView(earlier, redemption.amountFen - redemption.refundedFen, true);
  }
}

/** The redemption's legs turned around, for the reversed part. */
function reversalLegs(card: SaleCard, hot: MerchantAccounts, reversal: ReversalEntity): TransferLeg[] {
  const legs: TransferLeg[] = [];
  if (reversal.principalFen > 0) legs.push({ debitAccountId: hot.payable, creditAccountId: card.principalAccountId, amount: reversal.principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REVERSAL });
  if (reversal.bonusFen > 0) legs.push({ debitAccountId: hot.bonusPool, creditAccountId: card.bonusAccountId, amount: reversal.bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.REVERSAL });
  if (reversal.points > 0) legs.push({ debitAccountId: card.pointsAccountId, creditAccountId: hot.pointsPool, amount: reversal.points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.REVERSAL });
  return legs;
}
