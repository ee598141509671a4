/**
 * Money is integer fen (1 yuan = 100 fen) everywhere. A `Fen` is a JS number that is a safe integer;
 * the largest single amount the platform accepts is far below 2^53, so no precision is ever lost.
 * Parsing and formatting work on digits, never on floating-point arithmetic.
 */
export type Fen = number;

/** Largest amount accepted in one money-moving request: ¥1,000,000.00. */
export const MAX_AMOUNT_FEN: Fen = 100_000_000;

export function isSafeFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** A positive amount that one request may move. */
export function isValidAmountFen(value: unknown): value is Fen {
  return isSafeFen(value) && value > 0 && value <= MAX_AMOUNT_FEN;
}

/**
 * Reads a fen amount from a database or wire value (MySQL BIGINT arrives as a string, SQLite as a number).
 * Throws on anything that is not an exact safe integer.
 */
export function toFen(value: string | number | bigint): Fen {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer fen amount: ${value}`);
    return value;
  }
  const big = typeof value === 'bigint' ? value : parseIntegerString(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`fen amount out of the safe range: ${big}`);
  }
  return Number(big);
}

function parseIntegerString(text: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new RangeError(`not an integer fen amount: "${text}"`);
  return BigInt(text);
}

/**
 * Splits `amount` between two buckets in proportion to their balances, rounding the first bucket's share
 * down so the split always sums to `amount` exactly (largest-remainder for two parts).
 */
export function splitProRata(amount: Fen, first: Fen, second: Fen): [Fen, Fen] {
  const total = first + second;
  if (amount > total) throw new RangeError('amount exceeds the two buckets together');
  if (total === 0) return [0, 0];
  const firstShare = Number((BigInt(amount) * BigInt(first)) / BigInt(total));
  const secondShare = amount - firstShare;
  if (secondShare > second) {
    // rounding pushed too much onto the second bucket; the first bucket has the room by construction
    return [amount - second, second];
  }
  return [firstShare, secondShare];
}
