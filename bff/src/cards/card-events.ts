import type { CardBalance, CardEvent, MovementKind } from '@jucard/shared';
import { TRANSFER_CODES, type TransferCode } from '../ledger/ledger.constants';
import type { TransferRecord } from '../ledger/ledger.types';
import type { Card } from './cards.repository';

/** What the event's legs did to the card's three accounts. */
export interface CardDelta {
  principalFen: number;
  bonusFen: number;
  points: number;
}

/** Where an event happened, looked up in the context that recorded it (redemption, payments). */
export interface EventLabel {
  storeName: string | null;
  orderNo: string | null;
}

/** The card's signed change from the legs of one operation; legs between platform accounts are left out. */
export function deltaOf(card: Card, legs: TransferRecord[]): CardDelta {
  const delta: CardDelta = { principalFen: 0, bonusFen: 0, points: 0 };
  const add = (accountId: number, amount: number) => {
    if (accountId === card.principalAccountId) delta.principalFen += amount;
    else if (accountId === card.bonusAccountId) delta.bonusFen += amount;
    else if (accountId === card.pointsAccountId) delta.points += amount;
  };
  for (const leg of legs) {
    add(leg.creditAccountId, leg.amount);
    add(leg.debitAccountId, -leg.amount);
  }
  return delta;
}

/**
 * The business event an operation is, from its legs' codes: a sale also earns points and a top-up brings its
 * bonus, so the money leg decides; an operation of bonus or points alone is a gift or a points change.
 */
export function kindOf(legs: TransferRecord[]): MovementKind {
  const codes = new Set<TransferCode>(legs.map((l) => l.code));
  if (codes.has(TRANSFER_CODES.REVERSAL)) return 'REVERSAL';
  if (codes.has(TRANSFER_CODES.REDEMPTION) || codes.has(TRANSFER_CODES.BONUS_REDEMPTION)) return 'REDEMPTION';
  if (codes.has(TRANSFER_CODES.TOPUP)) return 'TOPUP';
  if (codes.has(TRANSFER_CODES.REFUND) || codes.has(TRANSFER_CODES.BONUS_FORFEIT)) return 'REFUND';
  if (codes.has(TRANSFER_CODES.BONUS_GRANT)) return 'BONUS';
  if (codes.has(TRANSFER_CODES.POINTS_EXPIRY)) return 'POINTS_EXPIRY';
  if (codes.has(TRANSFER_CODES.POINTS_ACCRUAL) || codes.has(TRANSFER_CODES.POINTS_EXCHANGE)) return 'POINTS';
  return 'ADJUSTMENT';
}

export function balanceOf(card: Card, balances: Map<number, number>): CardBalance {
  const principalFen = balances.get(card.principalAccountId) ?? 0;
  const bonusFen = balances.get(card.bonusAccountId) ?? 0;
  return { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: balances.get(card.pointsAccountId) ?? 0 };
}

/** The balance before an event, from the balance after it. */
export function balanceBefore(after: CardBalance, delta: CardDelta): CardBalance {
  const principalFen = after.principalFen - delta.principalFen;
  const bonusFen = after.bonusFen - delta.bonusFen;
  return { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: after.points - delta.points };
}

export function toEvent(operationId: string, legs: TransferRecord[], delta: CardDelta, balanceAfter: CardBalance, label: EventLabel | undefined): CardEvent {
  const last = legs[legs.length - 1];
  return {
    id: operationId,
    kind: kindOf(legs),
    occurredAt: (last ? last.createdAt : new Date(0)).toISOString(),
    amountFen: delta.principalFen + delta.bonusFen,
    principalFen: delta.principalFen,
    bonusFen: delta.bonusFen,
    points: delta.points,
    balanceAfter,
    storeName: label?.storeName ?? null,
    orderNo: label?.orderNo ?? null,
  };
}

/** Operation ids are `<kind>:<id of the record behind it>` (redeem:, reverse:, topup:, card-refund:). */
export function splitOperationId(operationId: string): { prefix: string; ref: string } {
  const at = operationId.indexOf(':');
  return at < 0 ? { prefix: '', ref: operationId } : { prefix: operationId.slice(0, at), ref: operationId.slice(at + 1) };
}
