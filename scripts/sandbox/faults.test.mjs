// Fault injection, retry schedules and the time scale (node --test scripts/sandbox/).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCHEDULES } from './notifier.mjs';
import { alipayCall, control, eventually, startListener, startTestSandbox, wxCall, wxPrepayBody } from './fixtures.mjs';

let sandbox;
let merchant;
let seq = 0;
const newNo = () => `JCFLT${Date.now()}${seq++}`;

before(async () => {
  sandbox = await startTestSandbox({ scale: 1e4 }); // WeChat's first retries (15 s) take 1.5 ms
  merchant = await startListener();
});
after(async () => {
  await sandbox.close();
  await merchant.close();
});
afterEach(async () => {
  await control(sandbox, 'DELETE', '/faults/wechatpay');
  await control(sandbox, 'DELETE', '/faults/alipay');
  await control(sandbox, 'POST', '/time-scale', { scale: 1e4 });
  merchant.setAnswer(() => ({ status: 204 }));
});

const fault = (channel, body) => control(sandbox, 'POST', `/faults/${channel}`, body);
async function paidOrder(path = '/n') {
  const no = newNo();
  const res = await wxCall(sandbox, 'POST', '/v3/pay/transactions/jsapi', wxPrepayBody(no, `${merchant.url}${path}/${no}`));
  assert.equal(res.status, 200);
  await control(sandbox, 'POST', `/orders/wechatpay/${no}/pay`);
  return no;
}
const notificationsOf = async (no) => (await control(sandbox, 'GET', `/notifications?out_trade_no=${no}`)).body.notifications;
const received = (path, no) => merchant.on(`${path}/${no}`);

describe('notification faults', () => {
  test('should retry a dropped notification on the schedule until it is acknowledged', async () => {
    await fault('wechatpay', { dropNext: 2 });
    const no = await paidOrder();
    const [entry] = await eventually(async () => {
      const list = await notificationsOf(no);
      return list[0]?.state === 'delivered' && list;
    });
    assert.deepEqual(entry.attempts.map((a) => a.outcome), ['dropped', 'dropped', 'acked']);
    assert.equal(received('/n', no).length, 1);
  });

  test('should give up after the first attempt plus 15 retries when the merchant never acknowledges', async () => {
    assert.equal(SCHEDULES.wechatpay.length, 15);
    assert.equal(SCHEDULES.wechatpay.reduce((a, b) => a + b, 0), (24 * 60 + 4) * 60 * 1000); // 24h4m
    await control(sandbox, 'POST', '/time-scale', { scale: 1e7 });
    merchant.setAnswer(() => ({ status: 500, body: '{"code":"FAIL","message":"busy"}' }));
    const no = await paidOrder('/busy');
    const [entry] = await eventually(async () => {
      const list = await notificationsOf(no);
      return list[0]?.state === 'failed' && list;
    }, 5000);
    assert.equal(entry.attempts.length, 16);
    assert.ok(entry.attempts.every((a) => a.outcome === 'rejected' && a.status === 500));
    assert.equal(received('/busy', no).length, 16);
  });

  test('should send each notification K times when duplicating', async () => {
    await fault('wechatpay', { duplicate: 3 });
    const no = await paidOrder('/dup');
    const copies = await eventually(() => received('/dup', no).length === 3 && received('/dup', no));
    assert.equal(new Set(copies.map((c) => JSON.parse(c.body).id)).size, 1);
  });

  test('should hold N notifications and release them newest first', async () => {
    await fault('wechatpay', { reorder: 3 });
    const a = await paidOrder('/ro');
    const b = await paidOrder('/ro');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(received('/ro', a).length + received('/ro', b).length, 0);
    assert.equal((await notificationsOf(a))[0].state, 'held');
    const c = await paidOrder('/ro');
    await eventually(() => merchant.received.filter((r) => r.path.startsWith('/ro/')).length === 3);
    assert.deepEqual(merchant.received.filter((r) => r.path.startsWith('/ro/')).map((r) => r.path), [`/ro/${c}`, `/ro/${b}`, `/ro/${a}`]);
  });

  test('should release held notifications on demand', async () => {
    await fault('wechatpay', { reorder: 5 });
    const a = await paidOrder('/rel');
    const b = await paidOrder('/rel');
    const res = await control(sandbox, 'POST', '/notifications/wechatpay/release');
    assert.equal(res.body.released, 2);
    assert.deepEqual(merchant.received.filter((r) => r.path.startsWith('/rel/')).map((r) => r.path), [`/rel/${b}`, `/rel/${a}`]);
  });

  test('should delay each delivery', async () => {
    await fault('wechatpay', { delayMs: 150 });
    const started = Date.now();
    const no = await paidOrder('/slow');
    const [note] = await eventually(() => received('/slow', no).length && received('/slow', no));
    assert.ok(note.at - started >= 150);
  });

  test('should reschedule pending retries when the time scale changes', async () => {
    await control(sandbox, 'POST', '/time-scale', { scale: 1 });
    let calls = 0;
    merchant.setAnswer(() => (++calls === 1 ? { status: 503 } : { status: 204 }));
    const no = await paidOrder('/scale');
    await eventually(() => received('/scale', no).length === 1);
    const [pending] = await notificationsOf(no);
    assert.equal(pending.state, 'pending');
    assert.ok(Date.parse(pending.nextAttemptAt) - Date.now() > 10_000); // 15 s away at x1
    await control(sandbox, 'POST', '/time-scale', { scale: 1e6 });
    await eventually(() => received('/scale', no).length === 2);
  });
});

describe('API faults', () => {
  test('should destroy the socket when down=reset, and answer 503 when down=refuse', async () => {
    await fault('alipay', { down: 'reset' });
    await assert.rejects(fetch(`${sandbox.url}/gateway.do`, { method: 'POST' }));
    await fault('alipay', { down: 'refuse' });
    const res = await fetch(`${sandbox.url}/gateway.do`, { method: 'POST' });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('connection'), 'close');
    // the other channels and the control API are unaffected
    assert.equal((await wxCall(sandbox, 'GET', '/v3/pay/transactions/out-trade-no/NOPE0001?mchid=1900000109')).status, 404);
  });

  test('should answer 5xx without handling, for the next N calls only', async () => {
    await fault('wechatpay', { errorStatus: 500, apiCount: 1 });
    const no = newNo();
    const first = await wxCall(sandbox, 'POST', '/v3/pay/transactions/jsapi', wxPrepayBody(no, `${merchant.url}/x`));
    assert.equal(first.status, 500);
    assert.equal(first.json.code, 'SYSTEM_ERROR');
    assert.equal((await control(sandbox, 'GET', `/orders/wechatpay/${no}`)).status, 404);
    const second = await wxCall(sandbox, 'POST', '/v3/pay/transactions/jsapi', wxPrepayBody(no, `${merchant.url}/x`));
    assert.equal(second.status, 200);
  });

  test('should hang a call past the client timeout and still apply it', async () => {
    await fault('alipay', { timeoutMs: 300 });
    const no = newNo();
    await assert.rejects(
      Promise.race([
        alipayCall(sandbox, 'alipay.trade.create', { out_trade_no: no, total_amount: '1.00', subject: 't' }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('client timeout')), 50)),
      ]),
      /client timeout/,
    );
    await eventually(async () => (await control(sandbox, 'GET', `/orders/alipay/${no}`)).status === 200, 2000);
  });

  test('should refuse unknown faults and bad values', async () => {
    assert.equal((await fault('wechatpay', { explode: true })).status, 422);
    assert.equal((await fault('wechatpay', { errorStatus: 404 })).status, 422);
    assert.equal((await fault('nope', { dropNext: 1 })).status, 422);
  });
});

describe('control API', () => {
  test('should pay, fail and cancel orders and refuse impossible transitions', async () => {
    const no = newNo();
    await wxCall(sandbox, 'POST', '/v3/pay/transactions/jsapi', wxPrepayBody(no, `${merchant.url}/ctl`));
    assert.equal((await control(sandbox, 'POST', `/orders/wechatpay/${no}/cancel`)).body.order.status, 'CLOSED');
    assert.equal((await control(sandbox, 'POST', `/orders/wechatpay/${no}/pay`)).status, 409);
    assert.equal((await control(sandbox, 'POST', `/orders/wechatpay/${no}/explode`)).status, 404);
    assert.equal((await control(sandbox, 'POST', '/orders/wechatpay/NOPE/pay')).status, 404);
  });

  test('should reset orders, notifications, faults and the time scale', async () => {
    const other = await startTestSandbox({ scale: 5 });
    try {
      await control(other, 'POST', '/faults/unionpay', { dropNext: 3 });
      await control(other, 'POST', '/time-scale', { scale: 50 });
      await wxCall(other, 'POST', '/v3/pay/transactions/jsapi', wxPrepayBody(newNo(), `${merchant.url}/r`));
      assert.equal((await control(other, 'POST', '/reset')).status, 200);
      assert.deepEqual((await control(other, 'GET', '/orders')).body.orders, []);
      assert.equal((await control(other, 'GET', '/faults')).body.unionpay.dropNext, 0);
      assert.equal((await control(other, 'GET', '/time-scale')).body.scale, 5);
    } finally {
      await other.close();
    }
  });
});
