/** Separate ledgers are never mixed in one transfer: cash, merchant-funded bonus value, and points. */
export const LEDGERS = { CNY: 1, BONUS: 2, POINTS: 3 } as const;
export type LedgerName = keyof typeof LEDGERS;
export type LedgerId = (typeof LEDGERS)[LedgerName];

export function ledgerName(id: number): LedgerName {
  switch (id) {
    case LEDGERS.CNY:
      return 'CNY';
    case LEDGERS.BONUS:
      return 'BONUS';
    case LEDGERS.POINTS:
      return 'POINTS';
    default:
      throw new RangeError(`unknown ledger ${id}`);
  }
}

/** Chart of accounts (docs/ledger.md). `owner_ref` tells the instance: a card id, a merchant id, a channel. */
export const ACCOUNT_CODES = {
  RESERVE: 100,
  TOPUP_CLEARING: 110,
  CARD_PRINCIPAL: 200,
  MERCHANT_PAYABLE: 210,
  PAYOUT_CLEARING: 220,
  REFUND_CLEARING: 230,
  FEE_REVENUE: 300,
  CARD_BONUS: 400,
  MERCHANT_BONUS_POOL: 410,
  CARD_POINTS: 500,
  MERCHANT_POINTS_POOL: 510,
} as const;
export type AccountCodeName = keyof typeof ACCOUNT_CODES;

export const ACCOUNT_FLAGS = {
  /** Debits may never exceed credits: the account cannot go negative (consumer card accounts). */
  DEBITS_MUST_NOT_EXCEED_CREDITS: 1,
  /** Hot account: never updated inside a request; transfers are rolled up into it asynchronously. */
  HOT: 2,
} as const;

/** What a transfer is for; the history screens read it. */
export const TRANSFER_CODES = {
  TOPUP: 1,
  BONUS_GRANT: 2,
  REDEMPTION: 3,
  BONUS_REDEMPTION: 4,
  REVERSAL: 5,
  REFUND: 6,
  BONUS_FORFEIT: 7,
  POINTS_ACCRUAL: 8,
  FEE: 9,
  PAYOUT: 10,
  ADJUSTMENT: 11,
  /** Points spent in the merchant's points mall: card points → the merchant's points pool. */
  POINTS_EXCHANGE: 12,
  /** Points past their validity (the product's pointsValidYears), the earliest first: card points → the merchant's points pool. */
  POINTS_EXPIRY: 13,
} as const;
export type TransferCodeName = keyof typeof TRANSFER_CODES;
export type TransferCode = (typeof TRANSFER_CODES)[TransferCodeName];

export function transferCodeName(code: number): TransferCodeName {
  const entry = Object.entries(TRANSFER_CODES).find(([, value]) => value === code);
  if (!entry) throw new RangeError(`unknown transfer code ${code}`);
  return entry[0] as TransferCodeName;
}
