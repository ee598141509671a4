import type { Fen } from '@jucard/shared';
import type { LedgerId, TransferCode } from './ledger.constants';

export interface TransferLeg {
  debitAccountId: number;
  creditAccountId: number;
  amount: Fen;
  ledger: LedgerId;
  code: TransferCode;
}

export interface PostCommand {
  /** The client-supplied idempotency key of the whole operation (1–64 characters). */
  operationId: string;
  /** What kind of business operation this is (TOPUP, REDEMPTION, …), kept with the operation. */
  kind: string;
  legs: TransferLeg[];
  /**
   * Hash of the business request the legs were derived from. Same id + same hash replays the first answer;
   * same id + another hash is refused. Defaults to a hash of the legs themselves.
   */
  requestHash?: string;
  merchantId?: string | null;
  /**
   * The platform's own movements between its accounts (a day's sweep into the reserve, a merchant's settlement)
   * may exceed the per-payment cap (MAX_AMOUNT_FEN); any positive safe integer is accepted.
   */
  platformInternal?: boolean;
  /** Upper bounds on the resulting balance of some accounts (a card's maximum balance). */
  balanceCeilings?: Record<number, Fen>;
}

export interface TransferRecord {
  seq: number;
  id: string;
  operationId: string;
  debitAccountId: number;
  creditAccountId: number;
  amount: Fen;
  ledger: LedgerId;
  code: TransferCode;
  merchantId: string | null;
  createdAt: Date;
}

export interface PostResult {
  operationId: string;
  transfers: TransferRecord[];
  /** True when this call replayed an operation that had already been posted. */
  replayed: boolean;
}

export interface AccountRow {
  id: number;
  ledger: LedgerId;
  code: number;
  ownerRef: string;
  flags: number;
  debitsPosted: Fen;
  creditsPosted: Fen;
  debitsPending: Fen;
  creditsPending: Fen;
}
