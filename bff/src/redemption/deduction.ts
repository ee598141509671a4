import { splitProRata, type DeductionRule, type Fen } from '@jucard/shared';

/** How a redemption of `amount` is taken from a card's principal and bonus under the product's rule. */
export function splitRedemption(rule: DeductionRule, amount: Fen, principal: Fen, bonus: Fen): { principalFen: Fen; bonusFen: Fen } {
  switch (rule) {
    case 'PRO_RATA': {
      const [principalFen, bonusFen] = splitProRata(amount, principal, bonus);
      return { principalFen, bonusFen };
    }
    case 'PRINCIPAL_FIRST': {
      const principalFen = Math.min(amount, principal);
      return { principalFen, bonusFen: amount - principalFen };
    }
    case 'BONUS_FIRST': {
      const bonusFen = Math.min(amount, bonus);
      return { principalFen: amount - bonusFen, bonusFen };
    }
  }
}

/**
 * The share of a part (principal, bonus or points) that a reversal returns, computed cumulatively so that
 * reversing a redemption in several pieces returns exactly its parts, never a fen more.
 */
export function reversalShare(part: number, amount: Fen, refundedBefore: Fen, refundedAfter: Fen): number {
  const cumulative = (refunded: Fen) => Number((BigInt(refunded) * BigInt(part)) / BigInt(amount));
  return cumulative(refundedAfter) - cumulative(refundedBefore);
}

/** Points earned: whole yuan of the redemption times the product's rate. */
export function pointsFor(amount: Fen, pointsPerYuan: number): number {
  return Math.floor(amount / 100) * pointsPerYuan;
}
