import type { Fen } from './fen';

/**
 * Yuan as text, both ways, on digits only: a float in between would turn 0.29 yuan into 28.999999999999996 fen.
 * Two grammars read yuan text:
 * - `typed`: what a person types into an amount field: surrounding spaces allowed, leading zeros allowed,
 *   at most 10 whole digits (far above any amount one request may move).
 * - `channel`: what a payment channel or bank sends ("88.88"): no spaces, signs, exponents or leading zeros,
 *   at most 13 whole digits (bills carry day totals).
 * Both allow at most two decimals.
 */
export type YuanGrammar = 'typed' | 'channel';

const GRAMMARS: Record<YuanGrammar, RegExp> = {
  typed: /^\s*(\d{1,10})(?:\.(\d{1,2}))?\s*$/,
  channel: /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/,
};

/** Whole units and up to two decimal digits as hundredths: ("12", "3") -> 1230. Shared by money and percentages. */
export function hundredths(whole: string, decimals = ''): number {
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
}

/** Yuan text as fen, or null when it does not follow the grammar (`typed` unless told). */
export function parseYuan(text: string, options: { grammar?: YuanGrammar } = {}): Fen | null {
  const match = typeof text === 'string' ? GRAMMARS[options.grammar ?? 'typed'].exec(text) : null;
  return match ? hundredths(match[1] ?? '0', match[2]) : null;
}

/** A channel's yuan string as fen ("88.8" -> 8880); throws, because a malformed amount from a channel is its fault. */
export function yuanToFen(text: string): Fen {
  const fen = parseYuan(text, { grammar: 'channel' });
  if (fen === null) throw new RangeError(`not a yuan amount with at most two decimals: "${text}"`);
  return fen;
}

/** "¥1,234.50" from 123450; negative amounts as "-¥12.00". Grouping and the symbol are optional. */
export function formatYuan(fen: Fen, options: { symbol?: boolean; grouping?: boolean } = {}): string {
  const { symbol = true, grouping = true } = options;
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer fen amount: ${fen}`);
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const whole = digits.slice(0, -2);
  const wholeText = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${fen < 0 ? '-' : ''}${symbol ? '¥' : ''}${wholeText}.${digits.slice(-2)}`;
}

/** The channels' yuan string: 1 -> "0.01", 12345 -> "123.45". Refuses negative and non-integer amounts. */
export function fenToYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a non-negative fen amount: ${fen}`);
  return formatYuan(fen, { symbol: false, grouping: false });
}
