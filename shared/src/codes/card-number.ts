/**
 * Card numbers: 16 digits, "88" + 13 random digits + a Luhn check digit. The random part is drawn by the BFF
 * from a CSPRNG, so numbers cannot be guessed from one another; the check digit catches typing mistakes.
 */
export const CARD_NUMBER_PREFIX = '88';
export const CARD_NUMBER_LENGTH = 16;

export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // walk from the right; the digit next to the (future) check digit is doubled
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidCardNumber(cardNo: string): boolean {
  if (!/^\d{16}$/.test(cardNo) || !cardNo.startsWith(CARD_NUMBER_PREFIX)) return false;
  return luhnCheckDigit(cardNo.slice(0, -1)) === Number(cardNo.slice(-1));
}

/** Builds a card number from 13 random digits. */
export function cardNumberFromRandomDigits(random13: string): string {
  if (!/^\d{13}$/.test(random13)) throw new RangeError('13 random digits are required');
  const body = CARD_NUMBER_PREFIX + random13;
  return body + luhnCheckDigit(body).toString();
}

/** "8812 3456 7890 1234" for display. */
export function formatCardNumber(cardNo: string): string {
  return cardNo.replace(/(\d{4})(?=\d)/g, '$1 ');
}
