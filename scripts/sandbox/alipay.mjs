// Alipay OpenAPI v2 gateway (what alipay-sdk's exec/pageExecute speak): POST|GET /gateway.do with the common
// params in the query or the form body and `biz_content` as JSON text. Requests are verified RSA2 (all params
// but `sign`, empty ones dropped, sorted, k=v&…, SHA256withRSA with the app public key); responses are
//   {"<method_with_underscores>_response":{…},"sign":"<RSA2 over the exact JSON text of that node>"}
// Methods: alipay.trade.create (mini-program), .wap.pay/.page.pay (H5: redirect to the cashier), .query,
// .close, .refund, .fastpay.refund.query, alipay.data.dataservice.bill.downloadurl.query.
// Async notifications: form POST to notify_url, RSA2 over the sorted params minus sign and sign_type,
// resent until the body is exactly `success`. Amounts are yuan strings, converted to fen without floats.
import { alipayTradeBill } from './bills.mjs';
import {
  businessDate, businessDayRange, cstCompact, cstDateTime, cstMillis, fenToYuan, isHttpUrl, randomAlnum,
  randomDigits, rsaSign, rsaVerify, sortedPairs, yuanToFen,
} from './util.mjs';

const CHANNEL = 'alipay';
const MAX_AMOUNT_FEN = 100_000_000 * 100;
const OUT_TRADE_NO = /^[A-Za-z0-9_]{1,64}$/;

const ok = (fields = {}) => ({ code: '10000', msg: 'Success', ...fields });
const missing = (subCode, subMsg) => ({ code: '40001', msg: 'Missing Required Arguments', sub_code: subCode, sub_msg: subMsg });
const invalid = (subCode, subMsg) => ({ code: '40002', msg: 'Invalid Arguments', sub_code: subCode, sub_msg: subMsg });
const failed = (subCode, subMsg) => ({ code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });
const NOT_EXIST = failed('ACQ.TRADE_NOT_EXIST', '交易不存在');

export function alipay({ keys, orders, notifier, bills, now }) {
  const a = keys.alipay;

  /** The response text exactly as Alipay frames it; `sign` covers the node's JSON text. */
  function respond(method, node) {
    const key = method ? `${method.replaceAll('.', '_')}_response` : 'error_response';
    const nodeJson = JSON.stringify(node);
    const raw = `{"${key}":${nodeJson},"sign":"${rsaSign(nodeJson, a.platform.privateKeyPem)}"}`;
    return { status: 200, raw, headers: { 'content-type': 'application/json;charset=utf-8' } };
  }

  function findOrder(biz) {
    if (biz.out_trade_no) return orders.get(CHANNEL, String(biz.out_trade_no));
    if (biz.trade_no) return orders.find(CHANNEL, (o) => o.channelTradeNo === biz.trade_no);
    return undefined; // neither given
  }

  const tradeStatus = (order) =>
    order.status === 'NOTPAY' ? 'WAIT_BUYER_PAY'
      : order.status === 'PAID' && orders.refundableFen(order) > 0 ? 'TRADE_SUCCESS'
        : 'TRADE_CLOSED'; // closed unpaid, failed, or fully refunded

  const refundedFen = (order) => order.amountFen - orders.refundableFen(order);

  // ---- methods: (biz, common, origin) -> response node (or a route result for page redirects) ----

  function create(biz, common, origin, productCode) {
    const amountFen = yuanToFen(biz.total_amount);
    if (typeof biz.out_trade_no !== 'string' || !OUT_TRADE_NO.test(biz.out_trade_no)) return invalid('isv.invalid-parameter', 'out_trade_no 需为1-64位字母、数字、下划线');
    if (amountFen === null || amountFen < 1 || amountFen > MAX_AMOUNT_FEN) return invalid('isv.invalid-parameter', 'total_amount 需为0.01-100000000之间、最多两位小数的金额');
    if (typeof biz.subject !== 'string' || biz.subject === '' || biz.subject.length > 256) return missing('isv.missing-parameter', '缺少必选参数 subject');
    if (common.notify_url && !isHttpUrl(common.notify_url)) return invalid('isv.invalid-parameter', 'notify_url 格式错误');
    const fingerprint = JSON.stringify([amountFen, biz.subject, biz.buyer_id ?? biz.buyer_open_id ?? null]);
    let order = orders.get(CHANNEL, biz.out_trade_no);
    if (order) {
      if (order.status === 'PAID') return failed('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      if (order.status !== 'NOTPAY') return failed('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
      if (order.request !== fingerprint) return failed('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
    } else {
      order = orders.create(CHANNEL, {
        outTradeNo: biz.out_trade_no,
        channelTradeNo: `${cstCompact(now()).slice(0, 8)}22001${randomDigits(15)}`,
        amountFen,
        description: biz.subject,
        attach: biz.passback_params ?? '',
        notifyUrl: common.notify_url || null,
        returnUrl: common.return_url || null,
        payer: biz.buyer_id ?? `2088${randomDigits(12)}`,
        request: fingerprint,
        extra: { productCode, buyerOpenId: biz.buyer_open_id ?? null, buyerLogonId: 'jc***@sandbox.alipay.com', quitUrl: isHttpUrl(biz.quit_url) ? biz.quit_url : null },
      });
    }
    if (productCode === 'JSAPI_PAY') return ok({ out_trade_no: order.outTradeNo, trade_no: order.channelTradeNo });
    // wap/page pay: the browser lands here; send it to the cashier page (Alipay's own pay page in reality).
    const back = order.returnUrl ? `?return_url=${encodeURIComponent(order.returnUrl)}` : '';
    // quit_url (where 取消 leads) stays on the order: the cashier reads it from there
    return { status: 302, headers: { location: `${origin}/cashier/alipay/${encodeURIComponent(order.outTradeNo)}${back}` } };
  }

  function query(biz) {
    const order = findOrder(biz);
    if (order === undefined) return missing('isv.missing-parameter', 'out_trade_no 和 trade_no 不能同时为空');
    if (!order) return NOT_EXIST;
    const paid = order.status === 'PAID';
    const amount = fenToYuan(order.amountFen);
    return ok({
      trade_no: order.channelTradeNo,
      out_trade_no: order.outTradeNo,
      buyer_logon_id: order.extra.buyerLogonId,
      trade_status: tradeStatus(order),
      total_amount: amount,
      buyer_pay_amount: paid ? amount : '0.00',
      point_amount: '0.00',
      invoice_amount: paid ? amount : '0.00',
      receipt_amount: paid ? amount : '0.00',
      ...(paid && { send_pay_date: cstDateTime(order.paidAt), fund_bill_list: [{ fund_channel: 'ALIPAYACCOUNT', amount }] }),
      buyer_user_id: order.payer,
      ...(order.extra.buyerOpenId && { buyer_open_id: order.extra.buyerOpenId }),
    });
  }

  function close(biz) {
    const order = findOrder(biz);
    if (order === undefined) return missing('isv.missing-parameter', 'out_trade_no 和 trade_no 不能同时为空');
    if (!order) return NOT_EXIST;
    if (order.status === 'PAID') return failed('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    if (order.status === 'NOTPAY') orders.close(CHANNEL, order.outTradeNo);
    return ok({ trade_no: order.channelTradeNo, out_trade_no: order.outTradeNo });
  }

  function refund(biz) {
    const order = findOrder(biz);
    if (order === undefined) return missing('isv.missing-parameter', 'out_trade_no 和 trade_no 不能同时为空');
    if (!order) return NOT_EXIST;
    const amountFen = yuanToFen(biz.refund_amount);
    if (amountFen === null || amountFen < 1) return invalid('isv.invalid-parameter', 'refund_amount 需为大于0、最多两位小数的金额');
    const requestNo = String(biz.out_request_no ?? order.outTradeNo); // absent: a full refund keyed by the trade
    const answer = (fundChange, r) => ok({
      trade_no: order.channelTradeNo,
      out_trade_no: order.outTradeNo,
      buyer_logon_id: order.extra.buyerLogonId,
      fund_change: fundChange, // "N" when this call moved no money (a replay)
      refund_fee: fenToYuan(refundedFen(order)),
      gmt_refund_pay: cstDateTime(r.successAt),
      buyer_user_id: order.payer,
    });
    const existing = orders.getRefund(CHANNEL, requestNo, order.outTradeNo);
    if (existing) return existing.amountFen === amountFen ? answer('N', existing) : failed('ACQ.DISCORDANT_REPEAT_REQUEST', '请求信息不一致');
    if (order.status !== 'PAID') return failed('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    if (amountFen > orders.refundableFen(order)) return failed('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
    const r = orders.addRefund(order, { outRefundNo: requestNo, refundId: `${order.channelTradeNo}${randomDigits(4)}`, amountFen, reason: biz.refund_reason ?? '' });
    orders.settleRefund(r, 'SUCCESS'); // Alipay refunds are synchronous
    return answer('Y', r);
  }

  function refundQuery(biz) {
    const order = findOrder(biz);
    if (order === undefined) return missing('isv.missing-parameter', 'out_trade_no 和 trade_no 不能同时为空');
    if (!biz.out_request_no) return missing('isv.missing-parameter', '缺少必选参数 out_request_no');
    if (!order) return NOT_EXIST;
    const r = orders.getRefund(CHANNEL, String(biz.out_request_no), order.outTradeNo);
    const base = { trade_no: order.channelTradeNo, out_trade_no: order.outTradeNo, out_request_no: String(biz.out_request_no) };
    if (!r || r.status !== 'SUCCESS') return ok(base); // no refund fields = not refunded (Alipay's convention)
    const wantsTime = Array.isArray(biz.query_options) && biz.query_options.includes('gmt_refund_pay');
    return ok({
      ...base,
      total_amount: fenToYuan(order.amountFen),
      refund_amount: fenToYuan(r.amountFen),
      refund_status: 'REFUND_SUCCESS',
      ...(wantsTime && { gmt_refund_pay: cstDateTime(r.successAt) }),
    });
  }

  function billUrl(biz, _common, origin) {
    if (biz.bill_type !== 'trade') return failed('isp.bill_not_exist', '账单不存在（沙箱仅支持 bill_type=trade）');
    if (!businessDayRange(biz.bill_date)) return invalid('isv.invalid-parameter', 'bill_date 需为 yyyy-MM-dd（沙箱不支持月账单）');
    if (biz.bill_date > businessDate(now())) return failed('isp.bill_not_exist', '账单不存在');
    const csv = alipayTradeBill(bills.lines(CHANNEL, biz.bill_date), { date: biz.bill_date, sellerId: a.sellerId, exportedAt: now() });
    const token = bills.issueDownload(Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8');
    return ok({ bill_download_url: `${origin}/downloadBillFile.resource?bizType=trade&fileType=csv&bizDates=${biz.bill_date}&token=${token}` });
  }

  const METHODS = {
    'alipay.trade.create': (biz, common, origin) => create(biz, common, origin, 'JSAPI_PAY'),
    'alipay.trade.wap.pay': (biz, common, origin) => create(biz, common, origin, 'QUICK_WAP_WAY'),
    'alipay.trade.page.pay': (biz, common, origin) => create(biz, common, origin, 'FAST_INSTANT_TRADE_PAY'),
    'alipay.trade.query': query,
    'alipay.trade.close': close,
    'alipay.trade.refund': refund,
    'alipay.trade.fastpay.refund.query': refundQuery,
    'alipay.data.dataservice.bill.downloadurl.query': billUrl,
  };

  function gateway({ query: search, body, origin }) {
    const params = { ...Object.fromEntries(search), ...(body && typeof body === 'object' ? body : {}) };
    const method = params.method;
    if (!method) return respond(null, missing('isv.missing-method', '缺少方法名参数'));
    if (!METHODS[method]) return respond(null, invalid('isv.invalid-method', `不存在的方法名 ${method}`));
    const fail = (node) => respond(method, node);
    if (!params.app_id) return fail(missing('isv.missing-app-id', '缺少AppID参数'));
    if (params.app_id !== a.appId) return fail(invalid('isv.invalid-app-id', '无效的AppID参数'));
    if (!params.sign) return fail(missing('isv.missing-signature', '缺少签名参数'));
    if (params.sign_type !== 'RSA2') return fail(invalid('isv.invalid-signature-type', '无效的签名类型，沙箱仅支持RSA2'));
    if ((params.charset ?? 'utf-8').toLowerCase() !== 'utf-8') return fail(invalid('isv.invalid-charset', '字符集错误，沙箱仅支持utf-8'));
    // Format only: alipay-sdk stamps the process's local time, which is not Beijing time on a UTC host.
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.timestamp ?? '')) return fail(invalid('isv.invalid-timestamp', '非法的时间戳参数'));
    const signed = sortedPairs(params, ['sign']);
    if (!rsaVerify(signed, params.sign, a.merchant.publicKeyPem)) {
      return fail(invalid('isv.invalid-signature', `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${signed}`));
    }
    let biz;
    try {
      biz = params.biz_content ? JSON.parse(params.biz_content) : {};
    } catch {
      return fail(invalid('isv.invalid-parameter', 'biz_content 不是合法的JSON'));
    }
    const result = METHODS[method](biz, params, origin);
    return result.code ? fail(result) : result; // a redirect for wap/page pay
  }

  // ---- notifications ----

  function notifyFields(order, refund) {
    const amount = fenToYuan(order.amountFen);
    const fields = {
      notify_time: cstDateTime(now()),
      notify_type: 'trade_status_sync',
      notify_id: randomAlnum(34),
      app_id: a.appId,
      auth_app_id: a.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: order.channelTradeNo,
      out_trade_no: order.outTradeNo,
      buyer_id: order.payer,
      buyer_logon_id: order.extra.buyerLogonId,
      seller_id: a.sellerId,
      trade_status: tradeStatus(order),
      total_amount: amount,
      receipt_amount: amount,
      invoice_amount: amount,
      buyer_pay_amount: amount,
      point_amount: '0.00',
      subject: order.description,
      gmt_create: cstDateTime(order.createdAt),
      gmt_payment: cstDateTime(order.paidAt),
      fund_bill_list: JSON.stringify([{ amount, fundChannel: 'ALIPAYACCOUNT' }]),
      ...(order.attach && { passback_params: order.attach }),
      ...(refund && {
        out_biz_no: refund.outRefundNo,
        refund_fee: fenToYuan(refundedFen(order)),
        gmt_refund: `${cstDateTime(refund.successAt)}.${cstMillis(refund.successAt)}`,
      }),
    };
    if (fields.trade_status === 'TRADE_CLOSED' && refund) fields.gmt_close = cstDateTime(refund.successAt);
    fields.sign = rsaSign(sortedPairs(fields, ['sign', 'sign_type']), a.platform.privateKeyPem);
    return fields;
  }

  function notify(order, refund) {
    if (!order.notifyUrl) return;
    const fields = notifyFields(order, refund);
    const body = new URLSearchParams(fields).toString();
    notifier.enqueue({
      channel: CHANNEL,
      kind: `trade_status_sync:${fields.trade_status}`,
      ref: order.outTradeNo,
      eventId: fields.notify_id, // constant across resends, as in production
      url: order.notifyUrl,
      build: () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body }),
      isAck: (status, text) => status === 200 && text === 'success',
    });
  }

  orders.on('paid', (order) => order.channel === CHANNEL && notify(order, null));
  orders.on('refund', (order, r) => order.channel === CHANNEL && r.status === 'SUCCESS' && notify(order, r));

  function download({ query: search }) {
    const file = bills.takeDownload(search.get('token') ?? '');
    if (!file) return { status: 404, raw: 'bill file not found or expired', headers: { 'content-type': 'text/plain; charset=utf-8' } };
    return { status: 200, raw: file.body, headers: { 'content-type': file.contentType } };
  }

  return [
    { method: 'POST', path: '/gateway.do', channel: CHANNEL, handle: gateway },
    { method: 'GET', path: '/gateway.do', channel: CHANNEL, handle: gateway },
    { method: 'GET', path: '/downloadBillFile.resource', channel: CHANNEL, handle: download },
  ];
}
