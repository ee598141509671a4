import { settlementFee } from './settlement-fee';

describe('settlementFee', () => {
  it('rounds half up to the fen', () => {
    expect(settlementFee(10_000, 60)).toBe(60); // ¥100 at 0.60% = ¥0.60
    expect(settlementFee(250, 60)).toBe(2); // 1.5 fen → 2
    expect(settlementFee(249, 60)).toBe(1); // 1.494 → 1
    expect(settlementFee(83, 60)).toBe(0); // 0.498 → 0
    expect(settlementFee(1, 10_000)).toBe(1);
    expect(settlementFee(0, 60)).toBe(0);
  });

  it('stays exact where net × rate passes 2^53', () => {
    expect(settlementFee(Number.MAX_SAFE_INTEGER, 9_999)).toBe(Number((BigInt(Number.MAX_SAFE_INTEGER) * 9_999n + 5_000n) / 10_000n));
  });

  it('refuses negative nets, fractions and rates out of range', () => {
    expect(() => settlementFee(-1, 60)).toThrow(RangeError);
    expect(() => settlementFee(1.5, 60)).toThrow(RangeError);
    expect(() => settlementFee(100, 10_001)).toThrow(RangeError);
  });
});
