import { isValidAmountFen, MAX_AMOUNT_FEN, splitProRata, toFen } from './fen';

describe('fen', () => {
  it('should read database bigint strings exactly and refuse unsafe or non-integer values', () => {
    expect(toFen('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(toFen(BigInt(42))).toBe(42);
    expect(() => toFen('9007199254740993')).toThrow(RangeError);
    expect(() => toFen('12.5')).toThrow(RangeError);
    expect(() => toFen(0.1)).toThrow(RangeError);
  });

  it.each([
    [1, true],
    [MAX_AMOUNT_FEN, true],
    [0, false],
    [-1, false],
    [1.5, false],
    [MAX_AMOUNT_FEN + 1, false],
    ['100', false],
  ])('should judge %p as a valid amount: %p', (value, valid) => {
    expect(isValidAmountFen(value)).toBe(valid);
  });

  it.each([
    [10000, 50000, 5000, 9090, 910],
    [27500, 25000, 2500, 25000, 2500],
    [1, 1, 1, 0, 1],
    [3, 2, 1, 2, 1],
  ])('should split %d across %d and %d as %d + %d', (amount, first, second, a, b) => {
    const [x, y] = splitProRata(amount, first, second);
    expect([x, y]).toEqual([a, b]);
    expect(x + y).toBe(amount);
    expect(x).toBeLessThanOrEqual(first);
    expect(y).toBeLessThanOrEqual(second);
  });
});
