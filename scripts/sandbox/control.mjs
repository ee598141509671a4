// @ts-check
// Sandbox-only control API for tests and demos (no real-world equivalent). JSON in, JSON out.
//   POST /__control/reset                                        orders, notifications, faults, bills, time scale, payouts, identity
//   GET  /__control/credentials                                  what merchant-credentials.json holds
//   GET|POST /__control/time-scale {scale}                       channel time runs `scale` x faster
//   GET  /__control/orders?channel=                              orders with their refunds
//   GET  /__control/orders/{channel}/{out_trade_no}
//   POST /__control/orders/{channel}/{out_trade_no}/pay|fail|cancel   {payer?} (pay sends the notification)
//   POST /__control/orders/import [{channel, outTradeNo, amountFen, paidAt, …}]   already-paid orders, see order-import.mjs
//   POST /__control/refunds/{channel}/{out_refund_no}/succeed|abnormal  settle a PROCESSING refund now
//   GET  /__control/notifications?channel=&out_trade_no=         every attempt, for assertions
//   POST /__control/notifications/{channel}/release              send held (reorder) notifications, newest first
//   GET  /__control/faults, POST|DELETE /__control/faults/{channel}   see faults.mjs (channel may be `bank`)
//   GET  /__control/bills/{channel}?date=                        lines, adjustments and the file as served
//   POST /__control/bills/{channel}/adjustments {date,type,…}, DELETE …/adjustments?date=   see bills.mjs
//   GET  /__control/payouts                                      every custody-bank payout (the bank's view + payee)
//   GET|POST /__control/payouts/mode {mode: instant|processing}  processing: new payouts wait for succeed|fail
//   POST /__control/payouts/{out_payout_no}/succeed|fail {code?,reason?}   settle a PROCESSING payout now
// Elsewhere: POST /__control/wechatpay/signtest (wechatpay.mjs), /__control/wechat/login-code, /__control/sms,
//   /__control/identity (identity.mjs).
import { DEFAULT_FAILURE, PayoutError, payoutView } from './bank.mjs';
import { alipayTradeBill, unionpayBill, wechatTradeBill } from './bills.mjs';
import { merchantCredentials } from './keys.mjs';
import { orderImport } from './order-import.mjs';
import { CHANNELS, OrderError } from './orders.mjs';

const fail = (status, error, message) => ({ status, body: { error, message } });
const iso = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function orderView(order) {
  const { refunds, createdAt, paidAt, closedAt, ...rest } = order;
  return {
    ...rest,
    createdAt: iso(createdAt),
    paidAt: iso(paidAt),
    closedAt: iso(closedAt),
    refunds: refunds.map((r) => ({ ...r, createdAt: iso(r.createdAt), successAt: iso(r.successAt) })),
  };
}

/** What the bank's API shows, plus the payee and how many requests named the payout (replays included). */
export function payoutControlView(p) {
  return {
    ...payoutView(p),
    payee: { account_no: p.payee.accountNo, account_name: p.payee.accountName, bank_name: p.payee.bankName },
    remark: p.remark,
    requests: p.requests,
  };
}

const PAYOUT_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

export function control({ keys, orders, notifier, faults, bills, clock, initialScale, now, payouts, identityBook }) {
  const channelError = (channel) => (CHANNELS.includes(channel) ? null : fail(404, 'unknown_channel', `channel must be one of ${CHANNELS.join(', ')}`));

  const orderActions = {
    pay: (o, body) => orders.markPaid(o.channel, o.outTradeNo, { payer: typeof body?.payer === 'string' ? body.payer : undefined }),
    fail: (o) => orders.markFailed(o.channel, o.outTradeNo),
    cancel: (o) => orders.close(o.channel, o.outTradeNo),
  };

  function orderAction({ params, body }) {
    const bad = channelError(params.channel);
    if (bad) return bad;
    const act = orderActions[params.action];
    if (!act) return fail(404, 'unknown_action', 'action must be pay, fail or cancel');
    const order = orders.get(params.channel, params.out_trade_no);
    if (!order) return fail(404, 'order_not_found', `no ${params.channel} order ${params.out_trade_no}`);
    try {
      const { changed } = act(order, body);
      return { body: { changed, order: orderView(order) } };
    } catch (err) {
      if (err instanceof OrderError) return fail(409, 'bad_state', err.message);
      throw err;
    }
  }

  function refundAction({ params }) {
    const status = { succeed: 'SUCCESS', abnormal: 'ABNORMAL' }[params.action];
    if (!status) return fail(404, 'unknown_action', 'action must be succeed or abnormal');
    if (params.channel === 'alipay') return fail(422, 'synchronous_refunds', 'Alipay refunds settle synchronously');
    const bad = channelError(params.channel);
    if (bad) return bad;
    const refund = orders.getRefund(params.channel, params.out_refund_no);
    if (!refund) return fail(404, 'refund_not_found', `no ${params.channel} refund ${params.out_refund_no}`);
    try {
      const { changed } = orders.settleRefund(refund, status);
      return { body: { changed, refund: { ...refund, createdAt: iso(refund.createdAt), successAt: iso(refund.successAt) } } };
    } catch (err) {
      if (err instanceof OrderError) return fail(409, 'bad_state', err.message);
      throw err;
    }
  }

  function payoutAction({ params, body }) {
    const status = { succeed: 'SUCCESS', fail: 'FAILED' }[params.action];
    if (!status) return fail(404, 'unknown_action', 'action must be succeed or fail');
    const failure = { code: body?.code ?? DEFAULT_FAILURE.code, reason: body?.reason ?? DEFAULT_FAILURE.reason };
    if (status === 'FAILED' && (typeof failure.code !== 'string' || !PAYOUT_CODE.test(failure.code))) {
      return fail(422, 'invalid_code', 'code must be UPPER_SNAKE_CASE, e.g. ACCOUNT_FROZEN');
    }
    if (status === 'FAILED' && (typeof failure.reason !== 'string' || failure.reason.length > 100)) {
      return fail(422, 'invalid_reason', 'reason must be text of at most 100 characters');
    }
    try {
      const { changed, payout } = payouts.settle(params.out_payout_no, status, failure);
      return { body: { changed, payout: payoutControlView(payout) } };
    } catch (err) {
      if (err instanceof PayoutError) return err.code === 'not_found' ? fail(404, 'payout_not_found', err.message) : fail(409, 'bad_state', err.message);
      throw err;
    }
  }

  function billFile(channel, date, lines) {
    if (channel === 'wechatpay') return wechatTradeBill(lines, { appid: keys.wechatpay.appid, mchid: keys.wechatpay.mchid });
    if (channel === 'alipay') return alipayTradeBill(lines, { date, sellerId: keys.alipay.sellerId, exportedAt: now() });
    return unionpayBill(lines, { merId: keys.unionpay.merId });
  }

  function showBill({ params, query }) {
    const bad = channelError(params.channel);
    if (bad) return bad;
    const date = query.get('date');
    const lines = bills.lines(params.channel, date);
    if (!lines) return fail(422, 'invalid_date', 'date must be YYYY-MM-DD (Asia/Shanghai business day)');
    return {
      body: {
        channel: params.channel,
        date,
        lines: lines.map(({ extra, ...l }) => ({ ...l, time: iso(l.time), createdAt: iso(l.createdAt) })),
        adjustments: bills.adjustments(params.channel, date),
        file: billFile(params.channel, date, lines),
      },
    };
  }

  const route = (method, path, handle) => ({ method, path, handle });
  return [
    route('POST', '/__control/reset', () => {
      clock.cancelAll();
      notifier.reset();
      orders.reset();
      faults.clear();
      bills.reset();
      payouts.reset();
      identityBook?.reset();
      clock.setScale(initialScale);
      return { body: { ok: true } };
    }),
    route('GET', '/__control/credentials', () => ({ body: merchantCredentials(keys) })),
    route('GET', '/__control/time-scale', () => ({ body: { scale: clock.scale } })),
    route('POST', '/__control/time-scale', ({ body }) => {
      const scale = Number(body?.scale);
      if (!Number.isFinite(scale) || scale <= 0 || scale > 1e9) return fail(422, 'invalid_scale', 'scale must be a number in (0, 1e9]');
      clock.setScale(scale);
      return { body: { scale } };
    }),
    route('GET', '/__control/orders', ({ query }) => ({ body: { orders: orders.list({ channel: query.get('channel') }).map(orderView) } })),
    route('GET', '/__control/orders/{channel}/{out_trade_no}', ({ params }) => {
      const order = orders.get(params.channel, params.out_trade_no);
      return order ? { body: orderView(order) } : fail(404, 'order_not_found', `no ${params.channel} order ${params.out_trade_no}`);
    }),
    ...orderImport({ orders, now }),
    route('POST', '/__control/orders/{channel}/{out_trade_no}/{action}', orderAction),
    route('POST', '/__control/refunds/{channel}/{out_refund_no}/{action}', refundAction),
    route('GET', '/__control/notifications', ({ query }) => ({
      body: { notifications: notifier.list({ channel: query.get('channel'), ref: query.get('out_trade_no') }) },
    })),
    route('POST', '/__control/notifications/{channel}/release', async ({ params }) =>
      channelError(params.channel) ?? { body: { released: await notifier.release(params.channel) } }),
    route('GET', '/__control/faults', () => ({ body: faults.all() })),
    route('POST', '/__control/faults/{channel}', ({ params, body }) => {
      const error = faults.set(params.channel, body);
      return error ? fail(422, 'invalid_fault', error) : { body: faults.get(params.channel) };
    }),
    route('DELETE', '/__control/faults/{channel}', ({ params }) => {
      if (!faults.has(params.channel)) return fail(404, 'unknown_channel', `channel must be one of ${CHANNELS.join(', ')} or bank`);
      faults.clear(params.channel);
      return { body: faults.get(params.channel) };
    }),
    route('GET', '/__control/bills/{channel}', showBill),
    route('POST', '/__control/bills/{channel}/adjustments', ({ params, body }) => {
      const error = channelError(params.channel) ?? bills.adjust(params.channel, body);
      if (error) return error.status ? error : fail(422, 'invalid_adjustment', error);
      return { body: { adjustments: bills.adjustments(params.channel, body.date) } };
    }),
    route('DELETE', '/__control/bills/{channel}/adjustments', ({ params, query }) => {
      const bad = channelError(params.channel);
      if (bad) return bad;
      bills.clearAdjustments(params.channel, query.get('date') ?? undefined);
      return { body: { ok: true } };
    }),
    route('GET', '/__control/payouts', () => ({ body: payouts.list().map(payoutControlView) })),
    route('GET', '/__control/payouts/mode', () => ({ body: { mode: payouts.mode } })),
    route('POST', '/__control/payouts/mode', ({ body }) => {
      const error = payouts.setMode(body?.mode);
      return error ? fail(422, 'invalid_mode', error) : { body: { mode: payouts.mode } };
    }),
    route('POST', '/__control/payouts/{out_payout_no}/{action}', payoutAction),
  ];
}
