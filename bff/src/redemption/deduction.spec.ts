import { pointsFor, reversalShare, splitRedemption } from './deduction';

describe('splitRedemption', () => {
  it.each([
    ['PRO_RATA', 11_000, 50_000, 5_000, 10_000, 1_000],
    ['PRO_RATA', 55_000, 50_000, 5_000, 50_000, 5_000],
    ['PRINCIPAL_FIRST', 11_000, 50_000, 5_000, 11_000, 0],
    ['PRINCIPAL_FIRST', 52_000, 50_000, 5_000, 50_000, 2_000],
    ['BONUS_FIRST', 11_000, 50_000, 5_000, 6_000, 5_000],
    ['BONUS_FIRST', 3_000, 50_000, 5_000, 0, 3_000],
  ] as const)('should split %s %d from %d + %d as %d + %d', (rule, amount, principal, bonus, p, b) => {
    expect(splitRedemption(rule, amount, principal, bonus)).toEqual({ principalFen: p, bonusFen: b });
  });
});

describe('reversalShare', () => {
  it('should return exactly the parts when a redemption is reversed in uneven pieces', () => {
    const amount = 10_001;
    const principal = 9_092;
    const pieces = [3_333, 1, 4_000, 2_667];
    let refunded = 0;
    let principalBack = 0;
    for (const piece of pieces) {
      const share = reversalShare(principal, amount, refunded, refunded + piece);
      expect(share).toBeLessThanOrEqual(piece);
      principalBack += share;
      refunded += piece;
    }
    expect(refunded).toBe(amount);
    expect(principalBack).toBe(principal);
  });
});

describe('pointsFor', () => {
  it('should count whole yuan only', () => {
    expect(pointsFor(12_999, 2)).toBe(258);
    expect(pointsFor(99, 5)).toBe(0);
  });
});
