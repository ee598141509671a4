import type { Fen } from '@jucard/shared';

export interface PayoutInput {
  outPayoutNo: string;
  amountFen: Fen;
  accountNo: string;
  accountName: string;
  bankName: string;
  remark: string;
}

export type PayoutState =
  | { kind: 'PAID'; bankReference: string; paidAt: Date }
  | { kind: 'PROCESSING'; bankReference: string | null }
  /** Definitive: the bank refused (ACCOUNT_FROZEN, ACCOUNT_NAME_MISMATCH, …). */
  | { kind: 'FAILED'; code: string; reason: string }
  /** Could not tell (timeout, 5xx): ask again later with query(). */
  | { kind: 'UNKNOWN'; reason: string };

/** The custody bank's payout API, as settlement uses it. */
export interface PayoutPort {
  /** Idempotent by outPayoutNo: the same number with the same body returns the same payout, never pays twice. */
  pay(input: PayoutInput): Promise<PayoutState>;
  query(outPayoutNo: string): Promise<PayoutState>;
}

export const PAYOUT_PORT = Symbol('PAYOUT_PORT');
