import { fenToYuan, formatYuan, hundredths, parseYuan, yuanToFen } from './yuan';

describe('yuan text', () => {
  describe('formatting', () => {
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
      [0, '0.00'],
      [1, '0.01'],
      [10, '0.10'],
      [100, '1.00'],
      [12345, '123.45'],
      [10_000_000_000, '100000000.00'],
    ])('should write %d fen as the channel string "%s"', (fen, yuan) => {
      expect(fenToYuan(fen)).toBe(yuan);
    });

    it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('should refuse to write %p fen for a channel', (fen) => {
      expect(() => fenToYuan(fen)).toThrow(RangeError);
    });
  });

  describe('the typed grammar (a person at an amount field)', () => {
    it.each([
      ['12', 1200],
      ['12.3', 1230],
      ['12.30', 1230],
      ['0.01', 1],
      [' 500 ', 50000],
      ['012', 1200],
    ])('should parse "%s" yuan as %d fen', (text, fen) => {
      expect(parseYuan(text)).toBe(fen);
      expect(parseYuan(text, { grammar: 'typed' })).toBe(fen);
    });

    it.each(['', '-1', '1.234', 'abc', '1e3', '12.', '12345678901'])('should refuse "%s" as a typed amount', (text) => {
      expect(parseYuan(text)).toBeNull();
    });
  });

  describe('the channel grammar (a channel or bank string)', () => {
    it.each([
      ['0.01', 1],
      ['88.8', 8880],
      ['88.88', 8888],
      ['123.45', 12345],
      ['100', 10000],
      ['0', 0],
      ['0.29', 29],
      ['1234567890123.45', 123456789012345],
    ])('should read "%s" as %d fen', (yuan, fen) => {
      expect(yuanToFen(yuan)).toBe(fen);
      expect(parseYuan(yuan, { grammar: 'channel' })).toBe(fen);
    });

    it.each(['1.234', '-1', 'abc', '', ' 1', '1.', '.5', '01', '1e3', '+1', '1,000.00'])('should refuse "%s"', (text) => {
      expect(() => yuanToFen(text)).toThrow(RangeError);
      expect(parseYuan(text, { grammar: 'channel' })).toBeNull();
    });

    it('should round-trip every amount up to 2 yuan exactly', () => {
      for (let fen = 0; fen <= 200; fen++) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    });
  });

  it.each([
    ['12', undefined, 1200],
    ['0', '6', 60],
    ['1', '05', 105],
  ])('should count %s.%s as %d hundredths', (whole, decimals, expected) => {
    expect(hundredths(whole, decimals)).toBe(expected);
  });
});
