import { AlipayRequestError, AlipaySdk, type AlipaySdkCommonResult, type IRequestParams } from 'alipay-sdk';
import { fenToYuan, yuanToFen } from '@jucard/shared';
import { ChannelUnavailableError, NotificationRejectedError } from '../channel.port';
// the port's types as port.X: every adapter takes and answers the same shapes
import type * as port from '../channel.port';
import { parseAlipayTradeBill } from './alipay-bill';
import { ChannelRejectedError, DEFAULT_TIMEOUT_MS } from './channel-errors';
import { chinaDateTime, parseChinaDateTime } from './china-time';

export interface AlipayCredentials {
  appId: string;
  /** The merchant's Alipay user id (2088…): `seller_id` in notifications. */
  sellerId: string;
  /** The application private key; PKCS#1 (Alipay's key tool) or PKCS#8. */
  privateKeyPem: string;
  alipayPublicKeyPem: string;
}

export interface AlipayChannelOptions {
  /** https://openapi.alipay.com in production (gateway `${baseUrl}/gateway.do`); the sandbox locally. */
  baseUrl: string;
  credentials: AlipayCredentials;
  timeoutMs?: number;
}

const SUCCESS = '10000';
/** Alipay's "service unavailable", inside an HTTP 200: its own 5xx. */
const SERVICE_UNAVAILABLE = '20000';

/**
 * Alipay's OpenAPI v2 gateway through alipay-sdk v4 (`exec`, every answer's RSA2 signature checked). Answers come
 * back camelCased (tradeNo, tradeStatus). Amounts travel as yuan strings; converted on digits (shared/src/money/yuan.ts).
 */
export class AlipayChannel implements port.PaymentChannel {
  readonly channel = 'ALIPAY' as const;
  readonly merchantRef: string;
  readonly appRef: string;
  private readonly sdk: AlipaySdk;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: AlipayChannelOptions) {
    const creds = options.credentials;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.merchantRef = creds.sellerId;
    this.appRef = creds.appId;
    this.sdk = new AlipaySdk({
      appId: creds.appId,
      privateKey: creds.privateKeyPem,
      keyType: creds.privateKeyPem.includes('BEGIN RSA PRIVATE KEY') ? 'PKCS1' : 'PKCS8',
      alipayPublicKey: creds.alipayPublicKeyPem,
      gateway: `${this.baseUrl}/gateway.do`,
      endpoint: this.baseUrl,
      timeout: this.timeoutMs,
    });
  }

  async prepay(input: port.PrepayInput): Promise<port.PrepayResult> {
    // Mini-program payment (my.tradePay). Alipay wants buyer_id / buyer_open_id of the Alipay user, which
    // PrepayInput does not carry (payerOpenid is WeChat's); the sandbox assigns one.
    const result = await this.exec('alipay.trade.create', {
      notify_url: input.notifyUrl,
      bizContent: {
        out_trade_no: input.outTradeNo,
        total_amount: fenToYuan(input.amountFen),
        subject: input.description.replace(/[/=&]/g, ' ').slice(0, 256), // Alipay refuses / = & in subject
        product_code: 'JSAPI_PAY',
        time_expire: chinaDateTime(input.expiresAt),
      },
    });
    if (result.code !== SUCCESS || !result.tradeNo) throw rejected(result);
    const tradeNo = String(result.tradeNo);
    // Alipay's page pay sends a payer who backs out to quit_url, not return_url: mark it, so the result page can
    // say 支付已取消 at once instead of waiting on a payment that will not come.
    const back = `return_url=${encodeURIComponent(input.returnUrl)}&quit_url=${encodeURIComponent(quitUrlOf(input.returnUrl))}`;
    return {
      channelReference: tradeNo,
      miniProgramPayParams: { tradeNO: tradeNo },
      cashierUrl: `${this.baseUrl}/cashier/alipay/${encodeURIComponent(input.outTradeNo)}?${back}`,
    };
  }

  async query(outTradeNo: string): Promise<port.PaymentState> {
    const result = await this.exec('alipay.trade.query', { bizContent: { out_trade_no: outTradeNo } });
    if (result.code === SUCCESS) {
      return tradeStateOf(result.tradeStatus, { tradeNo: result.tradeNo, totalAmount: result.totalAmount, paidAt: result.sendPayDate });
    }
    // No trade under that number: the create never got through (or, for precreate, nobody scanned it).
    if (result.subCode === 'ACQ.TRADE_NOT_EXIST') return { kind: 'NOT_PAID' };
    return { kind: 'UNKNOWN', reason: describe(result) };
  }

  async close(outTradeNo: string): Promise<port.PaymentState> {
    const result = await this.exec('alipay.trade.close', { bizContent: { out_trade_no: outTradeNo } });
    const closed = result.code === SUCCESS || result.subCode === 'ACQ.TRADE_NOT_EXIST';
    // TRADE_STATUS_ERROR: already paid (or closed); the query tells which.
    if (!closed && result.subCode !== 'ACQ.TRADE_STATUS_ERROR') return { kind: 'UNKNOWN', reason: `close refused: ${describe(result)}` };
    const state = await this.query(outTradeNo);
    if (state.kind === 'NOT_PAID') return closed ? { kind: 'CLOSED' } : { kind: 'UNKNOWN', reason: `close refused: ${describe(result)}` };
    return state;
  }

  /** Synchronous at Alipay. Its notification goes to the trade's notify_url (the refund API takes none). */
  async refund(input: port.RefundInput): Promise<port.RefundState> {
    const result = await this.exec('alipay.trade.refund', {
      bizContent: {
        out_trade_no: input.outTradeNo,
        out_request_no: input.outRefundNo, // the idempotency key: a replay answers fund_change "N"
        refund_amount: fenToYuan(input.refundFen),
        ...(input.reason && { refund_reason: input.reason.slice(0, 256) }),
      },
    });
    if (result.code === SUCCESS) {
      if (result.fundChange === 'Y') return { kind: 'SUCCEEDED', channelRefundNo: String(result.tradeNo) };
      // "N": no money moved by THIS call (a replay, or not done yet): Alipay says to confirm by refund query.
      const confirmed = await this.queryRefund(input.outRefundNo, input.outTradeNo);
      return confirmed.kind === 'SUCCEEDED' ? confirmed : { kind: 'PROCESSING', channelRefundNo: null };
    }
    if (result.subCode === 'ACQ.SYSTEM_ERROR') return { kind: 'UNKNOWN', reason: describe(result) };
    return { kind: 'FAILED', reason: describe(result) };
  }

  async queryRefund(outRefundNo: string, outTradeNo: string): Promise<port.RefundState> {
    const result = await this.exec('alipay.trade.fastpay.refund.query', {
      bizContent: { out_trade_no: outTradeNo, out_request_no: outRefundNo },
    });
    if (result.code !== SUCCESS) return { kind: 'UNKNOWN', reason: describe(result) };
    if (result.refundStatus === 'REFUND_SUCCESS') return { kind: 'SUCCEEDED', channelRefundNo: String(result.tradeNo) };
    // Alipay's convention: no refund fields = no successful refund under that out_request_no (yet).
    return { kind: 'UNKNOWN', reason: 'no successful refund under this out_request_no' };
  }

  async parseNotification({ rawBody }: port.RawNotification): Promise<port.ChannelEvent> {
    const reject = (reason: NotificationRejectedError['reason']) => new NotificationRejectedError(this.channel, reason);
    const fields = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
    // V2: the form values are already decoded once; checkNotifySign would decode them a second time.
    let verified: boolean;
    try {
      verified = Boolean(fields.sign) && this.sdk.checkNotifySignV2(fields);
    } catch {
      verified = false;
    }
    if (!verified) throw reject('SIGNATURE_INVALID');
    const outTradeNo = fields.out_trade_no;
    const sellerId = fields.seller_id;
    if (!outTradeNo || !sellerId) throw reject('MALFORMED');
    // A refund re-notifies trade_status_sync with out_biz_no (our out_request_no) and refund_fee; a FULL refund
    // says TRADE_CLOSED there, which must not read as "closed unpaid".
    if (fields.out_biz_no && fields.refund_fee !== undefined) {
      return {
        kind: 'REFUND',
        outTradeNo,
        outRefundNo: fields.out_biz_no,
        state: { kind: 'SUCCEEDED', channelRefundNo: fields.trade_no ?? '' },
        merchantRef: sellerId,
      };
    }
    const state = tradeStateOf(fields.trade_status, { tradeNo: fields.trade_no, totalAmount: fields.total_amount, paidAt: fields.gmt_payment });
    if (state.kind === 'UNKNOWN') throw reject('MALFORMED');
    return { kind: 'PAYMENT', outTradeNo, state, merchantRef: sellerId, appRef: fields.app_id ?? null };
  }

  /** Alipay resends until the body is exactly `success`, on HTTP 200. */
  acknowledge(accepted: boolean): port.Acknowledgement {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: accepted ? 'success' : 'fail' };
  }

  async downloadBill(date: string): Promise<port.BillLine[]> {
    const result = await this.exec('alipay.data.dataservice.bill.downloadurl.query', { bizContent: { bill_type: 'trade', bill_date: date } });
    if (result.code !== SUCCESS || !result.billDownloadUrl) throw rejected(result);
    let response: Response;
    let text: string;
    try {
      response = await fetch(String(result.billDownloadUrl), { signal: AbortSignal.timeout(this.timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw new ChannelUnavailableError(this.channel, `bill download failed: ${(error as Error).message}`);
    }
    if (response.status >= 500) throw new ChannelUnavailableError(this.channel, `bill download HTTP ${response.status}`);
    if (response.status !== 200) throw new ChannelRejectedError(this.channel, `HTTP_${response.status}`, text.slice(0, 200));
    return parseAlipayTradeBill(text);
  }

  /** exec with the answer's signature checked; transport trouble, non-200, bad signatures and 20000 throw. */
  private async exec(method: string, params: IRequestParams): Promise<AlipaySdkCommonResult> {
    let result: AlipaySdkCommonResult;
    try {
      result = await this.sdk.exec(method, params, { validateSign: true });
    } catch (error) {
      if (error instanceof AlipayRequestError) throw new ChannelUnavailableError(this.channel, `${method}: ${error.message.slice(0, 200)}`);
      throw error;
    }
    if (result.code === SERVICE_UNAVAILABLE) throw new ChannelUnavailableError(this.channel, `${method}: ${describe(result)}`);
    return result;
  }
}

function tradeStateOf(status: unknown, trade: { tradeNo: unknown; totalAmount: unknown; paidAt: unknown }): port.PaymentState {
  const paid = (): port.PaymentState => {
    const paidAt = typeof trade.paidAt === 'string' ? parseChinaDateTime(trade.paidAt) : null;
    if (typeof trade.tradeNo !== 'string' || typeof trade.totalAmount !== 'string' || !paidAt) {
      return { kind: 'UNKNOWN', reason: 'paid trade without trade_no, amount or payment time' };
    }
    try {
      return { kind: 'PAID', channelTradeNo: trade.tradeNo, amountFen: yuanToFen(trade.totalAmount), paidAt };
    } catch {
      return { kind: 'UNKNOWN', reason: `unreadable amount "${trade.totalAmount}"` };
    }
  };
  switch (status) {
    case 'TRADE_SUCCESS':
    case 'TRADE_FINISHED':
      return paid();
    case 'TRADE_CLOSED':
      // Also what a fully refunded trade says; it was paid if it has a payment time.
      return trade.paidAt ? paid() : { kind: 'CLOSED' };
    case 'WAIT_BUYER_PAY':
      return { kind: 'NOT_PAID' };
    default:
      return { kind: 'UNKNOWN', reason: `trade_status ${typeof status === 'string' ? status : status == null ? 'missing' : JSON.stringify(status)}` };
  }
}

/** The return URL with `cancelled=1` added to its query (the last one: the app's hash route carries it). */
export function quitUrlOf(returnUrl: string): string {
  return `${returnUrl}${returnUrl.includes('?') ? '&' : '?'}cancelled=1`;
}

const describe = (result: AlipaySdkCommonResult) =>
  [result.code, result.msg, result.subCode, result.subMsg].filter((part) => part !== undefined && part !== '').join(' ');

const rejected = (result: AlipaySdkCommonResult) =>
  new ChannelRejectedError('ALIPAY', String(result.subCode ?? result.code), String(result.subMsg ?? result.msg ?? ''));
