// Test support for scripts/sandbox/*.test.mjs: the sandbox with shared test keys, and merchant-side helpers
// written with Node crypto only, the way a merchant client would call the channels.
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateKeys, merchantCredentials } from './keys.mjs';
import { startSandbox } from './server.mjs';
import { businessDate, cstDateTime, randomAlnum, rsaSign, rsaVerify, sortedPairs } from './util.mjs';

// Generated once per machine (about a second of CPU) and shared by the test files.
export const KEYS = loadOrCreateKeys(path.join(os.tmpdir(), 'jucard-sandbox-test-keys-v1')).keys;
export const CREDS = merchantCredentials(KEYS);
export const today = () => businessDate(Date.now());

export function startTestSandbox({ scale = 1, ...options } = {}) {
  return startSandbox({ port: 0, keys: KEYS, env: { SANDBOX_TIME_SCALE: String(scale) }, log: () => {}, ...options });
}

export async function control(sandbox, method, path, body) {
  const res = await fetch(`${sandbox.url}/__control${path}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** Polls until `predicate` holds (or fails after `ms`). */
export async function eventually(predicate, ms = 3000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > end) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A merchant notify endpoint: records every request; `answer(req, body)` -> { status, body }. */
export async function startListener(answer = () => ({ status: 204, body: '' })) {
  const received = [];
  let respond = answer;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c)).on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url, headers: req.headers, body, at: Date.now() });
      const a = respond(req, body);
      res.writeHead(a.status).end(a.body ?? '');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    received,
    setAnswer: (fn) => (respond = fn),
    on: (p) => received.filter((r) => r.path === p),
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

// ---- WeChat Pay v3, merchant side ----

export const lines = (...parts) => parts.map((p) => `${p}\n`).join('');

export function wxAuthorization({ method, url, body = '', timestamp = Math.floor(Date.now() / 1000), nonce = randomAlnum(32),
  mchid = CREDS.wechatpay.mchid, serial = CREDS.wechatpay.serialNo, privateKeyPem = CREDS.wechatpay.privateKeyPem }) {
  const signature = rsaSign(lines(method, url, timestamp, nonce, body), privateKeyPem);
  return `WECHATPAY2-SHA256-RSA2048 mchid="${mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serial}"`;
}

/** A signed v3 call; returns { status, headers, text, json, signatureValid }. */
export async function wxCall(sandbox, method, url, body, auth = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const res = await fetch(sandbox.url + url, {
    method,
    headers: { authorization: wxAuthorization({ method, url, body: text, ...auth }), accept: 'application/json', 'content-type': 'application/json' },
    ...(body !== undefined && { body: text }),
  });
  const raw = await res.text();
  return { status: res.status, headers: res.headers, text: raw, json: raw ? JSON.parse(raw) : undefined, signatureValid: wxSignatureValid(res.headers, raw) };
}

export function wxSignatureValid(headers, body) {
  const get = (h) => (typeof headers.get === 'function' ? headers.get(h) : headers[h.toLowerCase()]);
  if (get('Wechatpay-Serial') !== CREDS.wechatpay.platformSerial) return false;
  return rsaVerify(lines(get('Wechatpay-Timestamp'), get('Wechatpay-Nonce'), body), get('Wechatpay-Signature'), CREDS.wechatpay.platformPublicKeyPem);
}

export function wxDecrypt({ ciphertext, nonce, associated_data: aad }) {
  const buf = Buffer.from(ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(CREDS.wechatpay.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  decipher.setAuthTag(buf.subarray(buf.length - 16));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  return JSON.parse(Buffer.concat([decipher.update(buf.subarray(0, buf.length - 16)), decipher.final()]).toString('utf8'));
}

export const wxPrepayBody = (outTradeNo, notifyUrl, extra = {}) => ({
  appid: CREDS.wechatpay.appid, mchid: CREDS.wechatpay.mchid, description: '聚卡充值 100元', out_trade_no: outTradeNo,
  notify_url: notifyUrl, amount: { total: 10000, currency: 'CNY' }, payer: { openid: 'o_sandbox_test_openid_00000000' }, ...extra,
});

// ---- Alipay, merchant side ----

/** Common params + biz_content, signed RSA2 like alipay-sdk does (sign_type included). */
export function alipayParams(method, biz, common = {}, privateKeyPem = CREDS.alipay.privateKeyPem) {
  const params = {
    app_id: CREDS.alipay.appId, method, format: 'JSON', charset: 'utf-8', sign_type: 'RSA2',
    timestamp: cstDateTime(Date.now()), version: '1.0', ...common, biz_content: JSON.stringify(biz),
  };
  return { ...params, sign: rsaSign(sortedPairs(params, ['sign']), privateKeyPem) };
}

/** POSTs a form to /gateway.do; returns { node, raw, signatureValid } with the response node parsed. */
export async function alipayCall(sandbox, method, biz, common, privateKeyPem) {
  const res = await fetch(`${sandbox.url}/gateway.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams(alipayParams(method, biz, common, privateKeyPem)),
  });
  const raw = await res.text();
  const key = `${method.replaceAll('.', '_')}_response`;
  const m = new RegExp(`^\\{"(?:${key}|error_response)":(.*),"sign":"([^"]+)"\\}$`).exec(raw);
  assert.ok(m, `unexpected Alipay response framing: ${raw}`);
  return { status: res.status, raw, node: JSON.parse(m[1]), signatureValid: rsaVerify(m[1], m[2], CREDS.alipay.alipayPublicKeyPem) };
}

/** Alipay notification check: sorted params minus sign and sign_type, RSA2 with the Alipay public key. */
export const alipayNotifyValid = (fields) => rsaVerify(sortedPairs(fields, ['sign', 'sign_type']), fields.sign, CREDS.alipay.alipayPublicKeyPem);
