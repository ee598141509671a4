// The custody bank's payout API in the sandbox: signatures both ways, idempotency, deterministic refusals,
// the processing mode, faults and the control API (node --test scripts/sandbox/).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { CREDS, control, startTestSandbox } from './fixtures.mjs';
import { randomAlnum, rsaSign, rsaVerify } from './util.mjs';

let sandbox;
let seq = 0;
const newNo = () => `JCPO${Date.now()}${seq++}`;

before(async () => {
  sandbox = await startTestSandbox();
});
after(() => sandbox.close());
afterEach(async () => {
  await control(sandbox, 'DELETE', '/faults/bank');
  await control(sandbox, 'POST', '/payouts/mode', { mode: 'instant' });
});

const lines = (...parts) => parts.map((p) => `${p}\n`).join('');

/** The platform's side of the protocol, with Node crypto only. `sign` overrides parts of the signing. */
function signedHeaders(method, path, body, sign = {}) {
  const {
    clientId = CREDS.bank.clientId,
    privateKeyPem = CREDS.bank.privateKeyPem,
    timestamp = String(Math.floor(Date.now() / 1000)),
    nonce = randomAlnum(32),
  } = sign;
  return {
    'X-Bank-Client-Id': clientId,
    'X-Bank-Timestamp': timestamp,
    'X-Bank-Nonce': nonce,
    'X-Bank-Signature': rsaSign(lines(method, path, timestamp, nonce, body), privateKeyPem),
  };
}

async function send(method, path, text, headers) {
  const res = await fetch(sandbox.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(text !== '' && { body: text }),
  });
  const raw = await res.text();
  const signatureValid = rsaVerify(
    lines(res.headers.get('x-bank-timestamp'), res.headers.get('x-bank-nonce'), raw),
    res.headers.get('x-bank-signature'),
    CREDS.bank.bankPublicKeyPem,
  );
  let json;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, signatureValid };
}

/** A signed call; `body` is an object (JSON-encoded) or the exact text to send. */
function bankCall(method, path, body, sign) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return send(method, path, text, signedHeaders(method, path, text, sign));
}

const payoutBody = (no, extra = {}) => ({
  out_payout_no: no,
  amount: 123_456,
  currency: 'CNY',
  payee: { account_no: '6222020200112233445', account_name: '上海聚卡餐饮有限公司', bank_name: '中国工商银行上海分行' },
  remark: '2025-01-01 结算款',
  ...extra,
});
const pay = (no, extra) => bankCall('POST', '/bank/v1/payouts', payoutBody(no, extra));
const query = (no) => bankCall('GET', `/bank/v1/payouts/${no}`);
const payoutsAt = async (no) => (await control(sandbox, 'GET', '/payouts')).body.filter((p) => p.out_payout_no === no);

describe('payouts', () => {
  test('should pay at once and answer a payout signed by the bank', async () => {
    const no = newNo();
    const res = await pay(no);
    assert.equal(res.status, 200);
    assert.equal(res.signatureValid, true);
    assert.equal(res.json.out_payout_no, no);
    assert.equal(res.json.status, 'SUCCESS');
    assert.equal(res.json.amount, 123_456);
    assert.equal(res.json.currency, 'CNY');
    assert.match(res.json.payout_id, /^\d{26}$/);
    assert.match(res.json.success_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    assert.equal(res.json.fail_code, undefined);
    const [stored] = await payoutsAt(no);
    assert.deepEqual(stored, {
      ...res.json,
      payee: { account_no: '6222020200112233445', account_name: '上海聚卡餐饮有限公司', bank_name: '中国工商银行上海分行' },
      remark: '2025-01-01 结算款',
      requests: 1,
    });
  });

  test('should answer the existing payout to a retry with the same body, paying once', async () => {
    const no = newNo();
    const first = await pay(no);
    const again = await pay(no);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, first.json);
    const stored = await payoutsAt(no);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].requests, 2);
  });

  for (const [what, extra] of /** @type {Array<[string, object]>} */ ([
    ['amount', { amount: 123_457 }],
    ['payee account', { payee: { ...payoutBody('x').payee, account_no: '6222020200112233446' } }],
    ['remark', { remark: '另一笔' }],
  ])) {
    test(`should refuse the same number with another ${what} (409 OUT_PAYOUT_NO_USED)`, async () => {
      const no = newNo();
      await pay(no);
      const res = await pay(no, extra);
      assert.equal(res.status, 409);
      assert.equal(res.signatureValid, true);
      assert.equal(res.json.code, 'OUT_PAYOUT_NO_USED');
      const stored = await payoutsAt(no);
      assert.equal(stored.length, 1);
      assert.equal(stored[0].amount, 123_456);
    });
  }

  for (const [what, body] of /** @type {Array<[string, (no: string) => object | string]>} */ ([
    ['a fractional amount', (no) => payoutBody(no, { amount: 12.5 })],
    ['an amount as a string', (no) => payoutBody(no, { amount: '1234.56' })],
    ['a zero amount', (no) => payoutBody(no, { amount: 0 })],
    ['another currency', (no) => payoutBody(no, { currency: 'USD' })],
    ['no payee', (no) => payoutBody(no, { payee: undefined })],
    ['letters in the account number', (no) => payoutBody(no, { payee: { ...payoutBody(no).payee, account_no: '6222ABC0112233' } })],
    ['an empty account name', (no) => payoutBody(no, { payee: { ...payoutBody(no).payee, account_name: ' ' } })],
    ['a short out_payout_no', () => payoutBody('AB1')],
    ['text that is not JSON', () => '{"out_payout_no":'],
  ])) {
    test(`should refuse ${what} with 400 PARAM_ERROR and create nothing`, async () => {
      const no = newNo();
      const res = await bankCall('POST', '/bank/v1/payouts', typeof body(no) === 'string' ? body(no) : JSON.stringify(body(no)));
      assert.equal(res.status, 400);
      assert.equal(res.signatureValid, true);
      assert.equal(res.json.code, 'PARAM_ERROR');
      assert.deepEqual(await payoutsAt(no), []);
    });
  }

  test('should refuse a payee account ending in 4004 as frozen and one ending in 4005 as another name', async () => {
    const frozen = await pay(newNo(), { payee: { ...payoutBody('x').payee, account_no: '6222020200110004004' } });
    assert.equal(frozen.status, 200);
    assert.deepEqual([frozen.json.status, frozen.json.fail_code, frozen.json.fail_reason], ['FAILED', 'ACCOUNT_FROZEN', '账户已冻结']);
    assert.equal(frozen.json.success_time, undefined);
    const mismatch = await pay(newNo(), { payee: { ...payoutBody('x').payee, account_no: '6222020200110004005' } });
    assert.deepEqual([mismatch.json.status, mismatch.json.fail_code], ['FAILED', 'ACCOUNT_NAME_MISMATCH']);
  });

  test('should answer a query with the payout, and 404 PAYOUT_NOT_FOUND for a number it never received', async () => {
    const no = newNo();
    const paid = await pay(no);
    const found = await query(no);
    assert.equal(found.status, 200);
    assert.equal(found.signatureValid, true);
    assert.deepEqual(found.json, paid.json);
    const missing = await query(newNo());
    assert.equal(missing.status, 404);
    assert.equal(missing.signatureValid, true);
    assert.equal(missing.json.code, 'PAYOUT_NOT_FOUND');
  });
});

describe('request signatures', () => {
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });

  test('should refuse a request signed with another key, and create nothing', async () => {
    const no = newNo();
    const res = await bankCall('POST', '/bank/v1/payouts', payoutBody(no), { privateKeyPem: otherKey });
    assert.equal(res.status, 401);
    assert.equal(res.signatureValid, true);
    assert.equal(res.json.code, 'SIGN_ERROR');
    assert.deepEqual(await payoutsAt(no), []);
  });

  test('should refuse a body changed after signing', async () => {
    const no = newNo();
    const signed = JSON.stringify(payoutBody(no));
    const res = await send('POST', '/bank/v1/payouts', JSON.stringify(payoutBody(no, { amount: 999_999 })), signedHeaders('POST', '/bank/v1/payouts', signed));
    assert.equal(res.status, 401);
    assert.equal(res.json.code, 'SIGN_ERROR');
    assert.deepEqual(await payoutsAt(no), []);
  });

  test('should refuse a query whose path was changed after signing', async () => {
    const a = newNo();
    const b = newNo();
    await pay(b);
    const res = await send('GET', `/bank/v1/payouts/${b}`, '', signedHeaders('GET', `/bank/v1/payouts/${a}`, ''));
    assert.equal(res.status, 401);
    assert.equal(res.json.code, 'SIGN_ERROR');
  });

  test('should refuse an unknown client id and missing headers', async () => {
    const unknown = await bankCall('GET', `/bank/v1/payouts/${newNo()}`, undefined, { clientId: 'SOMEONE_ELSE' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.json.code, 'SIGN_ERROR');
    const bare = await send('GET', `/bank/v1/payouts/${newNo()}`, '', {});
    assert.equal(bare.status, 401);
    assert.equal(bare.json.code, 'SIGN_ERROR');
    assert.equal(bare.signatureValid, true);
  });

  test('should refuse a timestamp more than 5 minutes away', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const res = await bankCall('POST', '/bank/v1/payouts', payoutBody(newNo()), { timestamp: old });
    assert.equal(res.status, 401);
    assert.equal(res.json.code, 'TIMESTAMP_EXPIRED');
    const ahead = await bankCall('GET', `/bank/v1/payouts/${newNo()}`, undefined, { timestamp: String(Math.floor(Date.now() / 1000) + 6 * 60) });
    assert.equal(ahead.json.code, 'TIMESTAMP_EXPIRED');
  });

  test('should refuse a replayed request (same nonce) even though its signature is valid', async () => {
    const no = newNo();
    const text = JSON.stringify(payoutBody(no));
    const headers = signedHeaders('POST', '/bank/v1/payouts', text);
    assert.equal((await send('POST', '/bank/v1/payouts', text, headers)).status, 200);
    const replay = await send('POST', '/bank/v1/payouts', text, headers);
    assert.equal(replay.status, 401);
    assert.equal(replay.json.code, 'NONCE_REPLAYED');
    assert.equal((await payoutsAt(no))[0].requests, 1);
  });

  test('should not let a forged request spend the nonce of the real one', async () => {
    const nonce = randomAlnum(32);
    const forged = await bankCall('GET', `/bank/v1/payouts/${newNo()}`, undefined, { nonce, privateKeyPem: otherKey });
    assert.equal(forged.json.code, 'SIGN_ERROR');
    const real = await bankCall('POST', '/bank/v1/payouts', payoutBody(newNo()), { nonce });
    assert.equal(real.status, 200);
  });
});

describe('processing mode and the control API', () => {
  test('should keep new payouts PROCESSING until the control API settles them', async () => {
    assert.equal((await control(sandbox, 'POST', '/payouts/mode', { mode: 'processing' })).body.mode, 'processing');
    const no = newNo();
    const created = await pay(no);
    assert.equal(created.json.status, 'PROCESSING');
    assert.equal(created.json.success_time, undefined);
    assert.equal((await query(no)).json.status, 'PROCESSING');

    const settled = await control(sandbox, 'POST', `/payouts/${no}/succeed`);
    assert.equal(settled.status, 200);
    assert.equal(settled.body.changed, true);
    assert.equal(settled.body.payout.status, 'SUCCESS');
    const after = await query(no);
    assert.equal(after.json.status, 'SUCCESS');
    assert.equal(after.json.payout_id, created.json.payout_id);
    assert.ok(after.json.success_time);
    assert.equal((await control(sandbox, 'POST', `/payouts/${no}/succeed`)).body.changed, false);
    assert.equal((await control(sandbox, 'POST', `/payouts/${no}/fail`)).status, 409);
  });

  test('should fail a PROCESSING payout with the given code, or a default one', async () => {
    await control(sandbox, 'POST', '/payouts/mode', { mode: 'processing' });
    const a = newNo();
    const b = newNo();
    await pay(a);
    await pay(b);
    await control(sandbox, 'POST', `/payouts/${a}/fail`, { code: 'ACCOUNT_CLOSED', reason: '账户已销户' });
    await control(sandbox, 'POST', `/payouts/${b}/fail`);
    assert.deepEqual([(await query(a)).json.fail_code, (await query(a)).json.fail_reason], ['ACCOUNT_CLOSED', '账户已销户']);
    assert.equal((await query(b)).json.fail_code, 'PAYEE_ACCOUNT_ABNORMAL');
  });

  test('should refuse unknown payouts, actions, modes and codes', async () => {
    await control(sandbox, 'POST', '/payouts/mode', { mode: 'processing' });
    const no = newNo();
    await pay(no);
    assert.equal((await control(sandbox, 'POST', `/payouts/${newNo()}/succeed`)).status, 404);
    assert.equal((await control(sandbox, 'POST', `/payouts/${no}/explode`)).status, 404);
    assert.equal((await control(sandbox, 'POST', `/payouts/${no}/fail`, { code: 'not a code' })).status, 422);
    assert.equal((await control(sandbox, 'POST', '/payouts/mode', { mode: 'later' })).status, 422);
  });

  test('should clear payouts and the mode on reset', async () => {
    const other = await startTestSandbox();
    try {
      await control(other, 'POST', '/payouts/mode', { mode: 'processing' });
      const text = JSON.stringify(payoutBody(newNo()));
      await fetch(`${other.url}/bank/v1/payouts`, { method: 'POST', headers: signedHeaders('POST', '/bank/v1/payouts', text), body: text });
      assert.equal((await control(other, 'GET', '/payouts')).body.length, 1);
      assert.equal((await control(other, 'POST', '/reset')).status, 200);
      assert.deepEqual((await control(other, 'GET', '/payouts')).body, []);
      assert.deepEqual((await control(other, 'GET', '/payouts/mode')).body, { mode: 'instant' });
    } finally {
      await other.close();
    }
  });
});

describe('faults', () => {
  test('should answer 5xx without paying, for the next call only', async () => {
    assert.equal((await control(sandbox, 'POST', '/faults/bank', { errorStatus: 503, apiCount: 1 })).status, 200);
    const no = newNo();
    const first = await pay(no);
    assert.equal(first.status, 503);
    assert.deepEqual(await payoutsAt(no), []);
    const second = await pay(no);
    assert.equal(second.json.status, 'SUCCESS');
  });

  test('should still pay a call the client gave up on', async () => {
    await control(sandbox, 'POST', '/faults/bank', { timeoutMs: 300, apiCount: 1 });
    const no = newNo();
    const text = JSON.stringify(payoutBody(no));
    await assert.rejects(
      fetch(`${sandbox.url}/bank/v1/payouts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders('POST', '/bank/v1/payouts', text) },
        body: text,
        signal: AbortSignal.timeout(50),
      }),
      { name: 'TimeoutError' },
    );
    for (let i = 0; i < 100 && (await payoutsAt(no)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal((await payoutsAt(no))[0]?.status, 'SUCCESS');
  });

  test('should clear bank faults like a channel\'s', async () => {
    await control(sandbox, 'POST', '/faults/bank', { down: 'refuse' });
    assert.equal((await control(sandbox, 'GET', '/faults')).body.bank.down, 'refuse');
    assert.equal((await control(sandbox, 'DELETE', '/faults/bank')).body.down, false);
    assert.equal((await query(newNo())).status, 404);
  });
});
