import type { Fen } from '@jucard/shared';

/**
 * The platform fee on a statement: net redeemed principal × rate, rounded half up to the fen, computed once on the
 * statement's net (not per line, so many small sales do not each lose a rounding). BigInt keeps net × rate exact
 * beyond 2^53.
 */
export function settlementFee(netFen: Fen, feeRateBps: number): Fen {
  if (!Number.isSafeInteger(netFen) || netFen < 0) throw new RangeError(`net must be a non-negative fen amount: ${netFen}`);
  if (!Number.isInteger(feeRateBps) || feeRateBps < 0 || feeRateBps > 10_000) throw new RangeError(`fee rate must be 0–10000 bps: ${feeRateBps}`);
  return Number((BigInt(netFen) * BigInt(feeRateBps) + 5_000n) / 10_000n);
}
