import type { Fen } from '@jucard/shared';

const DAY_MS = 86_400_000;

/** A paid top-up as the cooling-off rule reads it. */
export interface CoolingOffTopUp {
  id: string;
  amountFen: Fen;
  bonusFen: Fen;
  refundedFen: Fen;
  paidAt: Date | null;
  /** Where the top-up's credit of the card sits in the ledger (its transfer's seq); null if never credited. */
  creditSeq: number | null;
}

export interface CoolingOffEligible<T extends CoolingOffTopUp> {
  order: T;
  /** The last instant the top-up may still be returned: paid + N days, exclusive. */
  refundableUntil: Date;
}

/**
 * 冷静期 (北京市单用途预付卡管理条例 Art. 23, docs/compliance.md): a top-up paid less than `days` × 24 h ago, after which
 * nothing was redeemed from the card, is returned in full — its principal back to the channel, its bonus forfeited.
 * A top-up already (partly) refunded is not. `lastSaleSeq` is the ledger seq of the card's latest sale, reversed or
 * not (a reversal gives the sale back, but the card was used): "after" is ledger order, not clock time, because a
 * channel's payment time has only whole seconds and a sale may follow a top-up within the same second.
 */
export function coolingOffTopUps<T extends CoolingOffTopUp>(orders: T[], days: number, now: Date, lastSaleSeq: number | null): Array<CoolingOffEligible<T>> {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`cooling-off days must be a non-negative integer, got ${days}`);
  if (days === 0) return [];
  const eligible: Array<CoolingOffEligible<T>> = [];
  for (const order of orders) {
    if (order.paidAt === null || order.creditSeq === null || order.refundedFen !== 0) continue;
    const refundableUntil = new Date(order.paidAt.getTime() + days * DAY_MS);
    if (now.getTime() >= refundableUntil.getTime()) continue;
    // "nothing redeemed": no sale after this top-up reached the card
    if (lastSaleSeq !== null && lastSaleSeq > order.creditSeq) continue;
    eligible.push({ order, refundableUntil });
  }
  return eligible;
}

/** What a cooling-off refund of those top-ups returns and forfeits. */
export function coolingOffTotals(eligible: Array<CoolingOffEligible<CoolingOffTopUp>>): { refundFen: Fen; bonusForfeitedFen: Fen } {
  return {
    refundFen: eligible.reduce((sum, e) => sum + e.order.amountFen, 0),
    bonusForfeitedFen: eligible.reduce((sum, e) => sum + e.order.bonusFen, 0),
  };
}
