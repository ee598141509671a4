// node --test scripts/sandbox/state.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { control, eventually, KEYS, startListener, startTestSandbox, today, wxCall, wxPrepayBody } from './fixtures.mjs';
import { STATE_FILE } from './state.mjs';

const dirs = [];
const freshDir = () => {
  dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'jucard-sandbox-state-')));
  return dirs.at(-1);
};
const onDisk = (dataDir) => startTestSandbox({ scale: 1000, dataDir, env: { SANDBOX_STATE: 'disk', SANDBOX_TIME_SCALE: '1000' } });
const sendSms = (sandbox, phone, text) =>
  fetch(`${sandbox.url}/sms/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, text }) });

let merchant;
before(async () => {
  merchant = await startListener();
});
after(async () => {
  await merchant.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('state on disk (SANDBOX_STATE=disk)', () => {
  test('should keep orders, refunds, bills, payouts and SMS across a restart', async () => {
    const dir = freshDir();
    const no = `ST${Date.now()}`;
    let sandbox = await onDisk(dir);
    assert.equal(sandbox.stateLoaded, false);
    const prepay = await wxCall(sandbox, 'POST', '/v3/pay/transactions/jsapi', wxPrepayBody(no, `${merchant.url}/pay`, { amount: { total: 50000, currency: 'CNY' } }));
    assert.equal(prepay.status, 200);
    assert.equal((await control(sandbox, 'POST', `/orders/wechatpay/${no}/pay`)).status, 200);
    const refund = { out_trade_no: no, out_refund_no: `R${no}`, amount: { refund: 1200, total: 50000, currency: 'CNY' } };
    assert.equal((await wxCall(sandbox, 'POST', '/v3/refund/domestic/refunds', refund)).status, 200);
    // the refund settles on the channel's clock (10 s at scale 1000), after the request that asked for it
    await eventually(async () => (await control(sandbox, 'GET', `/orders/wechatpay/${no}`)).body.refunds[0]?.status === 'SUCCESS');
    await control(sandbox, 'POST', '/bills/wechatpay/adjustments', { date: today(), type: 'extra', amountFen: 700 });
    await control(sandbox, 'POST', '/payouts/mode', { mode: 'processing' });
    await sendSms(sandbox, '13800138000', '验证码 123456');
    const billBefore = (await control(sandbox, 'GET', `/bills/wechatpay?date=${today()}`)).body;
    await sandbox.close();

    sandbox = await onDisk(dir);
    try {
      assert.equal(sandbox.stateLoaded, true);
      const order = (await control(sandbox, 'GET', `/orders/wechatpay/${no}`)).body;
      assert.equal(order.status, 'PAID');
      assert.equal(order.amountFen, 50000);
      assert.deepEqual(order.refunds.map((r) => [r.outRefundNo, r.status, r.amountFen]), [[`R${no}`, 'SUCCESS', 1200]]);
      // the channel's own API still knows both, as the BFF's poller and reconciliation ask it
      const query = await wxCall(sandbox, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${KEYS.wechatpay.mchid}`);
      assert.equal(query.json.trade_state, 'REFUND'); // WeChat's state for a paid order with a refund
      assert.equal((await wxCall(sandbox, 'GET', `/v3/refund/domestic/refunds/R${no}`)).json.status, 'SUCCESS');
      const billAfter = (await control(sandbox, 'GET', `/bills/wechatpay?date=${today()}`)).body;
      assert.deepEqual(billAfter.lines, billBefore.lines);
      assert.deepEqual(billAfter.adjustments, billBefore.adjustments);
      assert.equal((await control(sandbox, 'GET', '/payouts/mode')).body.mode, 'processing');
      const outbox = (await control(sandbox, 'GET', '/sms?phone=13800138000')).body;
      assert.deepEqual(outbox.messages.map((m) => m.text), ['验证码 123456']);
      // a refund number already used stays used
      const again = await wxCall(sandbox, 'POST', '/v3/refund/domestic/refunds', { ...refund, amount: { refund: 1300, total: 50000, currency: 'CNY' } });
      assert.notEqual(again.status, 200);
    } finally {
      await sandbox.close();
    }
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left behind');
  });

  test('should forget everything after /__control/reset, on disk too', async () => {
    const dir = freshDir();
    let sandbox = await onDisk(dir);
    await control(sandbox, 'POST', '/orders/import', [{ channel: 'alipay', outTradeNo: `IMP${Date.now()}`, amountFen: 500, paidAt: new Date().toISOString() }]);
    assert.equal((await control(sandbox, 'POST', '/reset')).status, 200);
    await sandbox.close();
    sandbox = await onDisk(dir);
    try {
      assert.deepEqual((await control(sandbox, 'GET', '/orders')).body.orders, []);
    } finally {
      await sandbox.close();
    }
  });

  test('should move an unreadable state file aside and start empty', async () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, STATE_FILE), '{"version":1,"orders":[');
    const sandbox = await onDisk(dir);
    try {
      assert.equal(sandbox.stateLoaded, false);
      assert.deepEqual((await control(sandbox, 'GET', '/orders')).body.orders, []);
      assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith(`${STATE_FILE}.unreadable-`)).length, 1);
    } finally {
      await sandbox.close();
    }
  });

  test('should write nothing in memory mode (the default)', async () => {
    const dir = freshDir();
    const sandbox = await startTestSandbox({ dataDir: dir });
    await control(sandbox, 'POST', '/orders/import', [{ channel: 'unionpay', outTradeNo: `MEM${Date.now()}`, amountFen: 500, paidAt: new Date().toISOString() }]);
    await sandbox.close();
    assert.equal(sandbox.stateFile, null);
    assert.equal(fs.existsSync(path.join(dir, STATE_FILE)), false);
  });

  test('should refuse an unknown SANDBOX_STATE', () => {
    assert.throws(() => startTestSandbox({ env: { SANDBOX_STATE: 'yes' } }), /SANDBOX_STATE must be memory or disk/);
  });
});

test('should keep what it was told when stopped by SIGTERM within the write delay, as npm start stops it', async () => {
  const { spawn } = await import('node:child_process');
  const script = new URL('./server.mjs', import.meta.url).pathname;
  const dir = freshDir();
  const start = () => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir, SANDBOX_STATE: 'disk' } });
    const url = new Promise((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d) => {
        const m = /listening on (http:\/\/\S+)/.exec((out += d));
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    return { child, url };
  };
  const stop = async (child) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  };
  const first = start();
  const url = await first.url;
  const no = `SIG${Date.now()}`;
  const imported = await fetch(`${url}/__control/orders/import`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ channel: 'wechatpay', outTradeNo: no, amountFen: 50000, paidAt: new Date().toISOString() }]),
  });
  assert.equal(imported.status, 200);
  await stop(first.child); // at once: the coalesced write is still pending

  const second = start();
  try {
    const order = await (await fetch(`${await second.url}/__control/orders/wechatpay/${no}`)).json();
    assert.equal(order.status, 'PAID');
    assert.equal(order.amountFen, 50000);
  } finally {
    await stop(second.child);
  }
});
