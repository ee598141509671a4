import { ChannelUnavailableError, NotificationRejectedError } from '../channel.port';
// the port's types as port.X: every adapter takes and answers the same shapes
import type * as port from '../channel.port';
import { ChannelRejectedError, DEFAULT_TIMEOUT_MS } from './channel-errors';
import { chinaCompact, parseChinaDateTime } from './china-time';
import { parseUnionpayAnswer, unionpaySign, unionpayVerify, type UnionpayFields } from './unionpay-signer';

export interface UnionpayCredentials {
  merId: string;
  /** Serial of the merchant signing certificate, sent as certId. */
  certId: string;
  privateKeyPem: string;
  /** UnionPay's verification key and its certId (production: the signPubKeyCert chain instead). */
  platformPublicKeyPem: string;
  platformCertId: string;
}

/** One transaction this merchant sent: UnionPay finds it again only by orderId AND the txnTime it was sent with. */
export interface UnionpayTxn {
  orderId: string;
  txnTime: string;
  /** For a refund: the orderId of the payment it refunds (refund notifications name only origQryId). */
  origOrderId: string | null;
}

/**
 * Where the adapter keeps txnTimes. The port's query(outTradeNo) does not carry one, and UnionPay cannot query
 * without it, so production needs a persisted store (e.g. the payment attempt's row); in-memory loses them on restart.
 */
export interface UnionpayTxnLog {
  save(txn: UnionpayTxn): Promise<void>;
  find(orderId: string): Promise<UnionpayTxn | null>;
}

export class InMemoryUnionpayTxnLog implements UnionpayTxnLog {
  private readonly txns = new Map<string, UnionpayTxn>();
  constructor(private readonly capacity = 100_000) {}

  async save(txn: UnionpayTxn): Promise<void> {
    this.txns.delete(txn.orderId);
    this.txns.set(txn.orderId, txn);
    if (this.txns.size > this.capacity) this.txns.delete(this.txns.keys().next().value as string);
  }

  async find(orderId: string): Promise<UnionpayTxn | null> {
    return this.txns.get(orderId) ?? null;
  }
}

export interface UnionpayChannelOptions {
  /** https://gateway.95516.com in production (paths /gateway/api/*.do); the sandbox locally. */
  baseUrl: string;
  credentials: UnionpayCredentials;
  timeoutMs?: number;
  now?: () => Date;
  txnLog?: UnionpayTxnLog;
  /**
   * The day's bill as the sandbox serves it (GET …/__control/bills/unionpay?date=, JSON with a `file` CSV).
   * Production's bill comes through fileTransfer.do (txnType 76, a zip of fixed-width files), not built yet: null.
   */
  sandboxBillUrl: string | null;
}

const ENVELOPE = { version: '5.1.0', encoding: 'UTF-8', signMethod: '01', accessType: '0' } as const;
/** Accepted for processing, outcome unknown yet: query later. */
const PENDING = new Set(['03', '04', '05']);
const FEN = /^[1-9]\d{0,13}$/;

/**
 * UnionPay online payments (ACP 5.1.0, app/H5 control `tn`), signMethod=01 with our own signer. No SDK exists.
 * Requests are form posts; synchronous answers are raw `k=v&…` text, signed by UnionPay and verified here.
 */
export class UnionpayChannel implements port.PaymentChannel {
  readonly channel = 'UNIONPAY' as const;
  readonly merchantRef: string;
  readonly appRef = null;
  private readonly creds: UnionpayCredentials;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly txnLog: UnionpayTxnLog;
  private readonly sandboxBillUrl: string | null;

  constructor(options: UnionpayChannelOptions) {
    this.creds = options.credentials;
    this.merchantRef = this.creds.merId;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? (() => new Date());
    this.txnLog = options.txnLog ?? new InMemoryUnionpayTxnLog();
    this.sandboxBillUrl = options.sandboxBillUrl;
  }

  async prepay(input: port.PrepayInput): Promise<port.PrepayResult> {
    // A retry of the same order must repeat its txnTime, or UnionPay sees a different transaction (respCode 12).
    const txnTime = (await this.txnLog.find(input.outTradeNo))?.txnTime ?? chinaCompact(this.now());
    await this.txnLog.save({ orderId: input.outTradeNo, txnTime, origOrderId: null });
    const answer = await this.post('appTransReq.do', {
      txnType: '01',
      txnSubType: '01',
      bizType: '000201',
      channelType: '08',
      orderId: input.outTradeNo,
      txnTime,
      txnAmt: String(input.amountFen),
      currencyCode: '156',
      backUrl: input.notifyUrl,
      orderDesc: input.description.slice(0, 32),
      payTimeout: chinaCompact(input.expiresAt),
    });
    if (PENDING.has(answer.respCode ?? '')) throw new ChannelUnavailableError(this.channel, `appTransReq pending (respCode ${answer.respCode})`);
    if (answer.respCode !== '00' || !answer.tn) throw new ChannelRejectedError(this.channel, answer.respCode ?? 'none', answer.respMsg ?? '');
    return {
      channelReference: answer.tn,
      // The UnionPay SDK / 云闪付 control takes the tn; there are no signed client parameters.
      miniProgramPayParams: { tn: answer.tn },
      cashierUrl: `${this.baseUrl}/cashier/unionpay/${encodeURIComponent(input.outTradeNo)}?return_url=${encodeURIComponent(input.returnUrl)}`,
    };
  }

  async query(outTradeNo: string): Promise<port.PaymentState> {
    const txn = await this.txnLog.find(outTradeNo);
    if (!txn) return { kind: 'UNKNOWN', reason: 'txnTime not on record: UnionPay finds an order by orderId + txnTime' };
    const answer = await this.queryTrans(txn);
    if (answer.respCode === '34') return { kind: 'NOT_PAID' }; // UnionPay records a consume only once someone pays
    if (answer.respCode !== '00') return { kind: 'UNKNOWN', reason: `respCode ${answer.respCode} ${answer.respMsg ?? ''}`.trim() };
    if (answer.origRespCode === '00') return this.paid(answer) ?? { kind: 'UNKNOWN', reason: 'paid answer without queryId or amount' };
    if (PENDING.has(answer.origRespCode ?? '')) return { kind: 'NOT_PAID' };
    return { kind: 'FAILED', reason: `origRespCode ${answer.origRespCode} ${answer.origRespMsg ?? ''}`.trim() };
  }

  /**
   * UnionPay has no close for a consume: an unpaid tn lapses at payTimeout (set to expiresAt at prepay). So
   * this queries, and when nobody paid reports CLOSED locally, without telling UnionPay. A payment that still
   * lands before payTimeout arrives as a late notification (CLOSED -> PAID).
   */
  async close(outTradeNo: string): Promise<port.PaymentState> {
    const state = await this.query(outTradeNo);
    return state.kind === 'NOT_PAID' ? { kind: 'CLOSED' } : state;
  }

  /** 退货 (txnType 04), asynchronous: accepted as PROCESSING, the outcome comes by notification or queryRefund. */
  async refund(input: port.RefundInput): Promise<port.RefundState> {
    const payment = await this.query(input.outTradeNo);
    if (payment.kind === 'UNKNOWN') return { kind: 'UNKNOWN', reason: `original payment: ${payment.reason}` };
    if (payment.kind !== 'PAID') return { kind: 'FAILED', reason: `original payment is ${payment.kind}` };
    const txnTime = (await this.txnLog.find(input.outRefundNo))?.txnTime ?? chinaCompact(this.now());
    await this.txnLog.save({ orderId: input.outRefundNo, txnTime, origOrderId: input.outTradeNo }); // before sending: a timeout can be queried
    const answer = await this.post('backTransReq.do', {
      txnType: '04',
      txnSubType: '00',
      bizType: '000201',
      channelType: '08',
      orderId: input.outRefundNo,
      origQryId: payment.channelTradeNo,
      txnTime,
      txnAmt: String(input.refundFen),
      currencyCode: '156',
      backUrl: input.notifyUrl,
    });
    if (answer.respCode === '00') return { kind: 'PROCESSING', channelRefundNo: answer.queryId ?? null };
    if (PENDING.has(answer.respCode ?? '')) return { kind: 'PROCESSING', channelRefundNo: null };
    return { kind: 'FAILED', reason: `respCode ${answer.respCode} ${answer.respMsg ?? ''}`.trim() };
  }

  async queryRefund(outRefundNo: string): Promise<port.RefundState> {
    const txn = await this.txnLog.find(outRefundNo);
    if (!txn) return { kind: 'UNKNOWN', reason: 'txnTime of the refund not on record' };
    const answer = await this.queryTrans(txn);
    if (answer.respCode !== '00') return { kind: 'UNKNOWN', reason: `respCode ${answer.respCode} ${answer.respMsg ?? ''}`.trim() };
    if (answer.origRespCode === '00') return { kind: 'SUCCEEDED', channelRefundNo: answer.queryId ?? '' };
    if (PENDING.has(answer.origRespCode ?? '')) return { kind: 'PROCESSING', channelRefundNo: answer.queryId ?? null };
    return { kind: 'FAILED', reason: `origRespCode ${answer.origRespCode} ${answer.origRespMsg ?? ''}`.trim() };
  }

  async parseNotification({ rawBody }: port.RawNotification): Promise<port.ChannelEvent> {
    const reject = (reason: NotificationRejectedError['reason']) => new NotificationRejectedError(this.channel, reason);
    const fields: UnionpayFields = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
    if (fields.signMethod !== '01' || fields.certId !== this.creds.platformCertId) throw reject('SIGNATURE_INVALID');
    if (!unionpayVerify(fields, this.creds.platformPublicKeyPem)) throw reject('SIGNATURE_INVALID');
    const { merId, orderId, txnType, respCode } = fields;
    if (!merId || !orderId) throw reject('MALFORMED');
    if (txnType === '01') {
      const state: port.PaymentState = respCode === '00'
        ? (this.paid(fields) ?? { kind: 'UNKNOWN', reason: 'paid notification without queryId or amount' })
        : { kind: 'FAILED', reason: `respCode ${respCode} ${fields.respMsg ?? ''}`.trim() };
      if (state.kind === 'UNKNOWN') throw reject('MALFORMED');
      return { kind: 'PAYMENT', outTradeNo: orderId, state, merchantRef: merId, appRef: null };
    }
    if (txnType === '04') {
      // Names the refund (orderId) and origQryId only; the payment's orderId comes from our own record.
      const txn = await this.txnLog.find(orderId);
      return {
        kind: 'REFUND',
        outTradeNo: txn?.origOrderId ?? '',
        outRefundNo: orderId,
        state: respCode === '00'
          ? { kind: 'SUCCEEDED', channelRefundNo: fields.queryId ?? '' }
          : { kind: 'FAILED', reason: `respCode ${respCode} ${fields.respMsg ?? ''}`.trim() },
        merchantRef: merId,
      };
    }
    throw reject('MALFORMED');
  }

  /** HTTP 200 (or 302) acknowledges; anything else and UnionPay resends. A refusal is the sender's fault: 400, not 5xx. */
  acknowledge(accepted: boolean): port.Acknowledgement {
    return accepted
      ? { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok' }
      : { status: 400, contentType: 'text/plain; charset=utf-8', body: 'fail' };
  }

  async downloadBill(date: string): Promise<port.BillLine[]> {
    if (!this.sandboxBillUrl) throw new Error('UnionPay bill download (fileTransfer.do, txnType 76) is not implemented; only the sandbox bill is');
    const url = `${this.sandboxBillUrl}?date=${encodeURIComponent(date)}`;
    const { status, text } = await this.fetchText(url, { method: 'GET' });
    if (status !== 200) throw new ChannelRejectedError(this.channel, `HTTP_${status}`, text.slice(0, 200));
    const file = (JSON.parse(text) as { file?: string }).file ?? '';
    return parseSandboxBill(file);
  }

  /** A payment found paid: queryId, txnAmt and the payment time (traceTime is MMddhhmmss, its year from txnTime). */
  private paid(fields: UnionpayFields): port.PaymentState | null {
    const { queryId, txnAmt } = fields;
    if (!queryId || !txnAmt || !FEN.test(txnAmt)) return null;
    return { kind: 'PAID', channelTradeNo: queryId, amountFen: Number(txnAmt), paidAt: paidAtOf(fields.txnTime, fields.traceTime) ?? this.now() };
  }

  private queryTrans(txn: UnionpayTxn): Promise<UnionpayFields> {
    return this.post('queryTrans.do', { txnType: '00', txnSubType: '00', bizType: '000000', orderId: txn.orderId, txnTime: txn.txnTime });
  }

  /** Signs and posts one request; answers that do not verify are not trusted (ChannelUnavailableError). */
  private async post(path: string, fields: UnionpayFields): Promise<UnionpayFields> {
    const message: UnionpayFields = { ...ENVELOPE, merId: this.creds.merId, certId: this.creds.certId, ...fields };
    message.signature = unionpaySign(message, this.creds.privateKeyPem);
    const { status, text } = await this.fetchText(`${this.baseUrl}/gateway/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams(message).toString(),
    });
    if (status !== 200) throw new ChannelUnavailableError(this.channel, `${path}: HTTP ${status}`);
    const answer = parseUnionpayAnswer(text);
    if (answer.certId !== this.creds.platformCertId || !unionpayVerify(answer, this.creds.platformPublicKeyPem)) {
      throw new ChannelUnavailableError(this.channel, `${path}: answer failed verification`);
    }
    return answer;
  }

  private async fetchText(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await response.text();
      if (response.status >= 500) throw new ChannelUnavailableError(this.channel, `HTTP ${response.status}`);
      return { status: response.status, text };
    } catch (error) {
      if (error instanceof ChannelUnavailableError) throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ChannelUnavailableError(this.channel, `no answer: ${cause ?? (error as Error).name}`);
    }
  }
}

function paidAtOf(txnTime: string | undefined, traceTime: string | undefined): Date | null {
  if (!txnTime || !/^\d{14}$/.test(txnTime)) return null;
  if (!traceTime || !/^\d{10}$/.test(traceTime)) return parseChinaDateTime(txnTime);
  let year = Number(txnTime.slice(0, 4));
  if (traceTime.slice(0, 4) < txnTime.slice(4, 8)) year += 1; // ordered on 31 Dec, paid on 1 Jan
  return parseChinaDateTime(`${year}${traceTime}`);
}

/** The sandbox's UnionPay bill: merId,orderId,queryId,txnType,txnTime,txnAmt,origOrderId (amounts in fen). */
export function parseSandboxBill(file: string): port.BillLine[] {
  const [header, ...rows] = file.split(/\r?\n/).filter((row) => row.trim() !== '');
  if (header !== 'merId,orderId,queryId,txnType,txnTime,txnAmt,origOrderId') throw new Error(`UnionPay bill: unexpected header "${header}"`);
  return rows.map((row, i) => {
    const [, orderId = '', queryId = '', txnType, txnTime, txnAmt = '', origOrderId = ''] = row.split(',');
    const occurredAt = parseChinaDateTime(txnTime);
    if (!occurredAt || !FEN.test(txnAmt)) throw new Error(`UnionPay bill row ${i + 1}: unreadable "${row}"`);
    if (txnType === '04') {
      return { kind: 'REFUND', outTradeNo: origOrderId, channelTradeNo: queryId, outRefundNo: orderId, amountFen: Number(txnAmt), status: 'SUCCESS', occurredAt };
    }
    if (txnType !== '01') throw new Error(`UnionPay bill row ${i + 1}: unexpected txnType "${txnType}"`);
    return { kind: 'PAYMENT', outTradeNo: orderId, channelTradeNo: queryId, outRefundNo: null, amountFen: Number(txnAmt), status: 'SUCCESS', occurredAt };
  });
}
