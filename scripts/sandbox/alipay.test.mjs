// Alipay OpenAPI v2 gateway in the sandbox, exercised as a merchant would with Node crypto.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CREDS, alipayCall, alipayNotifyValid, alipayParams, control, eventually, startListener, startTestSandbox, today,
} from './fixtures.mjs';
import { rsaSign, sortedPairs } from './util.mjs';

let sandbox;
let merchant;
let seq = 0;
const newNo = () => `JCALI${Date.now()}${seq++}`;

before(async () => {
  sandbox = await startTestSandbox({ scale: 1e5 }); // Alipay's 4 min first retry -> 2.4 ms
  merchant = await startListener(() => ({ status: 200, body: 'success' }));
});
after(async () => {
  await sandbox.close();
  await merchant.close();
});

const create = (no, amount = '88.88', common = { notify_url: `${merchant.url}/ali/${no}` }) =>
  alipayCall(sandbox, 'alipay.trade.create', { out_trade_no: no, total_amount: amount, subject: '聚卡充值', product_code: 'JSAPI_PAY', buyer_id: '2088000000000001' }, common);
const query = (no) => alipayCall(sandbox, 'alipay.trade.query', { out_trade_no: no });

describe('Alipay gateway signatures', () => {
  test('should create a trade and sign the exact JSON text of the response node', async () => {
    const no = newNo();
    const res = await create(no);
    assert.equal(res.status, 200);
    assert.equal(res.signatureValid, true);
    assert.match(res.raw, /^\{"alipay_trade_create_response":\{"code":"10000","msg":"Success",/);
    assert.equal(res.node.out_trade_no, no);
    assert.match(res.node.trade_no, /^\d{28}$/);
    const order = await control(sandbox, 'GET', `/orders/alipay/${no}`);
    assert.equal(order.body.amountFen, 8888); // "88.88" yuan, converted without floats
  });

  test('should refuse a request signed with another key, showing the gateway sign string', async () => {
    const res = await alipayCall(sandbox, 'alipay.trade.query', { out_trade_no: 'X1' }, {}, CREDS.unionpay.privateKeyPem);
    assert.equal(res.node.code, '40002');
    assert.equal(res.node.sub_code, 'isv.invalid-signature');
    assert.match(res.node.sub_msg, /app_id=\d+&biz_content=\{"out_trade_no":"X1"\}&charset=utf-8&format=JSON&method=alipay\.trade\.query&sign_type=RSA2&/);
    assert.equal(res.signatureValid, true);
  });

  test('should include sign_type in the request sign string', async () => {
    const params = alipayParams('alipay.trade.query', { out_trade_no: 'X2' });
    params.sign = rsaSign(sortedPairs(params, ['sign', 'sign_type']), CREDS.alipay.privateKeyPem);
    const res = await fetch(`${sandbox.url}/gateway.do`, { method: 'POST', body: new URLSearchParams(params) });
    assert.match(await res.text(), /isv\.invalid-signature/);
  });

  test('should read the common params from the query string and biz_content from the body, as alipay-sdk sends them', async () => {
    const { biz_content: bizContent, ...common } = alipayParams('alipay.trade.query', { out_trade_no: 'NOPE0001' });
    const res = await fetch(`${sandbox.url}/gateway.do?${new URLSearchParams(common).toString()}`, {
      method: 'POST', body: new URLSearchParams({ biz_content: bizContent }),
    });
    const text = await res.text();
    assert.match(text, /"sub_code":"ACQ\.TRADE_NOT_EXIST"/);
  });

  for (const [name, common, subCode] of /** @type {Array<[string, Record<string, string>, string]>} */ ([
    ['another app_id', { app_id: '2021000000000000' }, 'isv.invalid-app-id'],
    ['sign_type RSA', { sign_type: 'RSA' }, 'isv.invalid-signature-type'],
    ['a malformed timestamp', { timestamp: '2025/01/01' }, 'isv.invalid-timestamp'],
  ])) {
    test(`should refuse ${name}`, async () => {
      const res = await alipayCall(sandbox, 'alipay.trade.query', { out_trade_no: 'X' }, common);
      assert.equal(res.node.sub_code, subCode);
    });
  }

  test('should answer an unknown method in error_response', async () => {
    const res = await alipayCall(sandbox, 'alipay.trade.nope', {});
    assert.match(res.raw, /^\{"error_response":/);
    assert.equal(res.node.sub_code, 'isv.invalid-method');
  });
});

describe('Alipay trades', () => {
  for (const amount of ['1.234', '-1.00', '1e3', '0.00', '0', '01.00', '100000000.01']) {
    test(`should refuse total_amount "${amount}"`, async () => {
      const res = await create(newNo(), amount);
      assert.equal(res.node.code, '40002');
    });
  }

  test('should refuse the same out_trade_no with a different amount', async () => {
    const no = newNo();
    await create(no);
    assert.equal((await create(no)).node.code, '10000');
    assert.equal((await create(no, '1.00')).node.sub_code, 'ACQ.CONTEXT_INCONSISTENT');
  });

  test('should notify a signed trade_status_sync form and resend until the answer is exactly "success"', async () => {
    const no = newNo();
    await create(no);
    assert.equal((await query(no)).node.trade_status, 'WAIT_BUYER_PAY');
    let calls = 0;
    merchant.setAnswer(() => ({ status: 200, body: ++calls < 3 ? 'SUCCESS' : 'success' }));
    try {
      await control(sandbox, 'POST', `/orders/alipay/${no}/pay`);
      const notes = await eventually(() => merchant.on(`/ali/${no}`).length === 3 && merchant.on(`/ali/${no}`));
      const fields = Object.fromEntries(new URLSearchParams(notes[0].body));
      assert.equal(notes[0].headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8');
      assert.equal(alipayNotifyValid(fields), true);
      assert.equal(fields.notify_type, 'trade_status_sync');
      assert.equal(fields.trade_status, 'TRADE_SUCCESS');
      assert.equal(fields.total_amount, '88.88');
      assert.equal(fields.app_id, CREDS.alipay.appId);
      assert.equal(fields.seller_id, CREDS.alipay.sellerId);
      assert.equal(fields.sign_type, 'RSA2');
      assert.equal(new Set(notes.map((n) => new URLSearchParams(n.body).get('notify_id'))).size, 1); // same notify_id on resends
      const log = (await control(sandbox, 'GET', `/notifications?channel=alipay&out_trade_no=${no}`)).body.notifications[0];
      assert.equal(log.state, 'delivered');
      assert.deepEqual(log.attempts.map((a) => a.outcome), ['rejected', 'rejected', 'acked']);
    } finally {
      merchant.setAnswer(() => ({ status: 200, body: 'success' }));
    }
    const q = await query(no);
    assert.equal(q.node.trade_status, 'TRADE_SUCCESS');
    assert.equal(q.node.total_amount, '88.88');
    assert.equal(q.node.buyer_user_id, '2088000000000001');
  });

  test('should close an unpaid trade and refuse to close a paid one', async () => {
    const open = newNo();
    await create(open);
    assert.equal((await alipayCall(sandbox, 'alipay.trade.close', { out_trade_no: open })).node.code, '10000');
    assert.equal((await query(open)).node.trade_status, 'TRADE_CLOSED');
    const paid = newNo();
    await create(paid);
    await control(sandbox, 'POST', `/orders/alipay/${paid}/pay`);
    assert.equal((await alipayCall(sandbox, 'alipay.trade.close', { out_trade_no: paid })).node.sub_code, 'ACQ.TRADE_STATUS_ERROR');
    assert.equal((await query('NOPE0002')).node.sub_code, 'ACQ.TRADE_NOT_EXIST');
  });

  test('should refund synchronously, idempotently per out_request_no, and notify with refund_fee', async () => {
    const no = newNo();
    await create(no, '10.00');
    await control(sandbox, 'POST', `/orders/alipay/${no}/pay`);
    const refund = (amount, requestNo) => alipayCall(sandbox, 'alipay.trade.refund', { out_trade_no: no, refund_amount: amount, out_request_no: requestNo });
    const first = await refund('3.50', 'RQ1');
    assert.equal(first.node.fund_change, 'Y');
    assert.equal(first.node.refund_fee, '3.50');
    assert.equal((await refund('3.50', 'RQ1')).node.fund_change, 'N');
    assert.equal((await refund('1.00', 'RQ1')).node.sub_code, 'ACQ.DISCORDANT_REPEAT_REQUEST');
    assert.equal((await refund('6.51', 'RQ2')).node.sub_code, 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL');
    assert.equal((await refund('6.50', 'RQ2')).node.refund_fee, '10.00');
    assert.equal((await query(no)).node.trade_status, 'TRADE_CLOSED'); // fully refunded

    const rq = await alipayCall(sandbox, 'alipay.trade.fastpay.refund.query', { out_trade_no: no, out_request_no: 'RQ1', query_options: ['gmt_refund_pay'] });
    assert.equal(rq.node.refund_status, 'REFUND_SUCCESS');
    assert.equal(rq.node.refund_amount, '3.50');
    assert.ok(rq.node.gmt_refund_pay);
    const none = await alipayCall(sandbox, 'alipay.trade.fastpay.refund.query', { out_trade_no: no, out_request_no: 'RQ9' });
    assert.equal(none.node.code, '10000');
    assert.equal(none.node.refund_status, undefined);

    const notes = await eventually(() => merchant.on(`/ali/${no}`).length === 3 && merchant.on(`/ali/${no}`));
    const last = notes.map((n) => Object.fromEntries(new URLSearchParams(n.body))).find((f) => f.out_biz_no === 'RQ2');
    assert.equal(alipayNotifyValid(last), true);
    assert.equal(last.refund_fee, '10.00');
    assert.equal(last.trade_status, 'TRADE_CLOSED');
    assert.match(last.gmt_refund, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
  });

  test('should redirect alipay.trade.wap.pay to the cashier with the return_url', async () => {
    const no = newNo();
    const params = alipayParams('alipay.trade.wap.pay', { out_trade_no: no, total_amount: '1.00', subject: 'H5', product_code: 'QUICK_WAP_WAY' },
      { return_url: 'https://shop.example/back', notify_url: `${merchant.url}/ali/${no}` });
    const res = await fetch(`${sandbox.url}/gateway.do?${new URLSearchParams(params).toString()}`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `${sandbox.url}/cashier/alipay/${no}?return_url=${encodeURIComponent('https://shop.example/back')}`);
  });
});

describe('Alipay bill', () => {
  test('should give a download URL for a CSV with Alipay columns, refunds negative', async () => {
    const bills = await startTestSandbox();
    try {
      const call = (method, biz, common) => alipayCall(bills, method, biz, common);
      await call('alipay.trade.create', { out_trade_no: 'JCALIBILL1', total_amount: '20.00', subject: '聚卡充值' });
      await control(bills, 'POST', '/orders/alipay/JCALIBILL1/pay');
      await call('alipay.trade.refund', { out_trade_no: 'JCALIBILL1', refund_amount: '5.00', out_request_no: 'RB1' });
      const res = await call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: today() });
      assert.equal(res.node.code, '10000');
      const csv = await (await fetch(res.node.bill_download_url)).text();
      const rows = csv.split('\r\n');
      assert.equal(rows[0], '#支付宝业务明细查询');
      assert.ok(rows[4].startsWith('支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,'));
      assert.equal(rows[4].split(',').length, 25);
      const pay = rows[5].split(',');
      const refund = rows[6].split(',');
      assert.deepEqual([pay[1], pay[2], pay[11], pay[12], pay[22]], ['JCALIBILL1', '交易', '20.00', '20.00', '-0.12']);
      assert.deepEqual([refund[2], refund[11], refund[12], refund[21], refund[22]], ['退款', '20.00', '-5.00', 'RB1', '0.03']);
      assert.match(csv, /#交易合计：1笔，商家实收共20\.00元/);
      assert.match(csv, /#退款合计：1笔，商家实收退款共-5\.00元/);
      const future = await call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: '2999-01-01' });
      assert.equal(future.node.sub_code, 'isp.bill_not_exist');
    } finally {
      await bills.close();
    }
  });
});
