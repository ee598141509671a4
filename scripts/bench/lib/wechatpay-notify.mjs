// Playing WeChat Pay: genuine v3 payment notifications (AES-256-GCM resource under the APIv3 key, RSA-SHA256
// Wechatpay-Signature by the sandbox's platform key), and an autocannon run that sends a fixed list of requests
// exactly once each (lib/load.mjs fire() runs for a duration; a notification list must not be cut or repeated).
import { createCipheriv, createSign, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

/** The sandbox's own WeChat Pay keys: { mchid, appid, apiV3Key, platform: { serial, privateKeyPem, publicKeyPem }, … }. */
export function loadWechatpayKeys(sandboxDataDir) {
  return JSON.parse(fs.readFileSync(path.join(sandboxDataDir, 'sandbox-keys.json'), 'utf8')).wechatpay;
}

/** RFC 3339 in China time, as WeChat writes success_time: 2025-01-02T15:04:05+08:00. */
export const chinaTime = (date) => new Date(date.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');

let transactionSeq = 0;

/**
 * One TRANSACTION.SUCCESS notification for `outTradeNo`, as WeChat Pay sends it: the body (exact bytes that are
 * signed) and the four Wechatpay-* headers. The timestamp is now: the BFF refuses signatures older than 5 minutes.
 */
export function paymentNotification(keys, { outTradeNo, amountFen, paidAt = new Date() }) {
  const plain = {
    mchid: keys.mchid,
    appid: keys.appid,
    out_trade_no: outTradeNo,
    transaction_id: `4200${chinaTime(paidAt).slice(0, 10).replace(/-/g, '')}${String(process.pid % 1e4).padStart(4, '0')}${String(++transactionSeq).padStart(12, '0')}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: '',
    success_time: chinaTime(paidAt),
    payer: { openid: 'o-bench-payer' },
    amount: { total: amountFen, payer_total: amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
  const nonce = randomBytes(6).toString('hex'); // 12 characters: the GCM IV
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from('transaction'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: plain.success_time,
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headerNonce = randomBytes(16).toString('hex').toUpperCase();
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${headerNonce}\n${body}\n`).sign(keys.platform.privateKeyPem, 'base64');
  return {
    outTradeNo,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/4.0',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': keys.platform.serial,
    },
  };
}

/**
 * POSTs every item of `list` ({ body, headers }) to `path` exactly once over `connections` keep-alive
 * connections (autocannon's `amount` mode), waiting for every answer; `maxSeconds` stops a stalled run.
 * Returns the shape of lib/load.mjs fire() plus `sent` (requests handed to autocannon) and `stopped`.
 */
export function fireAll(url, { connections, path: urlPath, list, maxSeconds = 300 }) {
  let next = 0;
  let extra = 0;
  const request = {
    method: 'POST',
    path: urlPath,
    setupRequest: (req) => {
      // autocannon builds exactly `amount` requests; should it ever ask for more, repeat one (idempotent) and say so
      const item = next < list.length ? list[next++] : (extra++, list[list.length - 1]);
      return { ...req, headers: item.headers, body: item.body };
    },
  };
  return new Promise((resolve, reject) => {
    let stopped = false;
    const instance = autocannon(
      { url, connections: Math.min(connections, list.length), amount: list.length, timeout: 10, requests: [request], excludeErrorStats: false },
      (error, r) => {
        clearTimeout(timer);
        if (error) return reject(error);
        const ok = r['2xx'];
        resolve({
          seconds: r.duration,
          ok,
          rps: Math.round((ok + r.non2xx) / r.duration), // notifications answered per second
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          non2xx: r.non2xx,
          errors: r.non2xx + r.errors, // autocannon counts timeouts among errors
          timeouts: r.timeouts,
          statuses: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
          sent: next,
          extra,
          stopped,
        });
      },
    );
    const timer = setTimeout(() => ((stopped = true), instance.stop()), maxSeconds * 1000);
  });
}

/** Fisher–Yates, in place. */
export function shuffle(array) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}
