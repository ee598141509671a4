import { Injectable, Logger } from '@nestjs/common';
import { canCardMoveMoney, canMerchantOperate, type Fen, type RedeemRequest, type RedemptionView } from '@jucard/shared';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CardProductEntity } from '../card-products/card-product.entity';
import { CardEntity } from '../cards/card.entity';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { readInt } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts, type MerchantAccounts } from '../ledger/platform-accounts';
import { MemberCodesService } from '../member-codes/member-codes.service';
import { MerchantEntity, StoreEntity } from '../merchants/merchant.entity';
import { pointsFor, splitRedemption } from './deduction';
import { RedemptionEntity } from './redemption.entities';
import { toRedemptionView } from './redemption.views';

/** Who is taking the money: a cashier's login (limited to their stores) or a merchant's POS server (one store). */
export interface Till {
  merchantId: string;
  /** Stores this actor may redeem at; null = every store of the merchant. */
  storeIds: string[] | null;
  operatorType: 'staff' | 'pos';
  operatorId: string;
}

/**
 * RedeemCard: the till's one money verb. In ONE short transaction: consume the member code, check the card,
 * lock the card's two balance rows, write the redemption and post the transfers (card → merchant payable, which
 * is a hot account and is only rolled up later).
 */
@Injectable()
export class RedemptionService {
  private readonly logger = new Logger(RedemptionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly codes: MemberCodesService,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async redeem(till: Till, request: RedeemRequest): Promise<RedemptionView> {
    const store = await this.storeFor(till, request.storeId);
    const requestHash = hashOf({ code: request.code.replace(/\s+/g, ''), amountFen: request.amountFen, storeId: store.id });

    const earlier = await this.findByOrderNo(till.merchantId, request.merchantOrderNo);
    if (earlier) return this.replay(earlier, requestHash, store);
    // a frozen merchant takes no new payment (a replay above still gets its first answer)
    await this.requireOperating(till.merchantId);

    const code = await this.codes.verify(request.code);
    if (!(await this.codes.claimFast(code.id))) {
      return this.replayOr(till, request, requestHash, store, new DomainError('MEMBER_CODE_USED'));
    }
    const redemptionId = this.ids.uuid();
    const hot = await this.accounts.merchantAccounts(till.merchantId);
    try {
      const { redemption, cardNo } = await this.tx.run((em) => this.redeemWithin(em, till, store, request, requestHash, code.id, code.cardId, redemptionId, hot));
      this.logger.log(`redemption ${redemption.id}: ${redemption.amountFen} fen at store ${store.id} (order ${request.merchantOrderNo})`);
      return toRedemptionView(redemption, store, cardNo, false);
    } catch (error) {
      if (isUniqueViolation(error)) {
        // the same merchant order number committed a moment ago: answer as a replay (or 409 if the body differs)
        await this.codes.releaseFast(code.id);
        return this.replayOr(till, request, requestHash, store, error);
      }
      if (error instanceof DomainError && error.code === 'MEMBER_CODE_USED') {
        return this.replayOr(till, request, requestHash, store, error);
      }
      // refused (余额不足, wrong store, …): nothing was consumed, so the consumer may present the same code again
      await this.codes.releaseFast(code.id);
      throw error;
    }
  }

  private async redeemWithin(
    em: EntityManager,
    till: Till,
    store: StoreEntity,
    request: RedeemRequest,
    requestHash: string,
    codeId: string,
    cardId: string,
    redemptionId: string,
    hot: MerchantAccounts,
  ): Promise<{ redemption: RedemptionEntity; cardNo: string }> {
    await this.codes.consume(em, codeId, redemptionId);

    const card = await em.getRepository(CardEntity).findOneByOrFail({ id: cardId });
    if (card.merchantId !== till.merchantId) throw new DomainError('CARD_OF_ANOTHER_MERCHANT');
    if (!canCardMoveMoney(card.status)) throw new DomainError('CARD_NOT_ACTIVE');
    const now = this.clock.now();
    if (card.expiresAt && card.expiresAt <= now) throw new DomainError('CARD_EXPIRED');
    const product = await em.getRepository(CardProductEntity).findOneByOrFail({ id: card.productId });
    if (product.storeIds.length > 0 && !product.storeIds.includes(store.id)) throw new DomainError('CARD_NOT_ACCEPTED_AT_STORE');

    // Lock the card's own rows (cold, one card) so the split is computed on balances nobody else is changing.
    const balance = await this.lockBalances(em, card);
    if (request.amountFen > balance.principal + balance.bonus) throw new DomainError('INSUFFICIENT_BALANCE');
    const split = splitRedemption(product.deductionRule, request.amountFen, balance.principal, balance.bonus);
    const points = pointsFor(request.amountFen, product.pointsPerYuan);

    const redemption: RedemptionEntity = {
      id: redemptionId,
      merchantId: till.merchantId,
      storeId: store.id,
      cardId: card.id,
      memberCodeId: codeId,
      merchantOrderNo: request.merchantOrderNo,
      requestHash,
      amountFen: request.amountFen,
      principalFen: split.principalFen,
      bonusFen: split.bonusFen,
      points,
      refundedFen: 0,
      principalAfterFen: balance.principal - split.principalFen,
      bonusAfterFen: balance.bonus - split.bonusFen,
      pointsAfter: balance.points + points,
      operatorType: till.operatorType,
      operatorId: till.operatorId,
      createdAt: now,
    };
    await em.getRepository(RedemptionEntity).insert(redemption);
    await this.ledger.postInTransaction(em, {
      operationId: `redeem:${redemptionId}`,
      kind: 'REDEMPTION',
      merchantId: till.merchantId,
      legs: legsOf(card, hot, split.principalFen, split.bonusFen, points),
    });
    await this.audit.record(em, {
      actorType: till.operatorType === 'pos' ? 'system' : 'staff',
      actorId: till.operatorType === 'pos' ? null : till.operatorId,
      action: 'card.redeemed',
      targetType: 'card',
      targetId: card.id,
      detail: { redemptionId, amountFen: request.amountFen, storeId: store.id, operator: till.operatorId },
    });
    return { redemption, cardNo: card.cardNo };
  }


  private async lockBalances(em: EntityManager, card: CardEntity): Promise<{ principal: Fen; bonus: Fen; points: number }> {
    const lock = this.tx.isSqlite ? '' : ' FOR UPDATE';
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT id, credits_posted - debits_posted - debits_pending AS balance FROM ledger_accounts WHERE id IN (?, ?, ?) ORDER BY id${lock}`,
      [card.principalAccountId, card.bonusAccountId, card.pointsAccountId],
    );
    const of = (id: number) => readInt(rows.find((r) => readInt(r.id) === id)?.balance ?? 0);
    return { principal: of(card.principalAccountId), bonus: of(card.bonusAccountId), points: of(card.pointsAccountId) };
  }

  private async requireOperating(merchantId: string): Promise<void> {
    const merchant = await this.dataSource.getRepository(MerchantEntity).findOneByOrFail({ id: merchantId });
    if (!canMerchantOperate(merchant.status)) throw new DomainError(merchant.status === 'FROZEN' ? 'MERCHANT_FROZEN' : 'MERCHANT_NOT_APPROVED');
  }

  private async storeFor(till: Till, storeId: string): Promise<StoreEntity> {
    const store = await this.dataSource.getRepository(StoreEntity).findOneBy({ id: storeId, merchantId: till.merchantId });
    if (!store) throw new DomainError('STORE_NOT_FOUND');
    if (till.storeIds && !till.storeIds.includes(store.id)) throw new DomainError('STORE_NOT_ALLOWED');
    return store;
  }

  private findByOrderNo(merchantId: string, merchantOrderNo: string): Promise<RedemptionEntity | null> {
    return this.dataSource.getRepository(RedemptionEntity).findOneBy({ merchantId, merchantOrderNo });
  }

  private async replayOr(till: Till, request: RedeemRequest, requestHash: string, store: StoreEntity, otherwise: unknown): Promise<RedemptionView> {
    const earlier = await this.findByOrderNo(till.merchantId, request.merchantOrderNo);
    if (earlier) return this.replay(earlier, requestHash, store);
    throw otherwise;
  }

  private async replay(earlier: RedemptionEntity, requestHash: string, store: StoreEntity): Promise<RedemptionView> {
    if (earlier.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', `merchant order ${earlier.merchantOrderNo}`);
    return toRedemptionView(earlier, store, await this.cardNo(earlier.cardId), true);
  }

  private async cardNo(cardId: string): Promise<string> {
    return (await this.dataSource.getRepository(CardEntity).findOneByOrFail({ id: cardId })).cardNo;
  }
}

function legsOf(card: CardEntity, hot: MerchantAccounts, principalFen: Fen, bonusFen: Fen, points: number): TransferLeg[] {
  const legs: TransferLeg[] = [];
  if (principalFen > 0) legs.push({ debitAccountId: card.principalAccountId, creditAccountId: hot.payable, amount: principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION });
  if (bonusFen > 0) legs.push({ debitAccountId: card.bonusAccountId, creditAccountId: hot.bonusPool, amount: bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_REDEMPTION });
  if (points > 0) legs.push({ debitAccountId: hot.pointsPool, creditAccountId: card.pointsAccountId, amount: points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_ACCRUAL });
  return legs;
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
