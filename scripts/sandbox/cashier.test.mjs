// The cashier page (node --test scripts/sandbox/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { alipayCall, alipayParams, control, startTestSandbox } from './fixtures.mjs';

let sandbox;
before(async () => {
  sandbox = await startTestSandbox({ env: { SANDBOX_MERCHANT_NAME: '<b>街角咖啡</b>' } });
});
after(() => sandbox.close());

const create = (no, subject = '聚卡充值', amount = '0.05') =>
  alipayCall(sandbox, 'alipay.trade.create', { out_trade_no: no, total_amount: amount, subject });
const post = (path, form = '') =>
  fetch(sandbox.url + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });

test('should render a Chinese, mobile-friendly page with the amount in yuan and escaped text', async () => {
  await create('CASHIER1', '<script>alert(1)</script>');
  const res = await fetch(`${sandbox.url}/cashier/alipay/CASHIER1`);
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html; charset=utf-8/);
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /width=device-width/);
  assert.match(html, /¥0\.05/);
  assert.match(html, /&lt;b&gt;街角咖啡&lt;\/b&gt;/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /action="\/cashier\/alipay\/CASHIER1\/confirm"/);
  assert.match(html, /action="\/cashier\/alipay\/CASHIER1\/cancel"/);
});

test('should leave the order unpaid on cancel and redirect to the return_url', async () => {
  await create('CASHIER2');
  const res = await post('/cashier/alipay/CASHIER2/cancel', 'return_url=https%3A%2F%2Fshop.example%2Fcancelled');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), 'https://shop.example/cancelled');
  assert.equal((await control(sandbox, 'GET', '/orders/alipay/CASHIER2')).body.status, 'NOTPAY');
});

test('should send a payer who cancels to the quit_url, as Alipay page pay does, and pay to the return_url', async () => {
  await create('CASHIER6');
  const back = 'https://shop.example/app/#/result?orderId=6';
  const quit = `${back}&cancelled=1`;
  const html = await (await fetch(`${sandbox.url}/cashier/alipay/CASHIER6?return_url=${encodeURIComponent(back)}&quit_url=${encodeURIComponent(quit)}`)).text();
  assert.match(html, /name="quit_url" value="https:\/\/shop.example\/app\/#\/result\?orderId=6&amp;cancelled=1"/);
  const form = `return_url=${encodeURIComponent(back)}&quit_url=${encodeURIComponent(quit)}`;
  const cancelled = await post('/cashier/alipay/CASHIER6/cancel', form);
  assert.equal(cancelled.status, 303);
  assert.equal(cancelled.headers.get('location'), quit);
  assert.equal((await control(sandbox, 'GET', '/orders/alipay/CASHIER6')).body.status, 'NOTPAY');
  const paid = await post('/cashier/alipay/CASHIER6/confirm', form);
  assert.equal(paid.headers.get('location'), back);
});

test('should keep the quit_url given to alipay.trade.wap.pay for the cashier’s 取消', async () => {
  const quit = 'https://shop.example/quit';
  const params = alipayParams('alipay.trade.wap.pay', { out_trade_no: 'CASHIER7', total_amount: '1.00', subject: 'H5', product_code: 'QUICK_WAP_WAY', quit_url: quit },
    { return_url: 'https://shop.example/back' });
  const res = await fetch(`${sandbox.url}/gateway.do?${new URLSearchParams(params).toString()}`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const html = await (await fetch(res.headers.get('location'))).text();
  assert.match(html, /name="quit_url" value="https:\/\/shop.example\/quit"/);
  const cancelled = await post('/cashier/alipay/CASHIER7/cancel', 'return_url=https%3A%2F%2Fshop.example%2Fback');
  assert.equal(cancelled.headers.get('location'), quit);
});

test('should confirm once, show the result without a return_url, and refuse a closed order', async () => {
  await create('CASHIER3');
  const paid = await post('/cashier/alipay/CASHIER3/confirm');
  assert.equal(paid.status, 200);
  assert.match(await paid.text(), /支付成功/);
  assert.equal((await post('/cashier/alipay/CASHIER3/confirm')).status, 200); // a double tap stays paid
  assert.match(await (await fetch(`${sandbox.url}/cashier/alipay/CASHIER3`)).text(), /已支付/);

  await create('CASHIER4');
  await control(sandbox, 'POST', '/orders/alipay/CASHIER4/cancel');
  assert.equal((await post('/cashier/alipay/CASHIER4/confirm')).status, 409);
});

test('should ignore a return_url that is not http(s) and 404 unknown orders or channels', async () => {
  await create('CASHIER5');
  const res = await post('/cashier/alipay/CASHIER5/cancel', 'return_url=javascript%3Aalert(1)');
  assert.equal(res.status, 200);
  assert.equal((await fetch(`${sandbox.url}/cashier/alipay/NOPE`)).status, 404);
  assert.equal((await fetch(`${sandbox.url}/cashier/paypal/CASHIER5`)).status, 404);
});
