import { PAYMENT_CHANNELS, type Fen, type PaymentChannelName } from '@jucard/shared';

/** The payment channels the platform aggregates (shared's list: the mini-program offers the same ones). */
export const CHANNELS = PAYMENT_CHANNELS;
export type Channel = PaymentChannelName;

export interface PrepayInput {
  outTradeNo: string;
  amountFen: Fen;
  /** Shown on the consumer's pay sheet, e.g. "莲花健身储值卡充值". */
  description: string;
  /** Where the channel posts its notification. */
  notifyUrl: string;
  /** Where the H5 cashier sends the consumer afterwards. */
  returnUrl: string;
  /** WeChat openid of the payer when known (mini-program JSAPI); null on H5. */
  payerOpenid: string | null;
  /** When the channel should stop accepting payment. */
  expiresAt: Date;
}

export interface PrepayResult {
  /** The channel's own order reference (prepay_id, Alipay trade_no, UnionPay tn). */
  channelReference: string;
  /** What the mini-program passes to Taro.requestPayment (weapp), already signed where the channel needs it. */
  miniProgramPayParams: Record<string, string> | null;
  /** The channel's H5 pay sheet (the sandbox cashier), for H5. */
  cashierUrl: string;
}

/** A channel's answer about one payment: a closed union (STYLE §4). */
export type PaymentState =
  | { kind: 'PAID'; channelTradeNo: string; amountFen: Fen; paidAt: Date }
  | { kind: 'NOT_PAID' }
  | { kind: 'CLOSED' }
  | { kind: 'FAILED'; reason: string }
  | { kind: 'UNKNOWN'; reason: string };

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: Fen;
  totalFen: Fen;
  reason: string;
  notifyUrl: string;
}

export type RefundState =
  | { kind: 'SUCCEEDED'; channelRefundNo: string }
  | { kind: 'PROCESSING'; channelRefundNo: string | null }
  | { kind: 'FAILED'; reason: string }
  | { kind: 'UNKNOWN'; reason: string };

/** A verified, decrypted notification, reduced to what the platform needs. */
export type ChannelEvent =
  | { kind: 'PAYMENT'; outTradeNo: string; state: PaymentState; merchantRef: string; appRef: string | null }
  | { kind: 'REFUND'; outTradeNo: string; outRefundNo: string; state: RefundState; merchantRef: string };

export interface RawNotification {
  headers: Record<string, string | string[] | undefined>;
  /** Exactly the bytes received: signatures are over the raw body. */
  rawBody: Buffer;
  /** The sender's address, for the budget of unverifiable notifications an address may make us store. */
  remoteAddress?: string;
}

/** What to answer the channel, in its own format. */
export interface Acknowledgement {
  status: number;
  contentType: string;
  body: string;
}

export interface BillLine {
  outTradeNo: string;
  channelTradeNo: string;
  kind: 'PAYMENT' | 'REFUND';
  outRefundNo: string | null;
  amountFen: Fen;
  status: string;
  occurredAt: Date;
}

/** Thrown by adapters: the channel could not be reached or answered 5xx (a reason to fail over). */
export class ChannelUnavailableError extends Error {
  override name = 'ChannelUnavailableError';
  constructor(
    readonly channel: Channel,
    message: string,
  ) {
    super(`${channel}: ${message}`);
  }
}

/** Thrown by parseNotification for anything that must not be trusted: bad signature, SIGNTEST probe, bad cipher. */
export class NotificationRejectedError extends Error {
  override name = 'NotificationRejectedError';
  constructor(
    readonly channel: Channel,
    readonly reason: 'SIGNATURE_INVALID' | 'SIGNATURE_PROBE' | 'DECRYPTION_FAILED' | 'MALFORMED' | 'STALE',
  ) {
    super(`${channel} notification rejected: ${reason}`);
  }
}

/** One adapter per channel behind this port (Hyperswitch connectors, Medusa payment providers). */
export interface PaymentChannel {
  readonly channel: Channel;
  /** The merchant id / app id this platform is at the channel (cross-checked against notifications). */
  readonly merchantRef: string;
  readonly appRef: string | null;
  prepay(input: PrepayInput): Promise<PrepayResult>;
  query(outTradeNo: string): Promise<PaymentState>;
  /** Closes an unpaid order; resolves to the state found if the channel says it was paid after all. */
  close(outTradeNo: string): Promise<PaymentState>;
  refund(input: RefundInput): Promise<RefundState>;
  queryRefund(outRefundNo: string, outTradeNo: string): Promise<RefundState>;
  /** Verifies (signature over the raw body), decrypts and parses; throws NotificationRejectedError. */
  parseNotification(notification: RawNotification): Promise<ChannelEvent>;
  acknowledge(accepted: boolean): Acknowledgement;
  downloadBill(date: string): Promise<BillLine[]>;
}
