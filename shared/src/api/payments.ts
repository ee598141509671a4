import type { Fen } from '../money';

export const PAYMENT_CHANNELS = ['WECHATPAY', 'ALIPAY', 'UNIONPAY'] as const;
export type PaymentChannelName = (typeof PAYMENT_CHANNELS)[number];

/** Top-up order states (DESIGN §4); a late CLOSED → PAID is allowed, money is never lost. */
export const TOPUP_STATUSES = ['INIT', 'PAYING', 'PAID', 'FAILED', 'CLOSED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const;
export type TopUpStatus = (typeof TOPUP_STATUSES)[number];

export function isTopUpSettled(status: TopUpStatus): boolean {
  switch (status) {
    case 'PAID':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return true;
    case 'INIT':
    case 'PAYING':
    case 'FAILED':
    case 'CLOSED':
      return false;
  }
}

export interface CreateTopUpRequest {
  cardId: string;
  /** What the consumer pays: a tier's payFen, or a custom amount where the product allows it. */
  amountFen: Fen;
  /** Preferred channel; the platform may fail over to another enabled one and says so in `channel`. */
  channel?: PaymentChannelName;
  /** Client-generated, reused on retry: a retried create returns the same order. */
  idempotencyKey: string;
}

export interface TopUpView {
  orderId: string;
  cardId: string;
  status: TopUpStatus;
  amountFen: Fen;
  bonusFen: Fen;
  channel: PaymentChannelName | null;
  /** For Taro.requestPayment on weapp. */
  miniProgramPayParams: Record<string, string> | null;
  /** The channel's H5 pay sheet. */
  cashierUrl: string | null;
  expiresAt: string;
  paidAt: string | null;
  createdAt: string;
}

export interface RefundBalanceRequest {
  /** Client-generated, reused on retry. */
  idempotencyKey: string;
}

export interface BalanceRefundView {
  refundId: string;
  cardId: string;
  /** Unused principal returned to the original payment channel(s). */
  principalFen: Fen;
  /** Bonus forfeited with it (merchant-funded gift value is not refundable). */
  bonusForfeitedFen: Fen;
  status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED';
  parts: Array<{ channel: PaymentChannelName; amountFen: Fen; status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED' }>;
  createdAt: string;
}
