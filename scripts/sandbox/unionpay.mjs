// @ts-check
// UnionPay online payments (全渠道 ACP 5.1.0), form-encoded, signMethod=01 (see unionpay-sign.mjs):
//   POST /gateway/api/frontTransReq.do   consume (txnType 01) from a browser form -> 302 to the cashier page
//   POST /gateway/api/appTransReq.do     consume for the app/H5 SDK -> tn
//   POST /gateway/api/backTransReq.do    refund (txnType 04, origQryId) -> accepted; result by notification
//   POST /gateway/api/queryTrans.do      query (txnType 00) by orderId + txnTime, for consumes and refunds
// Sync answers are `k=v&…` (not URL-encoded) signed with UnionPay's key. Notifications POST a signed form
// to backUrl; HTTP 200 acknowledges. Differences from production: answers carry `certId` (5.0.0 style)
// instead of a `signPubKeyCert` X.509 certificate, and respCodes other than 00/11/12/30/34/35 are not used.
import { escapeHtml, cstCompact, isHttpUrl, randomDigits } from './util.mjs';
import { toResponseText, unionpaySign, unionpayVerify } from './unionpay-sign.mjs';
import { REFUND_SETTLE_MS } from './orders.mjs';

const CHANNEL = 'unionpay';
const SUCCESS_MSG = '成功[0000000]';
const ORDER_ID = /^[0-9A-Za-z]{8,32}$/;
const TXN_TIME = /^\d{14}$/;
const FEN = /^[1-9]\d{0,13}$/;

export function unionpay({ keys, orders, notifier, clock }) {
  const u = keys.unionpay;

  function signed(fields) {
    const all = { ...fields, signMethod: '01', certId: u.platform.certId };
    return { ...all, signature: unionpaySign(all, u.platform.privateKeyPem) };
  }

  /** The sync answer: echo of the request's identity fields + respCode/respMsg + extras, signed. */
  function answer(req, respCode, respMsg, extra = {}) {
    const echo = {};
    for (const k of ['version', 'encoding', 'bizType', 'txnTime', 'txnType', 'txnSubType', 'accessType', 'merId', 'orderId']) {
      if (req[k] !== undefined) echo[k] = req[k];
    }
    const raw = toResponseText(signed({ ...echo, respCode, respMsg, ...extra }));
    return { status: 200, raw, headers: { 'content-type': 'text/plain; charset=UTF-8' } };
  }

  /** Checks shared by every request; returns [respCode, respMsg] or null. */
  function checkEnvelope(f) {
    if (f.version !== '5.1.0') return ['30', '报文格式错误：version 仅支持 5.1.0'];
    if ((f.encoding ?? '').toUpperCase() !== 'UTF-8') return ['30', '报文格式错误：encoding 仅支持 UTF-8'];
    if (f.signMethod !== '01') return ['30', '报文格式错误：signMethod 仅支持 01'];
    if (f.merId !== u.merId) return ['30', '报文格式错误：商户号不存在'];
    if (f.certId !== u.certId) return ['11', '验证签名失败：certId 与商户签名证书不匹配'];
    if (!unionpayVerify(f, u.merchant.publicKeyPem)) return ['11', '验证签名失败'];
    if (!TXN_TIME.test(f.txnTime ?? '')) return ['30', '报文格式错误：txnTime'];
    return null;
  }

  /** Creates (or finds the identical) consume order; returns { order } or { error: [code, msg] }. */
  function consume(f, { front }) {
    if (f.txnType !== '01' || f.txnSubType !== '01' || f.bizType !== '000201') return { error: ['30', '报文格式错误：仅支持消费 txnType=01 txnSubType=01 bizType=000201'] };
    if (!ORDER_ID.test(f.orderId ?? '')) return { error: ['30', '报文格式错误：orderId 需为8-32位字母数字'] };
    if (!FEN.test(f.txnAmt ?? '')) return { error: ['30', '报文格式错误：txnAmt 需为正整数（分）'] };
    if (f.currencyCode !== '156') return { error: ['30', '报文格式错误：currencyCode 仅支持 156'] };
    if (!isHttpUrl(f.backUrl)) return { error: ['30', '报文格式错误：backUrl'] };
    if (front && f.frontUrl !== undefined && !isHttpUrl(f.frontUrl)) return { error: ['30', '报文格式错误：frontUrl'] };
    const amountFen = Number(f.txnAmt);
    const existing = orders.get(CHANNEL, f.orderId);
    if (existing) {
      const same = existing.status === 'NOTPAY' && existing.extra.txnTime === f.txnTime && existing.amountFen === amountFen;
      return same ? { order: existing } : { error: ['12', '重复交易'] };
    }
    const order = orders.create(CHANNEL, {
      outTradeNo: f.orderId,
      channelTradeNo: randomDigits(21), // the queryId, shown once paid
      amountFen,
      description: f.orderDesc ?? '',
      attach: f.reqReserved ?? '',
      notifyUrl: f.backUrl,
      returnUrl: f.frontUrl ?? null,
      extra: { txnTime: f.txnTime, tn: randomDigits(21), channelType: f.channelType ?? '' },
    });
    return { order };
  }

  function front({ body: f, origin }) {
    const bad = checkEnvelope(f) ?? null;
    const result = bad ? { error: bad } : consume(f, { front: true });
    if (result.error) {
      const [code, msg] = result.error;
      const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>银联支付</title><p>交易失败：${escapeHtml(msg)}（respCode=${code}）</p></html>`;
      return { status: 200, raw: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
    }
    const back = result.order.returnUrl ? `?return_url=${encodeURIComponent(result.order.returnUrl)}` : '';
    return { status: 302, headers: { location: `${origin}/cashier/unionpay/${encodeURIComponent(result.order.outTradeNo)}${back}` } };
  }

  function app({ body: f }) {
    const bad = checkEnvelope(f);
    if (bad) return answer(f, ...bad);
    const result = consume(f, { front: false });
    if (result.error) return answer(f, ...result.error);
    return answer(f, '00', SUCCESS_MSG, { tn: result.order.extra.tn });
  }

  function back({ body: f }) {
    const bad = checkEnvelope(f);
    if (bad) return answer(f, ...bad);
    if (f.txnType !== '04' || f.txnSubType !== '00') return answer(f, '30', '报文格式错误：沙箱后台交易仅支持退货 txnType=04');
    if (!ORDER_ID.test(f.orderId ?? '')) return answer(f, '30', '报文格式错误：orderId');
    if (!FEN.test(f.txnAmt ?? '')) return answer(f, '30', '报文格式错误：txnAmt');
    if (!isHttpUrl(f.backUrl)) return answer(f, '30', '报文格式错误：backUrl');
    const order = orders.find(CHANNEL, (o) => o.channelTradeNo === f.origQryId && o.status === 'PAID');
    if (!order) return answer(f, '35', '原交易不存在或状态不正确');
    const amountFen = Number(f.txnAmt);
    const existing = orders.getRefund(CHANNEL, f.orderId);
    if (existing) {
      const same = existing.outTradeNo === order.outTradeNo && existing.amountFen === amountFen && existing.txnTime === f.txnTime;
      return same ? answer(f, '00', SUCCESS_MSG, { queryId: existing.refundId, origQryId: f.origQryId }) : answer(f, '12', '重复交易');
    }
    if (orders.get(CHANNEL, f.orderId)) return answer(f, '12', '重复交易');
    if (amountFen > orders.refundableFen(order)) return answer(f, '35', '退货金额超过原交易可退金额');
    const refund = orders.addRefund(order, {
      outRefundNo: f.orderId, refundId: randomDigits(21), amountFen, notifyUrl: f.backUrl, txnTime: f.txnTime, origQryId: f.origQryId,
    });
    clock.after(REFUND_SETTLE_MS, () => {
      if (refund.status === 'PROCESSING') orders.settleRefund(refund, 'SUCCESS');
    });
    return answer(f, '00', SUCCESS_MSG, { queryId: refund.refundId, origQryId: f.origQryId });
  }

  function query({ body: f }) {
    const bad = checkEnvelope(f);
    if (bad) return answer(f, ...bad);
    if (f.txnType !== '00') return answer(f, '30', '报文格式错误：查询交易 txnType=00');
    const order = orders.get(CHANNEL, f.orderId ?? '');
    const refund = order ? null : orders.getRefund(CHANNEL, f.orderId ?? '');
    const notFound = answer(f, '34', '查无此交易');
    if (order) {
      if (order.extra.txnTime !== f.txnTime || order.status === 'NOTPAY' || order.status === 'CLOSED') return notFound;
      const paid = order.status === 'PAID';
      return answer(f, '00', SUCCESS_MSG, {
        ...(paid ? { origRespCode: '00', origRespMsg: SUCCESS_MSG } : { origRespCode: '01', origRespMsg: '交易失败' }),
        txnType: '01', txnSubType: '01', queryId: order.channelTradeNo, txnAmt: String(order.amountFen), currencyCode: '156',
        ...(paid && settlement(order.paidAt, order.amountFen)),
      });
    }
    if (refund && refund.txnTime === f.txnTime) {
      const orig = { SUCCESS: ['00', SUCCESS_MSG], PROCESSING: ['05', '交易处理中'], ABNORMAL: ['01', '交易失败'] }[refund.status];
      return answer(f, '00', SUCCESS_MSG, {
        origRespCode: orig[0], origRespMsg: orig[1], txnType: '04', txnSubType: '00', queryId: refund.refundId, origQryId: refund.origQryId,
        txnAmt: String(refund.amountFen), currencyCode: '156', ...(refund.successAt && settlement(refund.successAt, refund.amountFen)),
      });
    }
    return notFound;
  }

  function settlement(at, amountFen) {
    const t = cstCompact(at);
    return { settleAmt: String(amountFen), settleCurrencyCode: '156', settleDate: t.slice(4, 8), traceNo: randomDigits(6), traceTime: t.slice(4) };
  }

  // ---- notifications (backUrl) ----

  function notify(url, ref, fields) {
    const body = new URLSearchParams(signed({ version: '5.1.0', encoding: 'UTF-8', accessType: '0', merId: u.merId, currencyCode: '156', ...fields })).toString();
    notifier.enqueue({
      channel: CHANNEL, kind: `txnType=${fields.txnType}`, ref, eventId: fields.queryId, url,
      build: () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body }),
      isAck: (status) => status === 200,
    });
  }

  orders.on('paid', (order) => {
    if (order.channel !== CHANNEL) return;
    notify(order.notifyUrl, order.outTradeNo, {
      bizType: '000201', txnType: '01', txnSubType: '01', orderId: order.outTradeNo, txnTime: order.extra.txnTime,
      txnAmt: String(order.amountFen), queryId: order.channelTradeNo, respCode: '00', respMsg: 'Success!',
      ...settlement(order.paidAt, order.amountFen), ...(order.attach && { reqReserved: order.attach }),
    });
  });

  orders.on('refund', (order, refund) => {
    if (order.channel !== CHANNEL) return;
    const ok = refund.status === 'SUCCESS';
    notify(refund.notifyUrl, order.outTradeNo, {
      bizType: '000201', txnType: '04', txnSubType: '00', orderId: refund.outRefundNo, txnTime: refund.txnTime,
      txnAmt: String(refund.amountFen), queryId: refund.refundId, origQryId: refund.origQryId,
      respCode: ok ? '00' : '01', respMsg: ok ? 'Success!' : '交易失败', ...(ok && settlement(refund.successAt, refund.amountFen)),
    });
  });

  const route = (path, handle) => ({ method: 'POST', path, channel: CHANNEL, handle });
  return [
    route('/gateway/api/frontTransReq.do', front),
    route('/gateway/api/appTransReq.do', app),
    route('/gateway/api/backTransReq.do', back),
    route('/gateway/api/queryTrans.do', query),
  ];
}
