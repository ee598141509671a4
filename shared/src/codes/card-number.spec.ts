import { cardNumberFromRandomDigits, formatCardNumber, isValidCardNumber, luhnCheckDigit } from './card-number';

describe('card numbers', () => {
  it('should compute the Luhn check digit of a known number', () => {
    // 7992739871 has check digit 3 (the textbook example)
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('should build numbers that validate, and reject a single changed digit', () => {
    const cardNo = cardNumberFromRandomDigits('1234567890123');
    expect(cardNo).toHaveLength(16);
    expect(isValidCardNumber(cardNo)).toBe(true);
    const lastBodyDigit = Number(cardNo.charAt(14));
    const typo = cardNo.slice(0, 14) + ((lastBodyDigit + 1) % 10).toString() + cardNo.slice(15);
    expect(isValidCardNumber(typo)).toBe(false);
  });

  it.each(['', '88', '8812345678901234x', '1234567890123452'])('should refuse "%s"', (value) => {
    expect(isValidCardNumber(value)).toBe(false);
  });

  it('should group digits in fours for display', () => {
    expect(formatCardNumber('8812345678901234')).toBe('8812 3456 7890 1234');
  });
});
