import type { Fen } from '../money';
import type { CardBalance } from './cards';

export interface MemberCodeView {
  codeId: string;
  /** 18 digits, for the barcode and for typing. */
  numericCode: string;
  /** The QR payload. */
  qrPayload: string;
  expiresAt: string;
  /** How long the code is valid, from issue. */
  ttlSeconds: number;
  /** When the page should fetch a fresh code. */
  refreshAfterSeconds: number;
  serverTime: string;
}

export type MemberCodeState = 'ACTIVE' | 'USED' | 'EXPIRED';

export interface MemberCodeStatus {
  codeId: string;
  state: MemberCodeState;
  /** Present once the code was redeemed. */
  redemption: { redemptionId: string; amountFen: Fen; storeName: string; balance: CardBalance; redeemedAt: string } | null;
}

export interface RedeemRequest {
  /** The scanned or typed member code (either rendering). */
  code: string;
  amountFen: Fen;
  storeId: string;
  /** The merchant's own order number: the idempotency key of this redemption. */
  merchantOrderNo: string;
}

export interface RedemptionView {
  redemptionId: string;
  merchantOrderNo: string;
  storeId: string;
  storeName: string;
  cardNoMasked: string;
  amountFen: Fen;
  principalFen: Fen;
  bonusFen: Fen;
  pointsEarned: number;
  refundedFen: Fen;
  /** The card's balance right after this redemption. */
  balanceAfter: CardBalance;
  createdAt: string;
  /** True when this answer replays an earlier request with the same merchant order number. */
  replayed: boolean;
}

export interface ReverseRequest {
  amountFen: Fen;
  /** Idempotency key of this reversal. */
  reversalNo: string;
  reason?: string;
}

export interface ReversalView {
  reversalId: string;
  redemptionId: string;
  reversalNo: string;
  amountFen: Fen;
  principalFen: Fen;
  bonusFen: Fen;
  pointsReversed: number;
  remainingFen: Fen;
  createdAt: string;
  replayed: boolean;
}

export interface RedemptionList {
  items: RedemptionView[];
  totals: { count: number; amountFen: Fen; refundedFen: Fen; netFen: Fen };
  nextCursor: string | null;
}

export interface PosAppCreated {
  appKey: string;
  /** Shown once; the POS signs requests with it. */
  appSecret: string;
  storeId: string;
  name: string;
}
