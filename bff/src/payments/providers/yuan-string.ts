import type { Fen } from '@jucard/shared';

// Alipay speaks yuan as decimal strings with at most two decimals ("88.88"). Converted on digits only:
// a float in between would turn 0.29 yuan into 28.999999999999996 fen.
const YUAN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/** 1 -> "0.01", 12345 -> "123.45". Refuses negative and non-integer amounts. */
export function fenToYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a non-negative fen amount: ${fen}`);
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "88.8" -> 8880, "0.01" -> 1. Refuses signs, exponents, spaces and more than two decimals. */
export function yuanToFen(text: string): Fen {
  const match = typeof text === 'string' ? YUAN.exec(text) : null;
  if (!match) throw new RangeError(`not a yuan amount with at most two decimals: "${text}"`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
