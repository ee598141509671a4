// node --test scripts/sandbox/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYS } from './fixtures.mjs';
import { startSandbox } from './server.mjs';

const APP = { appid: 'wxjucard0000000001', secret: 'jucard-sandbox-app-secret' };

let sandbox;
let clock = Date.now();
const logs = [];

before(async () => {
  sandbox = await startSandbox({ port: 0, env: {}, keys: KEYS, log: (line) => logs.push(line), now: () => clock });
});
after(() => sandbox.close());

async function call(method, path, body) {
  const init = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(sandbox.url + path, init);
  assert.match(res.headers.get('content-type'), /application\/json/);
  return { status: res.status, body: await res.json() };
}

const newCode = async (openid) => (await call('POST', '/__control/wechat/login-code', openid ? { openid } : undefined)).body;
const code2session = (params) =>
  call('GET', `/sns/jscode2session?${new URLSearchParams({ ...APP, grant_type: 'authorization_code', ...params }).toString()}`);

describe('basics', () => {
  test('GET /health', async () => {
    assert.deepEqual(await call('GET', '/health'), { status: 200, body: { status: 'ok' } });
  });
  test('GET / lists what the sandbox plays and its control endpoints', async () => {
    const res = await fetch(sandbox.url + '/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const page = await res.text();
    for (const part of ['WeChat Pay API v3', 'Alipay', 'UnionPay', 'Custody bank', 'SMS gateway', 'Control API (sandbox only)']) {
      assert.ok(page.includes(part), part);
    }
    for (const route of ['/v3/pay/transactions/jsapi', '/gateway.do', '/bank/v1/payouts', '/__control/reset', '/__control/faults/{channel}']) {
      assert.ok(page.includes(route), route);
    }
    assert.ok(page.includes('<a href="/__control/orders">'), 'GET routes without parameters are links');
  });
  test('unknown route -> 404 JSON', async () => {
    const res = await call('GET', '/nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'not_found');
  });
  test('wrong method -> 405 JSON', async () => {
    assert.equal((await call('GET', '/sms/send')).status, 405);
  });
  test('bad JSON -> 400 JSON', async () => {
    const res = await call('POST', '/sms/send', '{"phone":');
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'bad_json');
  });
});

describe('WeChat login', () => {
  test('login-code issues a one-time code and a 28-char openid', async () => {
    const { code, openid } = await newCode();
    assert.match(code, /^[A-Za-z0-9_-]{32}$/);
    assert.match(openid, /^o[A-Za-z0-9_-]{27}$/);
  });

  test('login-code keeps a given openid; stable unionid per openid', async () => {
    const a = await newCode('o_test_user_1');
    const b = await newCode('o_test_user_1');
    assert.equal(a.openid, 'o_test_user_1');
    const s1 = (await code2session({ js_code: a.code })).body;
    const s2 = (await code2session({ js_code: b.code })).body;
    assert.equal(s1.openid, 'o_test_user_1');
    assert.equal(s1.unionid, s2.unionid);
    assert.notEqual(s1.session_key, s2.session_key);
  });

  test('jscode2session success shape', async () => {
    const { code, openid } = await newCode();
    const res = await code2session({ js_code: code });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['openid', 'session_key', 'unionid']);
    assert.equal(res.body.openid, openid);
    assert.equal(Buffer.from(res.body.session_key, 'base64').length, 16);
  });

  test('reused code -> 40163', async () => {
    const { code } = await newCode();
    assert.ok((await code2session({ js_code: code })).body.openid);
    assert.deepEqual(await code2session({ js_code: code }), { status: 200, body: { errcode: 40163, errmsg: 'code been used' } });
  });

  test('unknown code -> 40029', async () => {
    assert.deepEqual(await code2session({ js_code: 'not-a-real-code' }), {
      status: 200,
      body: { errcode: 40029, errmsg: 'invalid code' },
    });
  });

  test('expired code (> 5 min) -> 40029', async () => {
    const { code } = await newCode();
    clock += 5 * 60 * 1000 + 1;
    try {
      assert.deepEqual((await code2session({ js_code: code })).body, { errcode: 40029, errmsg: 'invalid code' });
    } finally {
      clock -= 5 * 60 * 1000 + 1;
    }
  });

  test('bad appid -> 40013, bad secret -> 40125 (HTTP 200), code not consumed', async () => {
    const { code } = await newCode();
    assert.deepEqual(await code2session({ js_code: code, appid: 'wxwrong' }), {
      status: 200,
      body: { errcode: 40013, errmsg: 'invalid appid' },
    });
    assert.deepEqual((await code2session({ js_code: code, secret: 'wrong' })).body, { errcode: 40125, errmsg: 'invalid appsecret' });
    assert.ok((await code2session({ js_code: code })).body.openid);
  });

  test('invalid openid in login-code -> 422', async () => {
    assert.equal((await call('POST', '/__control/wechat/login-code', { openid: 42 })).status, 422);
  });
});

describe('SMS', () => {
  test('send, print masked, read back newest first', async () => {
    const first = await call('POST', '/sms/send', { phone: '13800138000', text: 'code 111111' });
    const second = await call('POST', '/sms/send', { phone: '13800138000', text: 'code 222222' });
    await call('POST', '/sms/send', { phone: '13900139000', text: 'other' });
    assert.equal(first.status, 200);
    assert.equal(first.body.ok, true);
    assert.ok(first.body.id);
    assert.ok(logs.includes('[sms] to 138****8000: code 111111'));

    const { body } = await call('GET', '/__control/sms?phone=13800138000');
    assert.equal(body.order, 'newest-first'); // the answer says it, so nobody reads the oldest code as the latest
    assert.deepEqual(
      body.messages.map((m) => m.text),
      ['code 222222', 'code 111111'],
    );
    const [latest] = body.messages;
    assert.equal(latest.id, second.body.id);
    assert.equal(latest.phone, '13800138000');
    assert.ok(!Number.isNaN(Date.parse(latest.sentAt)));
  });

  test('invalid phone -> 422', async () => {
    for (const phone of ['1380013800', '23800138000', '1380013800a', 13800138000, undefined]) {
      const res = await call('POST', '/sms/send', { phone, text: 'x' });
      assert.equal(res.status, 422, `phone ${phone}`);
      assert.equal(res.body.error, 'invalid_phone');
    }
  });
});

test('runs standalone on SANDBOX_PORT, creates its keys on first start, and stops on SIGTERM', async () => {
  const script = fileURLToPath(new URL('./server.mjs', import.meta.url));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jucard-sandbox-'));
  try {
    const child = spawn(process.execPath, [script], { env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir } });
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.split('\n')[0].trim());
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    assert.match(line, /^channel sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(line.split(' ').pop() + '/health');
    assert.equal(res.status, 200);
    const credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'merchant-credentials.json'), 'utf8'));
    assert.deepEqual(Object.keys(credentials), ['wechatpay', 'alipay', 'unionpay', 'bank']);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
