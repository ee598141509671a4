// WeChat Pay API v3 (direct merchant), on the real paths, so wechatpay-axios-plugin works with only
// `baseURL` changed. Every request must carry a valid merchant Authorization; every response is signed.
//   POST /v3/pay/transactions/jsapi | /h5                      prepay -> {prepay_id} | {h5_url}
//   GET  /v3/pay/transactions/out-trade-no/{no}?mchid=          query (also /id/{transaction_id})
//   POST /v3/pay/transactions/out-trade-no/{no}/close           204
//   POST /v3/refund/domestic/refunds, GET …/refunds/{no}         refund, refund query
//   GET  /v3/bill/tradebill?bill_date=&bill_type=&tar_type=     {download_url, hash_type, hash_value}
//   GET  /v3/billdownload/file?token=                           the CSV (signed request, unsigned response)
//   POST /__control/wechatpay/signtest {notify_url?, out_trade_no?}  a WECHATPAY/SIGNTEST/ probe
// Error codes follow WeChat's table where known; a few (ORDER_CLOSED, NO_STATEMENT_EXIST) are best effort.
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { wechatTradeBill } from './bills.mjs';
import { REFUND_SETTLE_MS } from './orders.mjs';
import { businessDate, businessDayRange, cstCompact, isHttpUrl, randomDigits } from './util.mjs';
import {
  notificationBody, refundNotificationView, refundView, signedResult, transactionView, verifyRequest,
  wechatpayHeaders, wxError,
} from './wechatpay-protocol.mjs';

const CHANNEL = 'wechatpay';
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const isFen = (v) => Number.isSafeInteger(v) && v > 0;
const acked = (status) => status === 200 || status === 204;

export function wechatpay({ keys, orders, notifier, bills, clock, now }) {
  const w = keys.wechatpay;
  const reply = (result) => signedResult(w, result, now());
  const newTransactionId = () => `4200000${randomDigits(3)}${cstCompact(now()).slice(0, 8)}${randomDigits(10)}`;

  // A v3 API route: checks the Authorization over the raw request, parses JSON, signs the answer.
  const api = (method, path, fn, { signResponse = true } = {}) => ({
    method,
    path,
    channel: CHANNEL,
    raw: true,
    async handle(ctx) {
      const body = ctx.rawBody ?? '';
      const denied = verifyRequest({ header: ctx.headers.authorization, method, url: ctx.url, body, wechat: w, nowMs: now() });
      if (denied) return reply(denied);
      let json = {};
      if (method === 'POST' && body !== '') {
        try {
          json = JSON.parse(body);
        } catch {
          return reply(wxError(400, 'PARAM_ERROR', '请求体不是合法的JSON'));
        }
      }
      const result = await fn({ ...ctx, json });
      return signResponse || result.status >= 400 ? reply(result) : result;
    },
  });

  function checkPrepay(b, tradeType) {
    if (b.appid !== w.appid) return 'appid和mch_id不匹配';
    if (b.mchid !== w.mchid) return 'mchid与Authorization中的商户号不一致';
    if (typeof b.description !== 'string' || b.description.length < 1 || b.description.length > 127) return 'description长度需在1到127之间';
    if (typeof b.out_trade_no !== 'string' || !OUT_TRADE_NO.test(b.out_trade_no)) return 'out_trade_no需为6-32位数字、字母、_-|*';
    if (!isHttpUrl(b.notify_url)) return 'notify_url需为http(s)地址';
    if (!isFen(b.amount?.total)) return 'amount.total需为正整数（分）';
    if (b.amount.currency !== undefined && b.amount.currency !== 'CNY') return 'amount.currency仅支持CNY';
    if (b.attach !== undefined && (typeof b.attach !== 'string' || b.attach.length > 128)) return 'attach长度不能超过128';
    if (tradeType === 'JSAPI' && (typeof b.payer?.openid !== 'string' || b.payer.openid === '')) return 'payer.openid不能为空';
    if (tradeType === 'MWEB' && (!b.scene_info?.payer_client_ip || !b.scene_info?.h5_info?.type)) {
      return 'scene_info.payer_client_ip与scene_info.h5_info.type不能为空';
    }
    return null;
  }

  const prepay = (tradeType) => ({ json: b, origin }) => {
    const invalid = checkPrepay(b, tradeType);
    if (invalid) return wxError(400, 'PARAM_ERROR', invalid);
    // Same out_trade_no again: fine with identical parameters (a retry), refused otherwise.
    const fingerprint = JSON.stringify([tradeType, b.appid, b.description, b.amount.total, b.payer?.openid ?? null, b.attach ?? '']);
    let order = orders.get(CHANNEL, b.out_trade_no);
    if (order) {
      if (order.status === 'PAID') return wxError(400, 'ORDERPAID', '该订单已支付');
      if (order.status !== 'NOTPAY') return wxError(400, 'ORDER_CLOSED', '该订单已关闭，请使用新的商户订单号');
      if (order.request !== fingerprint) return wxError(400, 'INVALID_REQUEST', '201 商户订单号重复');
    } else {
      order = orders.create(CHANNEL, {
        outTradeNo: b.out_trade_no,
        channelTradeNo: newTransactionId(), // minted now, shown once paid
        amountFen: b.amount.total,
        description: b.description,
        attach: b.attach ?? '',
        notifyUrl: b.notify_url,
        payer: b.payer?.openid ?? null,
        request: fingerprint,
        extra: {
          appid: b.appid,
          tradeType,
          prepayId: `wx${cstCompact(now())}${randomBytes(10).toString('hex')}`,
          timeExpire: b.time_expire ?? null,
        },
      });
    }
    if (tradeType === 'JSAPI') return { body: { prepay_id: order.extra.prepayId } };
    const cashier = `${origin}/cashier/wechatpay/${encodeURIComponent(order.outTradeNo)}?prepay_id=${order.extra.prepayId}`;
    return { body: { h5_url: cashier } };
  };

  const queryResult = (order) => (order ? { body: transactionView(w, order) } : wxError(404, 'ORDER_NOT_EXIST', '订单不存在'));
  const checkMchid = (query) => (query.get('mchid') === w.mchid ? null : wxError(400, 'PARAM_ERROR', 'mchid参数缺失或与商户号不一致'));

  function createRefund({ json: b }) {
    if (typeof b.out_refund_no !== 'string' || !OUT_REFUND_NO.test(b.out_refund_no)) return wxError(400, 'PARAM_ERROR', 'out_refund_no格式错误');
    if (!b.out_trade_no && !b.transaction_id) return wxError(400, 'PARAM_ERROR', 'transaction_id与out_trade_no需二选一');
    if (!isFen(b.amount?.refund) || !isFen(b.amount?.total)) return wxError(400, 'PARAM_ERROR', 'amount.refund与amount.total需为正整数（分）');
    if (b.amount.currency !== undefined && b.amount.currency !== 'CNY') return wxError(400, 'PARAM_ERROR', 'amount.currency仅支持CNY');
    if (b.notify_url !== undefined && !isHttpUrl(b.notify_url)) return wxError(400, 'PARAM_ERROR', 'notify_url需为http(s)地址');
    const order = b.transaction_id
      ? orders.find(CHANNEL, (o) => o.channelTradeNo === b.transaction_id && o.status === 'PAID')
      : orders.get(CHANNEL, b.out_trade_no);
    if (!order) return wxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const mismatch = wxError(400, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试');
    const existing = orders.getRefund(CHANNEL, b.out_refund_no);
    if (existing) {
      // Same out_refund_no again: the same refund, whatever its state.
      if (existing.outTradeNo !== order.outTradeNo || existing.amountFen !== b.amount.refund) return mismatch;
      return { body: refundView(order, existing) };
    }
    if (order.status !== 'PAID') return wxError(400, 'INVALID_REQUEST', '订单未支付，无法退款');
    if (b.amount.total !== order.amountFen) return mismatch;
    if (b.amount.refund > orders.refundableFen(order)) return wxError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const refund = orders.addRefund(order, {
      outRefundNo: b.out_refund_no,
      refundId: `503${randomDigits(26)}`,
      amountFen: b.amount.refund,
      notifyUrl: b.notify_url ?? null,
      reason: b.reason ?? '',
    });
    clock.after(REFUND_SETTLE_MS, () => {
      if (refund.status === 'PROCESSING') orders.settleRefund(refund, 'SUCCESS');
    });
    return { body: refundView(order, refund) };
  }

  function tradeBill({ query, origin }) {
    const date = query.get('bill_date');
    const billType = query.get('bill_type') ?? 'ALL';
    const tarType = query.get('tar_type');
    if (!businessDayRange(date)) return wxError(400, 'PARAM_ERROR', 'bill_date格式应为YYYY-MM-DD');
    if (date > businessDate(now())) return wxError(400, 'INVALID_REQUEST', '账单日期不能晚于当前日期');
    if (!['ALL', 'SUCCESS', 'REFUND'].includes(billType)) return wxError(400, 'PARAM_ERROR', 'bill_type仅支持ALL、SUCCESS、REFUND');
    if (tarType !== null && tarType !== 'GZIP') return wxError(400, 'PARAM_ERROR', 'tar_type仅支持GZIP');
    const lines = bills.lines(CHANNEL, date);
    const wanted = lines.filter((l) => billType === 'ALL' || (billType === 'SUCCESS') === (l.kind === 'PAY'));
    if (wanted.length === 0) return wxError(400, 'NO_STATEMENT_EXIST', '要下载的账单不存在（当日无交易）');
    const csv = Buffer.from(wechatTradeBill(lines, { appid: w.appid, mchid: w.mchid, billType }), 'utf8');
    const token = tarType === 'GZIP'
      ? bills.issueDownload(gzipSync(csv), 'application/x-gzip')
      : bills.issueDownload(csv, 'text/csv; charset=utf-8');
    return {
      body: {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(csv).digest('hex'), // of the uncompressed file
        download_url: `${origin}/v3/billdownload/file?token=${token}`,
      },
    };
  }

  function billDownload({ query }) {
    const file = bills.takeDownload(query.get('token') ?? '');
    if (!file) return wxError(400, 'INVALID_REQUEST', '下载链接已过期或不存在');
    return { status: 200, raw: file.body, headers: { 'content-type': file.contentType } };
  }

  // ---- notifications ----

  function notify({ kind, ref, url, body }) {
    const raw = JSON.stringify(body);
    return notifier.enqueue({
      channel: CHANNEL, kind, ref, url, eventId: body.id,
      build: () => ({ headers: { 'content-type': 'application/json', ...wechatpayHeaders(w, raw, { nowMs: now() }) }, body: raw }),
      isAck: acked,
    });
  }

  orders.on('paid', (order) => {
    if (order.channel !== CHANNEL) return;
    const body = notificationBody({
      apiV3Key: w.apiV3Key, eventType: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction',
      plain: transactionView(w, order), nowMs: now(),
    });
    notify({ kind: 'TRANSACTION.SUCCESS', ref: order.outTradeNo, url: order.notifyUrl, body });
  });

  orders.on('refund', (order, refund) => {
    if (order.channel !== CHANNEL || !refund.notifyUrl) return;
    const eventType = refund.status === 'SUCCESS' ? 'REFUND.SUCCESS' : 'REFUND.ABNORMAL';
    const body = notificationBody({
      apiV3Key: w.apiV3Key, eventType, summary: refund.status === 'SUCCESS' ? '退款成功' : '退款异常', originalType: 'refund',
      plain: refundNotificationView(w, order, refund), nowMs: now(),
    });
    notify({ kind: eventType, ref: order.outTradeNo, url: refund.notifyUrl, body });
  });

  /** WeChat's probe: a well-formed notification with a deliberately invalid signature. The merchant must refuse it. */
  async function signtest({ body: b }) {
    const order = b?.out_trade_no ? orders.get(CHANNEL, b.out_trade_no) : null;
    const url = b?.notify_url ?? order?.notifyUrl;
    if (!isHttpUrl(url)) return { status: 422, body: { error: 'invalid_notify_url', message: 'give notify_url or the out_trade_no of an order' } };
    const plain = order
      ? { ...transactionView(w, order), trade_state: 'SUCCESS', trade_state_desc: '支付成功' }
      : { appid: w.appid, mchid: w.mchid, out_trade_no: `SIGNTEST${randomDigits(8)}`, trade_state: 'SUCCESS', amount: { total: 1, payer_total: 1, currency: 'CNY', payer_currency: 'CNY' } };
    const body = notificationBody({ apiV3Key: w.apiV3Key, eventType: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', plain, nowMs: now() });
    const raw = JSON.stringify(body);
    const signature = `WECHATPAY/SIGNTEST/${randomBytes(96).toString('base64')}`;
    const entry = await notifier.sendOnce({
      channel: CHANNEL, kind: 'SIGNTEST', ref: plain.out_trade_no, url, eventId: body.id,
      build: () => ({ headers: { 'content-type': 'application/json', ...wechatpayHeaders(w, raw, { nowMs: now(), signature }) }, body: raw }),
      isAck: acked,
    });
    const attempt = entry.attempts[0];
    // The merchant passes when it does NOT acknowledge the probe.
    return { body: { passed: attempt.outcome !== 'acked', attempt } };
  }

  return [
    api('POST', '/v3/pay/transactions/jsapi', prepay('JSAPI')),
    api('POST', '/v3/pay/transactions/h5', prepay('MWEB')),
    api('GET', '/v3/pay/transactions/out-trade-no/{out_trade_no}', ({ query, params }) =>
      checkMchid(query) ?? queryResult(orders.get(CHANNEL, params.out_trade_no))),
    api('GET', '/v3/pay/transactions/id/{transaction_id}', ({ query, params }) =>
      checkMchid(query) ?? queryResult(orders.find(CHANNEL, (o) => o.channelTradeNo === params.transaction_id && o.status !== 'NOTPAY' && o.status !== 'CLOSED'))),
    api('POST', '/v3/pay/transactions/out-trade-no/{out_trade_no}/close', ({ json, params }) => {
      if (json.mchid !== w.mchid) return wxError(400, 'PARAM_ERROR', 'mchid参数缺失或与商户号不一致');
      const order = orders.get(CHANNEL, params.out_trade_no);
      if (!order) return wxError(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (order.status === 'PAID') return wxError(400, 'ORDERPAID', '订单已支付，不能关闭');
      if (order.status === 'NOTPAY') orders.close(CHANNEL, order.outTradeNo);
      return { status: 204 };
    }),
    api('POST', '/v3/refund/domestic/refunds', createRefund),
    api('GET', '/v3/refund/domestic/refunds/{out_refund_no}', ({ params }) => {
      const refund = orders.getRefund(CHANNEL, params.out_refund_no);
      if (!refund) return wxError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return { body: refundView(orders.get(CHANNEL, refund.outTradeNo), refund) };
    }),
    api('GET', '/v3/bill/tradebill', tradeBill),
    api('GET', '/v3/billdownload/file', billDownload, { signResponse: false }),
    { method: 'POST', path: '/__control/wechatpay/signtest', handle: signtest },
  ];
}
