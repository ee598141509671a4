// @ts-check
// Sandbox-only: orders the channel took before this sandbox process knew them, imported in bulk so that the
// channels' bills and queries list them (a benchmark seeds a whole day of paid top-ups straight into the BFF's
// database, then tells the sandbox about the same payments).
//   POST /__control/orders/import  [{ channel, outTradeNo, amountFen, paidAt, createdAt?, payer?, channelTradeNo?, description? }]
// All or nothing: one malformed row, or one the sandbox already has, refuses the whole batch (422, with each bad
// row's index and reason). Imported orders are PAID from the start and send no notification: the merchant
// already recorded them. Times are ISO 8601 instants; a UnionPay order's txnTime is its createdAt in Beijing time.
import { cstCompact, randomDigits } from './util.mjs';
import { CHANNELS } from './orders.mjs';

export const MAX_IMPORT_ROWS = 10_000;
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/; // WeChat Pay's rule, the strictest of the three
const CHANNEL_TRADE_NO = /^[0-9A-Za-z]{1,64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The channel's transaction id, shaped as each channel module mints it at prepay. */
function mintTradeNo(channel, paidAt) {
  const day = cstCompact(paidAt).slice(0, 8);
  if (channel === 'wechatpay') return `4200000${randomDigits(3)}${day}${randomDigits(10)}`;
  if (channel === 'alipay') return `${day}22001${randomDigits(15)}`;
  return randomDigits(21); // UnionPay queryId
}

const instant = (text) => (typeof text === 'string' && ISO_INSTANT.test(text) ? Date.parse(text) : Number.NaN);

/** The reason a row cannot be imported, or null. `seen` holds the keys of earlier rows of the same batch. */
function rowError(row, { orders, seen, now }) {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return 'must be an object';
  if (!CHANNELS.includes(row.channel)) return `channel must be one of ${CHANNELS.join(', ')}`;
  if (typeof row.outTradeNo !== 'string' || !OUT_TRADE_NO.test(row.outTradeNo)) return 'outTradeNo must be 6-32 letters, digits or _-|*';
  if (!Number.isSafeInteger(row.amountFen) || row.amountFen <= 0) return 'amountFen must be a positive integer (fen)';
  const paidAt = instant(row.paidAt);
  if (Number.isNaN(paidAt)) return 'paidAt must be an ISO 8601 instant, e.g. 2026-11-24T08:30:00.000Z';
  if (paidAt > now()) return 'paidAt must not be in the future';
  if (row.createdAt !== undefined) {
    const createdAt = instant(row.createdAt);
    if (Number.isNaN(createdAt)) return 'createdAt must be an ISO 8601 instant';
    if (createdAt > paidAt) return 'createdAt must not be after paidAt';
  }
  if (row.payer !== undefined && (typeof row.payer !== 'string' || row.payer.length > 128)) return 'payer must be text of at most 128 characters';
  if (row.description !== undefined && (typeof row.description !== 'string' || row.description.length > 127)) return 'description must be text of at most 127 characters';
  if (row.channelTradeNo !== undefined && (typeof row.channelTradeNo !== 'string' || !CHANNEL_TRADE_NO.test(row.channelTradeNo))) {
    return 'channelTradeNo must be 1-64 letters or digits';
  }
  const key = `${row.channel}:${row.outTradeNo}`;
  if (seen.has(key)) return `${row.channel} order ${row.outTradeNo} appears twice in the batch`;
  if (orders.get(row.channel, row.outTradeNo)) return `${row.channel} order ${row.outTradeNo} exists`;
  seen.add(key);
  return null;
}

/** Validates every row, then imports all of them; returns { imported } or { errors: [{ index, error }] }. */
export function importOrders(orders, rows, { now = Date.now } = {}) {
  if (!Array.isArray(rows) || rows.length === 0) return { errors: [{ index: null, error: 'body must be a non-empty JSON array of orders' }] };
  if (rows.length > MAX_IMPORT_ROWS) return { errors: [{ index: null, error: `at most ${MAX_IMPORT_ROWS} orders per request` }] };
  const seen = new Set();
  const errors = [];
  rows.forEach((row, index) => {
    const error = rowError(row, { orders, seen, now });
    if (error) errors.push({ index, error });
  });
  if (errors.length > 0) return { errors };

  for (const row of rows) {
    const paidAt = Date.parse(row.paidAt);
    const createdAt = row.createdAt === undefined ? paidAt : Date.parse(row.createdAt);
    const order = orders.create(row.channel, {
      outTradeNo: row.outTradeNo,
      channelTradeNo: row.channelTradeNo ?? mintTradeNo(row.channel, paidAt),
      amountFen: row.amountFen,
      description: row.description ?? '储值卡充值',
      notifyUrl: null,
      payer: row.payer ?? null,
      extra: row.channel === 'unionpay' ? { txnTime: cstCompact(createdAt) } : {},
    });
    // Paid elsewhere and already recorded by the merchant: set PAID directly, without the 'paid' event that would
    // send a notification.
    Object.assign(order, { status: 'PAID', createdAt, paidAt });
  }
  return { imported: rows.length };
}

export function orderImport({ orders, now = Date.now }) {
  return [
    {
      method: 'POST',
      path: '/__control/orders/import',
      handle: ({ body }) => {
        const result = importOrders(orders, body, { now });
        if (result.errors) {
          const shown = result.errors.slice(0, 20);
          return { status: 422, body: { error: 'invalid_orders', message: `${result.errors.length} order(s) refused; nothing imported`, errors: shown } };
        }
        return { body: result };
      },
    },
  ];
}
