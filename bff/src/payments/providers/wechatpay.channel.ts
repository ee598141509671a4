import { createHash, type KeyObject } from 'node:crypto';
import { Aes, Formatter, Rsa, Wechatpay } from 'wechatpay-axios-plugin';
import { ChannelUnavailableError, NotificationRejectedError } from '../channel.port';
// the port's types as port.X: every adapter takes and answers the same shapes
import type * as port from '../channel.port';
import { ChannelRejectedError, DEFAULT_TIMEOUT_MS, headerOf } from './channel-errors';
import { chinaRfc3339 } from './china-time';
import { paymentStateOf, refundStateOf, type AxiosLikeError, type WxAnswer, type WxNotification, type WxRefund, type WxTransaction } from './wechatpay-answers';
import { parseWechatTradeBill } from './wechatpay-bill';
import { WechatpayPlatformKeys } from './wechatpay-platform-keys';

/** What the sandbox's merchant-credentials.json (and a real merchant's WeChat Pay account) provides. */
export interface WechatpayCredentials {
  mchid: string;
  /** The mini-program's appid, bound to the merchant id. */
  appid: string;
  /** Serial number of the merchant API certificate (signs our requests). */
  serialNo: string;
  privateKeyPem: string;
  /** "WeChat Pay public key" mode: the key and its PUB_KEY_ID_… serial (no platform certificates). */
  platformPublicKeyPem: string;
  platformSerial: string;
  /** 32-character APIv3 key: the AES-256-GCM key of notification resources. */
  apiV3Key: string;
}

export interface WechatpayChannelOptions {
  /** https://api.mch.weixin.qq.com in production; the sandbox locally. */
  baseUrl: string;
  credentials: WechatpayCredentials;
  timeoutMs?: number;
  now?: () => Date;
  /** Reads the credentials again (the file may hold a rotated platform key); asked when an unknown serial signs. */
  reloadCredentials?: () => WechatpayCredentials;
}

const NOTIFICATION_MAX_AGE_S = 5 * 60;
const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

/**
 * WeChat Pay API v3, direct merchant, through wechatpay-axios-plugin: it signs every request and verifies every
 * answer's Wechatpay-Signature with the platform public key (answers that fail are thrown as EV3_RES_* errors).
 * Mini-program payments use JSAPI; without an openid (H5 outside WeChat) the H5 API.
 */
export class WechatpayChannel implements port.PaymentChannel {
  readonly channel = 'WECHATPAY' as const;
  readonly merchantRef: string;
  readonly appRef: string;
  private client: Wechatpay['client'];
  private readonly creds: WechatpayCredentials;
  private readonly baseUrl: string;
  private readonly now: () => Date;
  private readonly timeoutMs: number;
  private readonly platformKeys: WechatpayPlatformKeys;

  constructor(options: WechatpayChannelOptions) {
    this.creds = options.credentials;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.now = options.now ?? (() => new Date());
    this.merchantRef = this.creds.mchid;
    this.appRef = this.creds.appid;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // a rotated key also verifies the API's answers from then on
    this.platformKeys = new WechatpayPlatformKeys(this.creds, options.reloadCredentials, () => (this.client = this.buildClient()));
    this.client = this.buildClient();
  }

  /** The plugin's client; it verifies every answer with the same key objects. */
  private buildClient(): Wechatpay['client'] {
    return new Wechatpay({
      mchid: this.creds.mchid,
      serial: this.creds.serialNo,
      privateKey: this.creds.privateKeyPem,
      certs: this.platformKeys.all(),
      baseURL: `${this.baseUrl}/`,
      timeout: this.timeoutMs,
    }).client;
  }

  async prepay(input: port.PrepayInput): Promise<port.PrepayResult> {
    const order = {
      appid: this.creds.appid,
      mchid: this.creds.mchid,
      description: input.description.slice(0, 127),
      out_trade_no: input.outTradeNo,
      time_expire: chinaRfc3339(input.expiresAt),
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
    };
    if (input.payerOpenid) {
      const answer = await this.call<{ prepay_id: string }>('post', 'v3/pay/transactions/jsapi', { ...order, payer: { openid: input.payerOpenid } });
      if (!answer.ok) throw new ChannelRejectedError(this.channel, answer.code, answer.message);
      const prepayId = answer.data.prepay_id;
      return {
        channelReference: prepayId,
        miniProgramPayParams: this.requestPaymentParams(prepayId),
        cashierUrl: `${this.baseUrl}/cashier/wechatpay/${encodeURIComponent(input.outTradeNo)}?return_url=${encodeURIComponent(input.returnUrl)}`,
      };
    }
    // No openid: an H5 payment outside WeChat. WeChat wants the payer's IP for risk control, which PrepayInput
    // does not carry yet; a placeholder is sent until it does.
    const answer = await this.call<{ h5_url: string }>('post', 'v3/pay/transactions/h5', {
      ...order,
      scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } },
    });
    if (!answer.ok) throw new ChannelRejectedError(this.channel, answer.code, answer.message);
    const h5Url = answer.data.h5_url;
    return {
      channelReference: new URL(h5Url).searchParams.get('prepay_id') ?? h5Url,
      miniProgramPayParams: null,
      // WeChat's H5 convention: the page returns to redirect_url afterwards.
      cashierUrl: `${h5Url}${h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(input.returnUrl)}`,
    };
  }

  async query(outTradeNo: string): Promise<port.PaymentState> {
    const answer = await this.call<WxTransaction>(
      'get',
      `v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`,
      undefined,
      { params: { mchid: this.creds.mchid } },
    );
    if (answer.ok) return paymentStateOf(answer.data);
    // The channel never saw the order (the prepay did not get through): nobody can have paid it.
    if (answer.code === 'ORDER_NOT_EXIST') return { kind: 'NOT_PAID' };
    return { kind: 'UNKNOWN', reason: `${answer.code} ${answer.message}`.trim() };
  }

  async close(outTradeNo: string): Promise<port.PaymentState> {
    const answer = await this.call<void>('post', `v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
      mchid: this.creds.mchid,
    });
    if (!answer.ok && answer.code !== 'ORDER_NOT_EXIST' && answer.code !== 'ORDERPAID') {
      return { kind: 'UNKNOWN', reason: `close refused: ${answer.code} ${answer.message}`.trim() };
    }
    // ORDERPAID: paid in the meantime, which the query says; ORDER_NOT_EXIST: nothing to close, nobody can pay.
    const state = await this.query(outTradeNo);
    if (state.kind !== 'NOT_PAID') return state;
    return answer.ok || answer.code === 'ORDER_NOT_EXIST' ? { kind: 'CLOSED' } : { kind: 'UNKNOWN', reason: 'ORDERPAID, yet the query says unpaid' };
  }

  async refund(input: port.RefundInput): Promise<port.RefundState> {
    const answer = await this.call<WxRefund>('post', 'v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: input.reason.slice(0, 80) || undefined,
      notify_url: input.notifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    });
    // A 4xx means WeChat did not take the refund (amount exceeded, order unpaid, bad parameters).
    if (!answer.ok) return { kind: 'FAILED', reason: `${answer.code} ${answer.message}`.trim() };
    return refundStateOf(answer.data.status, answer.data.refund_id);
  }

  async queryRefund(outRefundNo: string): Promise<port.RefundState> {
    const answer = await this.call<WxRefund>('get', `v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
    if (!answer.ok) return { kind: 'UNKNOWN', reason: `${answer.code} ${answer.message}`.trim() };
    return refundStateOf(answer.data.status, answer.data.refund_id);
  }

  async parseNotification({ headers, rawBody }: port.RawNotification): Promise<port.ChannelEvent> {
    const reject = (reason: NotificationRejectedError['reason']) => new NotificationRejectedError(this.channel, reason);
    const signature = headerOf(headers, 'Wechatpay-Signature');
    const timestamp = headerOf(headers, 'Wechatpay-Timestamp');
    const nonce = headerOf(headers, 'Wechatpay-Nonce');
    const serial = headerOf(headers, 'Wechatpay-Serial');
    // WeChat's probes carry a deliberately invalid signature; a merchant that acknowledges them is not verifying.
    if (signature?.startsWith(SIGNTEST_PREFIX)) throw reject('SIGNATURE_PROBE');
    const key = serial ? this.platformKeys.get(serial) : undefined;
    if (!signature || !timestamp || !nonce || !key) throw reject('SIGNATURE_INVALID');
    // Over the exact bytes received: a re-serialised body would not verify.
    if (!safeVerify(Formatter.joinedByLineFeed(timestamp, nonce, rawBody.toString('utf8')), signature, key)) {
      throw reject('SIGNATURE_INVALID');
    }
    const ageS = Math.abs(this.now().getTime() / 1000 - Number(timestamp));
    if (!/^\d{1,12}$/.test(timestamp) || ageS > NOTIFICATION_MAX_AGE_S) throw reject('STALE');

    let envelope: WxNotification;
    try {
      envelope = JSON.parse(rawBody.toString('utf8')) as WxNotification;
    } catch {
      throw reject('MALFORMED');
    }
    const resource = envelope.resource;
    if (resource?.algorithm !== 'AEAD_AES_256_GCM' || !resource.ciphertext || !resource.nonce) throw reject('MALFORMED');
    let plain: WxTransaction & WxRefund;
    try {
      plain = JSON.parse(Aes.AesGcm.decrypt(resource.ciphertext, this.creds.apiV3Key, resource.nonce, resource.associated_data ?? '')) as WxTransaction &
        WxRefund;
    } catch {
      throw reject('DECRYPTION_FAILED');
    }
    const eventType = envelope.event_type ?? '';
    if (!plain.out_trade_no || !plain.mchid) throw reject('MALFORMED');
    if (eventType.startsWith('TRANSACTION.')) {
      return { kind: 'PAYMENT', outTradeNo: plain.out_trade_no, state: paymentStateOf(plain), merchantRef: plain.mchid, appRef: plain.appid ?? null };
    }
    if (eventType.startsWith('REFUND.') && plain.out_refund_no) {
      return {
        kind: 'REFUND',
        outTradeNo: plain.out_trade_no,
        outRefundNo: plain.out_refund_no,
        state: refundStateOf(plain.refund_status, plain.refund_id),
        merchantRef: plain.mchid,
      };
    }
    throw reject('MALFORMED');
  }

  /**
   * HTTP 200/204 acknowledges; anything else (4xx/5xx with code FAIL) makes WeChat resend on its schedule. A refusal
   * is the sender's fault, so 400: a 5xx is kept for our own failures (issue 13: no 5xx from bad input).
   */
  acknowledge(accepted: boolean): port.Acknowledgement {
    return accepted
      ? { status: 204, contentType: 'application/json; charset=utf-8', body: '' }
      : { status: 400, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ code: 'FAIL', message: '失败' }) };
  }

  async downloadBill(date: string): Promise<port.BillLine[]> {
    const answer = await this.call<{ hash_type: string; hash_value: string; download_url: string }>('get', 'v3/bill/tradebill', undefined, {
      params: { bill_date: date, bill_type: 'ALL' },
    });
    if (!answer.ok) {
      if (answer.code === 'NO_STATEMENT_EXIST') return []; // no transaction that day
      throw new ChannelRejectedError(this.channel, answer.code, answer.message);
    }
    // The download is signed like any request but its answer is not: the hash from the signed answer above
    // is what proves the file.
    const url = new URL(answer.data.download_url);
    const file = await this.call<ArrayBuffer>('get', url.pathname.replace(/^\/+/, ''), undefined, {
      baseURL: `${url.origin}/`,
      params: Object.fromEntries(url.searchParams),
      responseType: 'arraybuffer',
    });
    if (!file.ok) throw new ChannelRejectedError(this.channel, file.code, file.message);
    const bytes = Buffer.from(file.data);
    if (answer.data.hash_type !== 'SHA1') throw new ChannelRejectedError(this.channel, 'HASH_TYPE', `unsupported ${answer.data.hash_type}`);
    if (createHash('sha1').update(bytes).digest('hex') !== answer.data.hash_value.toLowerCase()) {
      throw new ChannelUnavailableError(this.channel, `bill for ${date} does not match its SHA-1; download again`);
    }
    return parseWechatTradeBill(bytes.toString('utf8'));
  }

  /** What wx.requestPayment / Taro.requestPayment take; paySign is RSA-SHA256 by the merchant key. */
  private requestPaymentParams(prepayId: string): Record<string, string> {
    const timeStamp = String(Math.floor(this.now().getTime() / 1000));
    const nonceStr = Formatter.nonce(32);
    const pkg = `prepay_id=${prepayId}`;
    const paySign = Rsa.sign(Formatter.joinedByLineFeed(this.creds.appid, timeStamp, nonceStr, pkg), this.creds.privateKeyPem);
    return { appId: this.creds.appid, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  /**
   * One API call. Verified 2xx answers come back as data, 4xx as the channel's {code, message}; no answer,
   * a timeout, 5xx/429 or an answer whose signature does not verify throw ChannelUnavailableError.
   */
  private async call<T>(method: 'get' | 'post', path: string, data?: object, config: Record<string, unknown> = {}): Promise<WxAnswer<T>> {
    try {
      const response = await this.client.request(path, method, data, config);
      return { ok: true, status: response.status, data: response.data as T };
    } catch (error) {
      const e = error as AxiosLikeError;
      if (!e?.isAxiosError) throw error; // a bug, not the channel
      if (e.code?.startsWith('EV3_')) throw new ChannelUnavailableError(this.channel, `answer failed verification (${e.code})`);
      const status = e.response?.status;
      if (status === undefined) throw new ChannelUnavailableError(this.channel, `no answer: ${e.code ?? e.message ?? 'unknown error'}`);
      if (status >= 500 || status === 429) throw new ChannelUnavailableError(this.channel, `HTTP ${status}`);
      // The plugin does not verify 4xx answers (WeChat signs them, the plugin skips non-2xx); they only ever
      // lead to NOT_PAID / UNKNOWN / FAILED here, never to money moving.
      const body = (e.response?.data ?? {}) as { code?: string; message?: string };
      return { ok: false, status, code: body.code ?? `HTTP_${status}`, message: body.message ?? '' };
    }
  }
}

function safeVerify(message: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return Rsa.verify(message, signature, publicKey);
  } catch {
    return false;
  }
}
