import { formatYuan, isValidAmountFen, MAX_AMOUNT_FEN, parseYuan, splitProRata, toFen } from './fen';

describe('fen', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [1230, '¥12.30'],
    [123456789, '¥1,234,567.89'],
    [-1200, '-¥12.00'],
  ])('should format %d fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('should format without symbol or grouping when asked', () => {
    expect(formatYuan(123456, { symbol: false, grouping: false })).toBe('1234.56');
  });

  it.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.30', 1230],
    ['0.01', 1],
    [' 500 ', 50000],
  ])('should parse "%s" yuan as %d fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each(['', '-1', '1.234', 'abc', '1e3', '12.'])('should refuse "%s" as a yuan amount', (text) => {
    expect(parseYuan(text)).toBeNull();
  });

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
