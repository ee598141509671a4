import { Injectable } from '@nestjs/common';
import type { ReverseRequest, ReversalView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import { CardEntity } from '../cards/card.entity';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { execute, isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts, type MerchantAccounts } from '../ledger/platform-accounts';
import { reversalShare } from './deduction';
import { RedemptionEntity, ReversalEntity } from './redemption.entities';
import { hashOf } from './redemption.service';
import { toReversalView } from './redemption.views';

/**
 * RefundRedemption: gives back all or part of a redemption to the same buckets it came from (principal, bonus,
 * and the points it earned), never more than what remains unrefunded. Idempotent on the merchant's reversal number.
 */
@Injectable()
export class ReversalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async reverse(staff: StaffPrincipal, redemptionId: string, request: ReverseRequest): Promise<ReversalView> {
    const redemption = await this.dataSource.getRepository(RedemptionEntity).findOneBy({ id: redemptionId, merchantId: staff.merchantId });
    if (!redemption) throw new DomainError('REDEMPTION_NOT_FOUND');
    const requestHash = hashOf({ redemptionId, amountFen: request.amountFen });

    const earlier = await this.findByNo(staff.merchantId, request.reversalNo);
    if (earlier) return this.replay(earlier, requestHash);
    const hot = await this.accounts.merchantAccounts(staff.merchantId);
    try {
      const reversal = await this.tx.run((em) => this.reverseWithin(em, staff, redemption, request, requestHash, hot));
      return toReversalView(reversal.row, reversal.remaining, false);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const raced = await this.findByNo(staff.merchantId, request.reversalNo);
      if (!raced) throw error;
      return this.replay(raced, requestHash);
    }
  }

  private async reverseWithin(
    em: EntityManager,
    staff: StaffPrincipal,
    original: RedemptionEntity,
    request: ReverseRequest,
    requestHash: string,
    hot: MerchantAccounts,
  ): Promise<{ row: ReversalEntity; remaining: number }> {
    const claimed = await execute(
      em,
      'UPDATE redemptions SET refunded_fen = refunded_fen + ? WHERE id = ? AND merchant_id = ? AND refunded_fen + ? <= amount_fen',
      [request.amountFen, original.id, staff.merchantId, request.amountFen],
    );
    if (claimed !== 1) throw new DomainError('REVERSAL_EXCEEDS_REMAINING');
    const current = await em.getRepository(RedemptionEntity).findOneByOrFail({ id: original.id });
    const after = current.refundedFen;
    const before = after - request.amountFen;
    const principalFen = reversalShare(current.principalFen, current.amountFen, before, after);
    const row: ReversalEntity = {
      id: this.ids.uuid(),
      redemptionId: current.id,
      merchantId: staff.merchantId,
      reversalNo: request.reversalNo,
      requestHash,
      amountFen: request.amountFen,
      principalFen,
      bonusFen: request.amountFen - principalFen,
      points: reversalShare(current.points, current.amountFen, before, after),
      reason: request.reason ?? null,
      operatorId: staff.staffId,
      createdAt: this.clock.now(),
    };
    await em.getRepository(ReversalEntity).insert(row);
    const card = await em.getRepository(CardEntity).findOneByOrFail({ id: current.cardId });
    await this.ledger.postInTransaction(em, {
      operationId: `reverse:${row.id}`,
      kind: 'REVERSAL',
      merchantId: staff.merchantId,
      legs: reversalLegs(card, hot, row),
    });
    await this.audit.record(em, {
      actorType: 'staff',
      actorId: staff.staffId,
      action: 'redemption.reversed',
      targetType: 'redemption',
      targetId: current.id,
      detail: { reversalId: row.id, amountFen: row.amountFen, reason: row.reason },
    });
    return { row, remaining: current.amountFen - after };
  }

  private findByNo(merchantId: string, reversalNo: string): Promise<ReversalEntity | null> {
    return this.dataSource.getRepository(ReversalEntity).findOneBy({ merchantId, reversalNo });
  }

  private async replay(earlier: ReversalEntity, requestHash: string): Promise<ReversalView> {
    if (earlier.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', `reversal ${earlier.reversalNo}`);
    const redemption = await this.dataSource.getRepository(RedemptionEntity).findOneByOrFail({ id: earlier.redemptionId });
    return toReversalView(earlier, redemption.amountFen - redemption.refundedFen, true);
  }
}

/** The redemption's legs turned around, for the reversed part. */
function reversalLegs(card: CardEntity, hot: MerchantAccounts, reversal: ReversalEntity): TransferLeg[] {
  const legs: TransferLeg[] = [];
  if (reversal.principalFen > 0) legs.push({ debitAccountId: hot.payable, creditAccountId: card.principalAccountId, amount: reversal.principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REVERSAL });
  if (reversal.bonusFen > 0) legs.push({ debitAccountId: hot.bonusPool, creditAccountId: card.bonusAccountId, amount: reversal.bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.REVERSAL });
  if (reversal.points > 0) legs.push({ debitAccountId: card.pointsAccountId, creditAccountId: hot.pointsPool, amount: reversal.points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.REVERSAL });
  return legs;
}
