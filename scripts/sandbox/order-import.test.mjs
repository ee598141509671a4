// Bulk import of already-paid orders through the control API (node --test scripts/sandbox/).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CREDS, control, startTestSandbox, wxCall } from './fixtures.mjs';
import { businessDate, businessDayRange } from './util.mjs';

let sandbox;
let seq = 0;
const newNo = (prefix = 'JCIMP') => `${prefix}${Date.now()}${seq++}`;
const importOrders = (rows) => control(sandbox, 'POST', '/orders/import', rows);

// yesterday noon in Beijing: a whole past business day, as the settlement benchmark seeds it
const yesterday = businessDate(Date.now() - 24 * 3600 * 1000);
const [dayStart] = businessDayRange(yesterday);
const at = (hours) => new Date(dayStart + hours * 3600 * 1000).toISOString();
const row = (extra = {}) => ({ channel: 'wechatpay', outTradeNo: newNo(), amountFen: 10_000, paidAt: at(9), ...extra });

before(async () => {
  sandbox = await startTestSandbox();
});
after(() => sandbox.close());

describe('order import', () => {
  test('should list imported orders as paid on the bill of their day, without sending a notification', async () => {
    const rows = [
      row({ channel: 'wechatpay', amountFen: 12_345, payer: 'o-import-openid', channelTradeNo: '4200000123202611240000000001' }),
      row({ channel: 'alipay', amountFen: 50_000, paidAt: at(10) }),
      row({ channel: 'unionpay', amountFen: 300, paidAt: at(23.5), createdAt: at(23.4) }),
    ];

    const res = await importOrders(rows);

    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { imported: 3 });
    for (const r of rows) {
      const order = (await control(sandbox, 'GET', `/orders/${r.channel}/${r.outTradeNo}`)).body;
      assert.equal(order.status, 'PAID');
      assert.equal(order.amountFen, r.amountFen);
      assert.equal(order.paidAt, r.paidAt);
      assert.match(order.channelTradeNo, /^\d{21,28}$/);
      const bill = (await control(sandbox, 'GET', `/bills/${r.channel}?date=${yesterday}`)).body;
      const line = bill.lines.find((l) => l.outTradeNo === r.outTradeNo);
      assert.equal(line?.amountFen, r.amountFen);
      assert.equal(line.channelTradeNo, order.channelTradeNo);
    }
    assert.equal((await control(sandbox, 'GET', `/orders/wechatpay/${rows[0].outTradeNo}`)).body.channelTradeNo, rows[0].channelTradeNo);
    assert.equal((await control(sandbox, 'GET', `/orders/unionpay/${rows[2].outTradeNo}`)).body.extra.txnTime, `${yesterday.replace(/-/g, '')}232400`);
    const sent = (await control(sandbox, 'GET', '/notifications')).body.notifications.filter((n) => rows.some((r) => r.outTradeNo === n.ref));
    assert.deepEqual(sent, []);
  });

  test('should answer a channel query for an imported order as a successful payment', async () => {
    const r = row({ amountFen: 8_800, paidAt: at(14) });
    assert.equal((await importOrders([r])).status, 200);

    const q = await wxCall(sandbox, 'GET', `/v3/pay/transactions/out-trade-no/${r.outTradeNo}?mchid=${CREDS.wechatpay.mchid}`);

    assert.equal(q.status, 200);
    assert.equal(q.json.trade_state, 'SUCCESS');
    assert.equal(q.json.amount.total, 8_800);
  });

  /** @type {Array<[string, object]>} */
  const malformed = [
    ['an unknown channel', { channel: 'paypal' }],
    ['an out_trade_no too short', { outTradeNo: 'JC1' }],
    ['an out_trade_no with a space', { outTradeNo: 'JC 000000001' }],
    ['a zero amount', { amountFen: 0 }],
    ['an amount in yuan', { amountFen: 100.5 }],
    ['an amount as text', { amountFen: '100' }],
    ['a paid time without a zone', { paidAt: '2026-11-24 09:00:00' }],
    ['a paid time in the future', { paidAt: new Date(Date.now() + 3_600_000).toISOString() }],
    ['a creation after the payment', { createdAt: at(10), paidAt: at(9) }],
    ['a payer that is not text', { payer: 42 }],
    ['a channel trade number with symbols', { channelTradeNo: '4200-0001' }],
  ];
  for (const [what, fields] of malformed) {
    test(`should refuse a batch with ${what} and import none of it`, async () => {
      const good = row();
      const bad = row(fields);

      const res = await importOrders([good, bad]);

      assert.equal(res.status, 422);
      assert.equal(res.body.error, 'invalid_orders');
      assert.deepEqual(res.body.errors.map((e) => e.index), [1]);
      assert.equal((await control(sandbox, 'GET', `/orders/wechatpay/${good.outTradeNo}`)).status, 404);
    });
  }

  test('should refuse an order the sandbox already has, and one listed twice', async () => {
    const first = row();
    assert.equal((await importOrders([first])).status, 200);
    const twice = row();

    const res = await importOrders([row(), { ...first, amountFen: 1 }, twice, twice]);

    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.index), [1, 3]);
    assert.match(res.body.errors[0].error, /exists/);
    assert.equal((await control(sandbox, 'GET', `/orders/wechatpay/${first.outTradeNo}`)).body.amountFen, first.amountFen);
    assert.equal((await control(sandbox, 'GET', `/orders/wechatpay/${twice.outTradeNo}`)).status, 404);
  });

  test('should refuse a body that is not a list of orders', async () => {
    for (const body of [{}, [], { orders: [row()] }]) {
      const res = await importOrders(body);
      assert.equal(res.status, 422);
      assert.equal(res.body.errors[0].index, null);
    }
  });
});
