// WeChat Pay API v3 in the sandbox, exercised as a merchant would with Node crypto (node --test scripts/sandbox/).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  CREDS, control, eventually, startListener, startTestSandbox, today, wxAuthorization, wxCall, wxDecrypt, wxPrepayBody,
  wxSignatureValid,
} from './fixtures.mjs';

const W = CREDS.wechatpay;
let sandbox;
let merchant;
let seq = 0;
const newNo = () => `JCWX${Date.now()}${seq++}`;

before(async () => {
  sandbox = await startTestSandbox({ scale: 1000 }); // 10 s refund settlement -> 10 ms
  merchant = await startListener();
});
after(async () => {
  await sandbox.close();
  await merchant.close();
});

const prepay = (no, extra) => wxCall(sandbox, 'POST', '/v3/pay/transactions/jsapi', wxPrepayBody(no, `${merchant.url}/wx/${no}`, extra));
const query = (no) => wxCall(sandbox, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${W.mchid}`);

describe('WeChat Pay v3 prepay and payment notification', () => {
  test('should answer a signed JSAPI prepay with a prepay_id and a signed response', async () => {
    const res = await prepay(newNo());
    assert.equal(res.status, 200);
    assert.match(res.json.prepay_id, /^wx\d{14}[0-9a-f]{20}$/);
    assert.equal(res.signatureValid, true);
    assert.equal(res.headers.get('wechatpay-serial'), W.platformSerial);
    assert.ok(res.headers.get('request-id'));
  });

  test('should pay through the cashier and deliver an encrypted, signed TRANSACTION.SUCCESS', async () => {
    const no = newNo();
    await prepay(no, { attach: 'card:42' });
    const page = await fetch(`${sandbox.url}/cashier/wechatpay/${no}?return_url=${encodeURIComponent('https://shop.example/done')}`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /name="viewport"/);
    assert.match(html, /¥100\.00/);
    assert.match(html, /聚卡测试商户/);
    assert.match(html, /确认支付/);
    assert.match(html, /取消/);

    const confirm = await fetch(`${sandbox.url}/cashier/wechatpay/${no}/confirm`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'return_url=https%3A%2F%2Fshop.example%2Fdone',
    });
    assert.equal(confirm.status, 303);
    assert.equal(confirm.headers.get('location'), 'https://shop.example/done');

    const [note] = await eventually(() => merchant.on(`/wx/${no}`).length && merchant.on(`/wx/${no}`));
    assert.equal(wxSignatureValid(note.headers, note.body), true);
    const envelope = JSON.parse(note.body);
    assert.equal(envelope.event_type, 'TRANSACTION.SUCCESS');
    assert.equal(envelope.resource_type, 'encrypt-resource');
    assert.equal(envelope.resource.algorithm, 'AEAD_AES_256_GCM');
    assert.equal(envelope.resource.original_type, 'transaction');
    assert.match(envelope.create_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const tx = wxDecrypt(envelope.resource);
    assert.equal(tx.out_trade_no, no);
    assert.equal(tx.trade_state, 'SUCCESS');
    assert.equal(tx.attach, 'card:42');
    assert.match(tx.transaction_id, /^\d{28}$/);
    assert.deepEqual(tx.amount, { total: 10000, payer_total: 10000, currency: 'CNY', payer_currency: 'CNY' });

    const q = await query(no);
    assert.equal(q.json.trade_state, 'SUCCESS');
    assert.equal(q.json.transaction_id, tx.transaction_id);
    const byId = await wxCall(sandbox, 'GET', `/v3/pay/transactions/id/${tx.transaction_id}?mchid=${W.mchid}`);
    assert.equal(byId.json.out_trade_no, no);
  });

  test('should hand out an h5_url that opens the cashier and honours redirect_url', async () => {
    const no = newNo();
    const body = { ...wxPrepayBody(no, `${merchant.url}/h5`), scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } } };
    delete body.payer;
    const res = await wxCall(sandbox, 'POST', '/v3/pay/transactions/h5', body);
    assert.equal(res.status, 200);
    const page = await (await fetch(`${res.json.h5_url}&redirect_url=${encodeURIComponent('https://shop.example/h5')}`)).text();
    assert.match(page, /name="return_url" value="https:\/\/shop.example\/h5"/);
  });

  test('should keep an identical prepay idempotent and refuse a changed or paid one', async () => {
    const no = newNo();
    const first = await prepay(no);
    assert.equal((await prepay(no)).json.prepay_id, first.json.prepay_id);
    const changed = await prepay(no, { amount: { total: 1, currency: 'CNY' } });
    assert.equal(changed.status, 400);
    assert.equal(changed.json.code, 'INVALID_REQUEST');
    await control(sandbox, 'POST', `/orders/wechatpay/${no}/pay`);
    const paid = await prepay(no);
    assert.equal(paid.json.code, 'ORDERPAID');
    assert.equal(paid.signatureValid, true);
  });

  for (const [name, extra, field] of /** @type {Array<[string, object, string]>} */ ([
    ['wrong appid', { appid: 'wxother' }, 'appid'],
    ['zero amount', { amount: { total: 0 } }, 'amount'],
    ['float amount', { amount: { total: 1.5 } }, 'amount'],
    ['missing openid', { payer: {} }, 'openid'],
  ])) {
    test(`should answer 400 PARAM_ERROR for ${name}`, async () => {
      const res = await prepay(newNo(), extra);
      assert.equal(res.status, 400);
      assert.equal(res.json.code, 'PARAM_ERROR');
      assert.match(res.json.message, new RegExp(field));
    });
  }
});

describe('WeChat Pay v3 request signatures', () => {
  const url = `/v3/pay/transactions/out-trade-no/NOPE000001?mchid=${W.mchid}`;
  const other = CREDS.unionpay.privateKeyPem;
  for (const [name, auth] of /** @type {Array<[string, () => object]>} */ ([
    ['a signature made with another key', () => ({ privateKeyPem: other })],
    ['a timestamp more than 5 minutes old', () => ({ timestamp: Math.floor(Date.now() / 1000) - 302 })],
    ['a timestamp more than 5 minutes ahead', () => ({ timestamp: Math.floor(Date.now() / 1000) + 302 })],
    ['another mchid', () => ({ mchid: '1900000999' })],
    ['another certificate serial', () => ({ serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' })],
    ['a nonce over 32 characters', () => ({ nonce: 'x'.repeat(33) })],
  ])) {
    test(`should refuse ${name} with a signed 401 SIGN_ERROR`, async () => {
      const res = await wxCall(sandbox, 'GET', url, undefined, auth());
      assert.equal(res.status, 401);
      assert.equal(res.json.code, 'SIGN_ERROR');
      assert.equal(res.signatureValid, true);
    });
  }

  test('should refuse a body that differs from the signed one', async () => {
    const signed = JSON.stringify(wxPrepayBody(newNo(), `${merchant.url}/x`));
    const sent = signed.replace('10000', '1');
    const res = await fetch(`${sandbox.url}/v3/pay/transactions/jsapi`, {
      method: 'POST', body: sent,
      headers: { 'content-type': 'application/json', authorization: wxAuthorization({ method: 'POST', url: '/v3/pay/transactions/jsapi', body: signed }) },
    });
    const json = await res.json();
    assert.equal(res.status, 401);
    assert.equal(json.detail.sign_information.url, '/v3/pay/transactions/jsapi');
  });

  test('should refuse a missing or malformed Authorization header', async () => {
    for (const authorization of [undefined, 'Bearer x', 'WECHATPAY2-SHA256-RSA2048 mchid="1"']) {
      const res = await fetch(sandbox.url + url, { headers: authorization ? { authorization } : {} });
      assert.equal(res.status, 401);
      assert.equal((await res.json()).code, 'SIGN_ERROR');
    }
  });
});

describe('WeChat Pay v3 query, close, refund', () => {
  test('should answer 404 ORDER_NOT_EXIST for an unknown order and 400 without mchid', async () => {
    assert.equal((await query('NOPE000002')).json.code, 'ORDER_NOT_EXIST');
    const res = await wxCall(sandbox, 'GET', '/v3/pay/transactions/out-trade-no/NOPE000002');
    assert.equal(res.status, 400);
  });

  test('should close an unpaid order with a signed 204 and refuse to close a paid one', async () => {
    const no = newNo();
    await prepay(no);
    const closed = await wxCall(sandbox, 'POST', `/v3/pay/transactions/out-trade-no/${no}/close`, { mchid: W.mchid });
    assert.equal(closed.status, 204);
    assert.equal(closed.text, '');
    assert.equal(closed.signatureValid, true);
    assert.equal((await query(no)).json.trade_state, 'CLOSED');

    const paid = newNo();
    await prepay(paid);
    await control(sandbox, 'POST', `/orders/wechatpay/${paid}/pay`);
    const refused = await wxCall(sandbox, 'POST', `/v3/pay/transactions/out-trade-no/${paid}/close`, { mchid: W.mchid });
    assert.equal(refused.json.code, 'ORDERPAID');
  });

  test('should map control fail to PAYERROR', async () => {
    const no = newNo();
    await prepay(no);
    await control(sandbox, 'POST', `/orders/wechatpay/${no}/fail`);
    assert.equal((await query(no)).json.trade_state, 'PAYERROR');
  });

  test('should refund PROCESSING -> SUCCESS with a REFUND.SUCCESS notification, idempotently', async () => {
    const no = newNo();
    await prepay(no);
    await control(sandbox, 'POST', `/orders/wechatpay/${no}/pay`);
    const body = { out_trade_no: no, out_refund_no: `R${no}`, notify_url: `${merchant.url}/refund/${no}`, amount: { refund: 3000, total: 10000, currency: 'CNY' } };
    const first = await wxCall(sandbox, 'POST', '/v3/refund/domestic/refunds', body);
    assert.equal(first.status, 200);
    assert.equal(first.json.status, 'PROCESSING');
    assert.match(first.json.refund_id, /^\d{29}$/);
    assert.equal((await wxCall(sandbox, 'POST', '/v3/refund/domestic/refunds', body)).json.refund_id, first.json.refund_id);
    const tooMuch = await wxCall(sandbox, 'POST', '/v3/refund/domestic/refunds', { ...body, out_refund_no: `R2${no}`, amount: { refund: 7001, total: 10000 } });
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.json.code, 'INVALID_REQUEST');

    const [note] = await eventually(() => merchant.on(`/refund/${no}`).length && merchant.on(`/refund/${no}`));
    assert.equal(wxSignatureValid(note.headers, note.body), true);
    const envelope = JSON.parse(note.body);
    assert.equal(envelope.event_type, 'REFUND.SUCCESS');
    const refund = wxDecrypt(envelope.resource);
    assert.equal(refund.refund_status, 'SUCCESS');
    assert.deepEqual(refund.amount, { total: 10000, refund: 3000, payer_total: 10000, payer_refund: 3000 });
    const q = await wxCall(sandbox, 'GET', `/v3/refund/domestic/refunds/R${no}`);
    assert.equal(q.json.status, 'SUCCESS');
    assert.ok(q.json.success_time);
    assert.equal((await query(no)).json.trade_state, 'REFUND');
  });
});

describe('WeChat Pay v3 trade bill', () => {
  let bills;
  before(async () => {
    bills = await startTestSandbox({ scale: 1e6 });
  });
  after(() => bills.close());

  const call = (method, url, body) => wxCall(bills, method, url, body);

  test('should answer NO_STATEMENT_EXIST for a day without trades', async () => {
    const res = await call('GET', '/v3/bill/tradebill?bill_date=2024-01-01');
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 'NO_STATEMENT_EXIST');
  });

  test('should serve the backticked CSV with a summary, matching hash_value, only to signed requests', async () => {
    const no = 'JCBILL000001';
    await call('POST', '/v3/pay/transactions/jsapi', wxPrepayBody(no, 'http://127.0.0.1:9/none', { amount: { total: 990 } }));
    await control(bills, 'POST', `/orders/wechatpay/${no}/pay`);
    await call('POST', '/v3/refund/domestic/refunds', { out_trade_no: no, out_refund_no: 'RBILL000001', amount: { refund: 990, total: 990 } });
    await control(bills, 'POST', '/refunds/wechatpay/RBILL000001/succeed');

    const res = await call('GET', `/v3/bill/tradebill?bill_date=${today()}&bill_type=ALL`);
    assert.equal(res.status, 200);
    assert.equal(res.json.hash_type, 'SHA1');
    const path = new URL(res.json.download_url).pathname + new URL(res.json.download_url).search;
    assert.equal((await fetch(bills.url + path)).status, 401);
    const file = await fetch(bills.url + path, { headers: { authorization: wxAuthorization({ method: 'GET', url: path }) } });
    assert.equal(file.headers.get('wechatpay-signature'), null); // downloads are not signed; check the hash instead
    const bytes = Buffer.from(await file.arrayBuffer());
    assert.equal(createHash('sha1').update(bytes).digest('hex'), res.json.hash_value);

    const text = bytes.toString('utf8');
    assert.ok(text.startsWith('\ufeff交易时间,公众账号ID,商户号,'));
    const rows = text.slice(1).split('\r\n');
    assert.equal(rows.length, 6); // header, pay, refund, summary header, summary, '' after the final CRLF
    assert.equal(rows[0].split(',').length, 27);
    const pay = rows[1].split(',');
    assert.ok(pay.every((f) => f.startsWith('`')));
    assert.deepEqual([pay[2], pay[6], pay[8], pay[9], pay[12], pay[22], pay[23], pay[24]],
      [`\`${W.mchid}`, `\`${no}`, '`JSAPI', '`SUCCESS', '`9.90', '`0.05940', '`0.60%', '`9.90']);
    const refund = rows[2].split(',');
    assert.deepEqual([refund[9], refund[12], refund[15], refund[16], refund[18], refund[19], refund[22], refund[25]],
      ['`REFUND', '`0.00', '`RBILL000001', '`9.90', '`ORIGINAL', '`SUCCESS', '`-0.05940', '`9.90']);
    assert.equal(rows[3], '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额');
    assert.equal(rows[4], '`2,`9.90,`9.90,`0.00,`0.00000,`9.90,`9.90');
    assert.equal(rows[5], '');
  });

  test('should serve GZIP and reflect injected differences', async () => {
    const date = today();
    await control(bills, 'POST', '/bills/wechatpay/adjustments', { date, type: 'amount', outTradeNo: 'JCBILL000001', kind: 'PAY', amountFen: 1000 });
    await control(bills, 'POST', '/bills/wechatpay/adjustments', { date, type: 'missing', outTradeNo: 'JCBILL000001', kind: 'REFUND' });
    await control(bills, 'POST', '/bills/wechatpay/adjustments', { date, type: 'extra', outTradeNo: 'CHANNELONLY01', amountFen: 123 });
    const res = await call('GET', `/v3/bill/tradebill?bill_date=${date}&tar_type=GZIP`);
    const path = new URL(res.json.download_url).pathname + new URL(res.json.download_url).search;
    const file = await fetch(bills.url + path, { headers: { authorization: wxAuthorization({ method: 'GET', url: path }) } });
    const text = gunzipSync(Buffer.from(await file.arrayBuffer())).toString('utf8');
    assert.match(text, /`JCBILL000001,`o_sandbox_test_openid_00000000,`JSAPI,`SUCCESS,`OTHERS,`CNY,`10\.00,/);
    assert.doesNotMatch(text, /`REFUND,/);
    assert.match(text, /`CHANNELONLY01,/);
    assert.match(text, /\r\n`2,`11\.23,`0\.00,/);
    const view = await control(bills, 'GET', `/bills/wechatpay?date=${date}`);
    assert.equal(view.body.adjustments.length, 3);
    const injected = view.body.lines.find((l) => l.source === 'injected');
    assert.equal(injected.amountFen, 123);
    assert.ok(text.includes(`\`${injected.channelTradeNo},\`CHANNELONLY01,`)); // same ids in every view of the bill
  });
});

describe('WeChat Pay v3 signature probe', () => {
  test('should send a WECHATPAY/SIGNTEST/ notification that a verifying merchant refuses', async () => {
    const verifying = await startListener((req, body) =>
      wxSignatureValid(req.headers, body) ? { status: 204 } : { status: 401, body: '{"code":"FAIL","message":"签名错误"}' });
    try {
      const res = await control(sandbox, 'POST', '/wechatpay/signtest', { notify_url: `${verifying.url}/probe` });
      assert.equal(res.body.passed, true);
      assert.equal(res.body.attempt.status, 401);
      const [probe] = verifying.received;
      assert.match(probe.headers['wechatpay-signature'], /^WECHATPAY\/SIGNTEST\//);
      assert.equal(JSON.parse(probe.body).event_type, 'TRANSACTION.SUCCESS');
    } finally {
      await verifying.close();
    }
  });
});
