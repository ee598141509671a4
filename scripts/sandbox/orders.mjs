// The sandbox's own order book, shared by the channel modules, the cashier, the control API and the bills.
// Channel-neutral states; each channel maps them to its vocabulary (WeChat NOTPAY/SUCCESS/…, Alipay
// WAIT_BUYER_PAY/TRADE_SUCCESS/…, UnionPay respCode/origRespCode):
//   order:  NOTPAY -> PAID | FAILED | CLOSED
//   refund: PROCESSING -> SUCCESS | ABNORMAL
// Listeners (`on('paid' | 'failed' | 'closed' | 'refund', fn)`) let each channel send its notifications.
export const CHANNELS = ['wechatpay', 'alipay', 'unionpay'];
/** Channel time until an asynchronous refund (WeChat, UnionPay) succeeds on its own; scaled by the clock. */
export const REFUND_SETTLE_MS = 10_000;

export class OrderError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code; // not_found | bad_state
  }
}

export function createOrderStore({ now = Date.now } = {}) {
  const orders = new Map(); // `${channel}:${outTradeNo}` -> order
  const refunds = new Map(); // `${channel}:${outRefundNo}` -> refund
  const listeners = new Map(); // event -> [fn]

  const key = (channel, no) => `${channel}:${no}`;
  // Alipay's out_request_no is unique per trade, not per merchant (it defaults to the out_trade_no).
  const refundKey = (channel, outTradeNo, outRefundNo) =>
    channel === 'alipay' ? `${channel}:${outTradeNo}:${outRefundNo}` : `${channel}:${outRefundNo}`;
  const emit = (event, ...args) => {
    for (const fn of listeners.get(event) ?? []) fn(...args);
  };

  function mustGet(channel, outTradeNo) {
    const order = orders.get(key(channel, outTradeNo));
    if (!order) throw new OrderError('not_found', `no ${channel} order ${outTradeNo}`);
    return order;
  }

  function transition(channel, outTradeNo, to, stamp, event, extra = {}) {
    const order = mustGet(channel, outTradeNo);
    if (order.status === to) return { order, changed: false };
    if (order.status !== 'NOTPAY') {
      throw new OrderError('bad_state', `${channel} order ${outTradeNo} is ${order.status}, cannot become ${to}`);
    }
    Object.assign(order, extra, { status: to, [stamp]: now() });
    emit(event, order);
    return { order, changed: true };
  }

  return {
    on(event, fn) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
    },

    /** fields: outTradeNo, amountFen, description, notifyUrl, returnUrl?, attach?, payer?, request (for replays), extra? */
    create(channel, fields) {
      const k = key(channel, fields.outTradeNo);
      if (orders.has(k)) throw new OrderError('bad_state', `${channel} order ${fields.outTradeNo} exists`);
      const order = {
        channel,
        channelTradeNo: null,
        attach: '',
        payer: null,
        returnUrl: null,
        extra: {},
        ...fields,
        status: 'NOTPAY',
        createdAt: now(),
        paidAt: null,
        closedAt: null,
        refunds: [],
      };
      orders.set(k, order);
      return order;
    },

    get: (channel, outTradeNo) => orders.get(key(channel, outTradeNo)) ?? null,
    find: (channel, predicate) => [...orders.values()].find((o) => o.channel === channel && predicate(o)) ?? null,
    list: ({ channel } = {}) => [...orders.values()].filter((o) => !channel || o.channel === channel),

    /** The payer confirmed. `channelTradeNo` is the channel's transaction id, minted by the channel module. */
    markPaid: (channel, outTradeNo, { channelTradeNo, payer } = {}) => {
      const order = mustGet(channel, outTradeNo);
      const extra = { channelTradeNo: order.channelTradeNo ?? channelTradeNo };
      if (payer) extra.payer = payer;
      return transition(channel, outTradeNo, 'PAID', 'paidAt', 'paid', extra);
    },
    markFailed: (channel, outTradeNo) => transition(channel, outTradeNo, 'FAILED', 'closedAt', 'failed'),
    close: (channel, outTradeNo) => transition(channel, outTradeNo, 'CLOSED', 'closedAt', 'closed'),

    refundableFen: (order) =>
      order.amountFen - order.refunds.filter((r) => r.status !== 'ABNORMAL').reduce((sum, r) => sum + r.amountFen, 0),

    /** fields: outRefundNo, refundId, amountFen, notifyUrl?, reason?, request? */
    addRefund(order, fields) {
      const k = refundKey(order.channel, order.outTradeNo, fields.outRefundNo);
      if (refunds.has(k)) throw new OrderError('bad_state', `${order.channel} refund ${fields.outRefundNo} exists`);
      const refund = {
        notifyUrl: null,
        reason: '',
        ...fields,
        channel: order.channel,
        outTradeNo: order.outTradeNo,
        status: 'PROCESSING',
        createdAt: now(),
        successAt: null,
      };
      refunds.set(k, refund);
      order.refunds.push(refund);
      return refund;
    },
    /** outTradeNo is needed for Alipay only (see refundKey). */
    getRefund: (channel, outRefundNo, outTradeNo) => refunds.get(refundKey(channel, outTradeNo, outRefundNo)) ?? null,
    listRefunds: ({ channel } = {}) => [...refunds.values()].filter((r) => !channel || r.channel === channel),

    /** PROCESSING -> SUCCESS | ABNORMAL; emits 'refund' once. */
    settleRefund(refund, status = 'SUCCESS') {
      if (refund.status === status) return { refund, changed: false };
      if (refund.status !== 'PROCESSING') {
        throw new OrderError('bad_state', `${refund.channel} refund ${refund.outRefundNo} is already ${refund.status}`);
      }
      refund.status = status;
      if (status === 'SUCCESS') refund.successAt = now();
      emit('refund', mustGet(refund.channel, refund.outTradeNo), refund);
      return { refund, changed: true };
    },

    reset() {
      orders.clear();
      refunds.clear();
    },

    /** Orders with their refunds inside, as JSON (state.mjs). */
    snapshot: () => [...orders.values()],
    /** Puts a snapshot back, refunds shared with their order as when they were made. */
    restore(list) {
      orders.clear();
      refunds.clear();
      for (const order of list) {
        orders.set(key(order.channel, order.outTradeNo), order);
        for (const refund of order.refunds) refunds.set(refundKey(order.channel, order.outTradeNo, refund.outRefundNo), refund);
      }
    },
  };
}
