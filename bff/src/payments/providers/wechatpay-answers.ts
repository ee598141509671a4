import type { PaymentState, RefundState } from '../channel.port';
import { parseRfc3339 } from './china-time';

// WeChat Pay API v3's JSON (answers and decrypted notification resources) and how it reads as our channel states.
// Every field is optional: an answer is checked before it is trusted.

export interface WxTransaction {
  appid?: string;
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  trade_state_desc?: string;
  success_time?: string;
  amount?: { total?: number };
}

export interface WxRefund {
  mchid?: string;
  out_trade_no?: string;
  out_refund_no?: string;
  refund_id?: string;
  /** Refund APIs call it `status`, REFUND.* notifications `refund_status`. */
  status?: string;
  refund_status?: string;
}

export interface WxNotification {
  event_type?: string;
  resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string };
}

export type WxAnswer<T> = { ok: true; status: number; data: T } | { ok: false; status: number; code: string; message: string };

export interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown };
}

export function paymentStateOf(tx: WxTransaction): PaymentState {
  switch (tx.trade_state) {
    case 'SUCCESS':
    case 'REFUND': {
      // REFUND = paid, then (partly) refunded: still a payment that happened.
      const paidAt = parseRfc3339(tx.success_time);
      const total = tx.amount?.total;
      if (!tx.transaction_id || !paidAt || !Number.isSafeInteger(total)) return { kind: 'UNKNOWN', reason: 'paid transaction without id, time or amount' };
      return { kind: 'PAID', channelTradeNo: tx.transaction_id, amountFen: total as number, paidAt };
    }
    case 'NOTPAY':
    case 'USERPAYING':
    case 'ACCEPT':
      return { kind: 'NOT_PAID' };
    case 'CLOSED':
    case 'REVOKED':
      return { kind: 'CLOSED' };
    case 'PAYERROR':
      return { kind: 'FAILED', reason: tx.trade_state_desc ?? 'PAYERROR' };
    default:
      return { kind: 'UNKNOWN', reason: `trade_state ${tx.trade_state ?? 'missing'}` };
  }
}

export function refundStateOf(status: string | undefined, refundId: string | undefined): RefundState {
  switch (status) {
    case 'SUCCESS':
      return refundId ? { kind: 'SUCCEEDED', channelRefundNo: refundId } : { kind: 'UNKNOWN', reason: 'refund SUCCESS without refund_id' };
    case 'PROCESSING':
      return { kind: 'PROCESSING', channelRefundNo: refundId ?? null };
    case 'ABNORMAL': // the payer's account could not take the money back: needs a person (WeChat merchant platform)
    case 'CLOSED':
      return { kind: 'FAILED', reason: status };
    default:
      return { kind: 'UNKNOWN', reason: `refund status ${status ?? 'missing'}` };
  }
}
