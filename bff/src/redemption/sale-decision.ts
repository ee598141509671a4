import { canCardMoveMoney, canMerchantHonourCards, type ErrorCode, type Fen } from '@jucard/shared';
import type { AuditEntry } from '../audit/audit.service';
import type { SaleCard } from '../cards/cards.repository';
import { DomainError } from '../common/domain-error';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import type { PostCommand, TransferLeg } from '../ledger/ledger.types';
import type { StoreStanding } from '../merchants/merchants.repository';
import { levelDiscount, multipliedPoints } from '../marketing/member-levels-rules';
import { pointsFor, splitRedemption } from './deduction';
import type { RedemptionEntity } from './redemption.entities';
import type { CheckedSale, SaleRequest } from './sale';

// The rules of a sale, with no I/O: which card may pay at all, how a batch of sales splits over the locked balances,
// and what each paying sale writes (its redemption row, its ledger posting, its audit entry).

/** Why this card cannot pay at this store now, or null. The card was read in the check stage. */
export function cardRefusal(sale: CheckedSale, now: Date): ErrorCode | null {
  return cardRefusalAt(sale.card, sale.till.merchantId, sale.store.id, now);
}

/** The same rules for a card about to be charged at `storeId` of `merchantId` (the till's inspect shares them). */
export function cardRefusalAt(card: Pick<SaleCard, 'merchantId' | 'status' | 'expiresAt' | 'storeIds'>, merchantId: string, storeId: string, now: Date): ErrorCode | null {
  if (card.merchantId !== merchantId) return 'CARD_OF_ANOTHER_MERCHANT';
  if (card.status === 'LOST') return 'CARD_REPORTED_LOST';
  if (!canCardMoveMoney(card.status)) return 'CARD_NOT_ACTIVE';
  if (card.expiresAt && card.expiresAt <= now) return 'CARD_EXPIRED';
  if (card.storeIds.length > 0 && !card.storeIds.includes(storeId)) return 'CARD_NOT_ACCEPTED_AT_STORE';
  return null;
}

/** Why a sale at this store cannot be taken by this till, or null (the till's inspect shares it). */
export function storeRefusal(
  sale: Pick<SaleRequest, 'till'>,
  found: StoreStanding | undefined,
  options: { ignoreMerchantStatus?: boolean; today?: string } = {},
): DomainError | null {
  if (!found || found.store.merchantId !== sale.till.merchantId) return new DomainError('STORE_NOT_FOUND');
  if (sale.till.storeIds && !sale.till.storeIds.includes(found.store.id)) return new DomainError('STORE_NOT_ALLOWED');
  // a frozen merchant still honours its cards at the till: only prepayments stop
  if (!options.ignoreMerchantStatus && !canMerchantHonourCards(found.merchantStatus)) return new DomainError('MERCHANT_NOT_APPROVED');
  // a closing merchant honours its cards until its closing day, not from it on (docs/compliance.md §10)
  if (!options.ignoreMerchantStatus && options.today !== undefined && found.closingDate !== null && found.closingDate <= options.today) return new DomainError('MERCHANT_CLOSED');
  return null;
}

export interface Balances {
  principal: Fen;
  bonus: Fen;
  points: number;
}

export interface PayingSale {
  sale: CheckedSale;
  split: { principalFen: Fen; bonusFen: Fen; points: number };
  /** The card's balances once this sale (and the earlier ones of its batch on the same card) are taken. */
  after: Balances;
}

/**
 * Decides the sales in arrival order against running balances (account id → available balance, as locked), so two
 * sales on one card in one batch see each other: each one pays, or is short (余额不足).
 */
export function decideSales(sales: CheckedSale[], locked: ReadonlyMap<number, Fen>): { paying: PayingSale[]; short: CheckedSale[] } {
  const balances = new Map(locked);
  const paying: PayingSale[] = [];
  const short: CheckedSale[] = [];
  for (const sale of sales) {
    const { card } = sale;
    const principal = balances.get(card.principalAccountId) ?? 0;
    const bonus = balances.get(card.bonusAccountId) ?? 0;
    const points = balances.get(card.pointsAccountId) ?? 0;
    const amount = chargeOf(sale);
    if (amount > principal + bonus) {
      short.push(sale);
      continue;
    }
    const split = { ...splitRedemption(card.deductionRule, amount, principal, bonus), points: multipliedPoints(pointsFor(amount, card.pointsPerYuan), card.level?.pointsMultiplierPct ?? 100) };
    const after = { principal: principal - split.principalFen, bonus: bonus - split.bonusFen, points: points + split.points };
    balances.set(card.principalAccountId, after.principal);
    balances.set(card.bonusAccountId, after.bonus);
    balances.set(card.pointsAccountId, after.points);
    paying.push({ sale, split, after });
  }
  return { paying, short };
}

export function redemptionOf({ sale, split, after }: PayingSale, now: Date): RedemptionEntity {
  return {
    id: sale.redemptionId,
    merchantId: sale.till.merchantId,
    storeId: sale.store.id,
    cardId: sale.card.id,
    memberCodeId: sale.codeId,
    merchantOrderNo: sale.request.merchantOrderNo,
    requestHash: sale.requestHash,
    amountFen: chargeOf(sale),
    principalFen: split.principalFen,
    bonusFen: split.bonusFen,
    points: split.points,
    refundedFen: 0,
    principalAfterFen: after.principal,
    bonusAfterFen: after.bonus,
    pointsAfter: after.points,
    operatorType: sale.till.operatorType,
    operatorId: sale.till.operatorId,
    memberDiscountFen: memberDiscountOf(sale),
    memberLevel: memberDiscountOf(sale) > 0 ? sale.card.level!.name : null,
    createdAt: now,
  };
}

/** Card principal → merchant payable, card bonus → bonus pool, points pool → card points (hot sides rolled up later). */
export function postingOf({ sale, split }: PayingSale): PostCommand {
  const { card, hot } = sale;
  const legs: TransferLeg[] = [];
  if (split.principalFen > 0) legs.push({ debitAccountId: card.principalAccountId, creditAccountId: hot.payable, amount: split.principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION });
  if (split.bonusFen > 0) legs.push({ debitAccountId: card.bonusAccountId, creditAccountId: hot.bonusPool, amount: split.bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_REDEMPTION });
  if (split.points > 0) legs.push({ debitAccountId: hot.pointsPool, creditAccountId: card.pointsAccountId, amount: split.points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_ACCRUAL });
  // the sale's own request hash (the legs derive from that request): one hash per sale, not a second of the legs
  return { operationId: `redeem:${sale.redemptionId}`, kind: 'REDEMPTION', merchantId: sale.till.merchantId, legs, requestHash: sale.requestHash };
}

export function auditOf({ sale }: PayingSale): AuditEntry {
  const pos = sale.till.operatorType === 'pos';
  return {
    actorType: pos ? 'system' : 'staff',
    actorId: pos ? null : sale.till.operatorId,
    action: 'card.redeemed',
    targetType: 'card',
    targetId: sale.card.id,
    detail: {
      redemptionId: sale.redemptionId,
      amountFen: chargeOf(sale),
      storeId: sale.store.id,
      operator: sale.till.operatorId,
      ...(sale.coupon ? { couponId: sale.coupon.couponId, listPriceFen: sale.request.amountFen, discountFen: sale.coupon.discountFen } : {}),
      ...(memberDiscountOf(sale) > 0 ? { memberLevel: sale.card.level!.name, memberDiscountFen: memberDiscountOf(sale) } : {}),
    },
  };
}

/** What the card pays: the amount asked (the list price) less its coupon's discount, less its member level's. */
export function chargeOf(sale: Pick<CheckedSale, 'request' | 'coupon' | 'card'>): Fen {
  return sale.request.amountFen - (sale.coupon?.discountFen ?? 0) - memberDiscountOf(sale);
}

/** The member level's discount (会员等级): of what is left after the coupon, the part its rate does not pay, rounded down to the fen. */
export function memberDiscountOf(sale: Pick<CheckedSale, 'request' | 'coupon' | 'card'>): Fen {
  return levelDiscount(sale.request.amountFen - (sale.coupon?.discountFen ?? 0), sale.card.level?.discountRate ?? 100);
}

/** The card accounts a sale locks: principal, bonus and points. */
export function accountsOf(sale: CheckedSale): number[] {
  return [sale.card.principalAccountId, sale.card.bonusAccountId, sale.card.pointsAccountId];
}
