import type { Fen } from '@jucard/shared';

/** What a card was given (its paid top-ups and their bonus) and what it holds now. */
export interface RefundInputs {
  /** Principal paid into the card by top-ups that are still refundable (amount − already refunded). */
  paidFen: Fen;
  /** Bonus granted with those top-ups. */
  bonusGrantedFen: Fen;
  principalBalanceFen: Fen;
  bonusBalanceFen: Fen;
}

/** The refund of a card's unused balance, as shown to the consumer before they confirm and on the receipt. */
export interface RefundCalculation extends RefundInputs {
  /** Value used so far: (paid + bonus) − (principal + bonus left), whatever bucket it was taken from. */
  consumedFen: Fen;
  /** The consumed value counted against principal at the ratio paid / (paid + bonus), rounded down. */
  consumedPrincipalFen: Fen;
  /** Paid − consumed principal: what goes back to the original payments. */
  refundFen: Fen;
  /** The bonus still on the card, forfeited back to the merchant's pool. */
  bonusForfeitedFen: Fen;
  /** How the refund is funded: from the card's principal, and (when more principal was spent than counted) from the merchant. */
  fromCardFen: Fen;
  fromMerchantFen: Fen;
  /** Principal left on the card beyond the refund: counted as consumed, so it is the merchant's. */
  toMerchantFen: Fen;
}

export type RefundOutcome = { ok: true; calculation: RefundCalculation } | { ok: false; reason: 'BALANCE_EXCEEDS_TOP_UPS' };

/**
 * Refund of unused balance with gifts counted pro rata (法释〔2025〕4号 Art. 25, docs/compliance.md): consumption is
 * counted against principal at paid / (paid + bonus), so the deduction order the product uses (bonus first,
 * principal first, pro rata) never changes what the consumer gets back. ¥3,000 paid + ¥1,000 bonus, ¥3,594 used:
 * ¥2,695.50 counted against principal, ¥304.50 refunded.
 *
 * Rounding: the counted principal is rounded DOWN to the fen, i.e. any fraction of a fen goes to the consumer — the
 * interpretation gives no rounding rule, and the standard-clause rule (Art. 9) reads ambiguity against the business.
 */
export function computeRefund(inputs: RefundInputs): RefundOutcome {
  const { paidFen, bonusGrantedFen, principalBalanceFen, bonusBalanceFen } = inputs;
  for (const [name, value] of Object.entries(inputs)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer fen amount, got ${value}`);
  }
  const given = paidFen + bonusGrantedFen;
  const left = principalBalanceFen + bonusBalanceFen;
  // value that no refundable top-up explains (e.g. principal from a payment already refunded) cannot go back "the original way"
  if (principalBalanceFen > paidFen || left > given) return { ok: false, reason: 'BALANCE_EXCEEDS_TOP_UPS' };

  const consumedFen = given - left;
  const consumedPrincipalFen = given === 0 ? 0 : Number((BigInt(consumedFen) * BigInt(paidFen)) / BigInt(given));
  const refundFen = paidFen - consumedPrincipalFen;
  const fromCardFen = Math.min(refundFen, principalBalanceFen);
  return {
    ok: true,
    calculation: {
      ...inputs,
      consumedFen,
      consumedPrincipalFen,
      refundFen,
      bonusForfeitedFen: bonusBalanceFen,
      fromCardFen,
      fromMerchantFen: refundFen - fromCardFen,
      toMerchantFen: principalBalanceFen - fromCardFen,
    },
  };
}

/** The refundable principal and its bonus from the card's paid top-ups; a partly refunded top-up counts its bonus pro rata. */
export function refundableTopUps(orders: Array<{ amountFen: Fen; bonusFen: Fen; refundedFen: Fen }>): { paidFen: Fen; bonusGrantedFen: Fen } {
  let paidFen = 0;
  let bonusGrantedFen = 0;
  for (const order of orders) {
    const open = order.amountFen - order.refundedFen;
    if (open <= 0 || order.amountFen <= 0) continue;
    paidFen += open;
    bonusGrantedFen += Number((BigInt(order.bonusFen) * BigInt(open)) / BigInt(order.amountFen));
  }
  return { paidFen, bonusGrantedFen };
}
