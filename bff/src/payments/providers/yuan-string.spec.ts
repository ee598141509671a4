import { fenToYuan, yuanToFen } from './yuan-string';

describe('yuan strings', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [12345, '123.45'],
    [10_000_000_000, '100000000.00'],
  ])('should write %d fen as "%s"', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('should refuse to write %p fen', (fen) => {
    expect(() => fenToYuan(fen)).toThrow(RangeError);
  });

  it.each([
    ['0.01', 1],
    ['88.8', 8880],
    ['88.88', 8888],
    ['123.45', 12345],
    ['100', 10000],
    ['0', 0],
    ['0.29', 29],
  ])('should read "%s" as %d fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['1.234', '-1', 'abc', '', ' 1', '1.', '.5', '01', '1e3', '+1', '1,000.00'])('should refuse "%s"', (text) => {
    expect(() => yuanToFen(text)).toThrow(RangeError);
  });

  it('should round-trip every amount up to 2 yuan exactly', () => {
    for (let fen = 0; fen <= 200; fen++) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});
