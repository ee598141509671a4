// WeChat Pay API v3 wire protocol, seen from WeChat's side: the merchant's Authorization header, signed
// responses and notifications (Wechatpay-* headers), AES-256-GCM notification resources, and the JSON shapes
// of a transaction and a refund. Spec: shared/research/payments.md §4.
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { randomAlnum, rfc3339, rsaSign, rsaVerify } from './util.mjs';

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const MAX_CLOCK_SKEW_S = 5 * 60;

/** Each part followed by "\n", the last one too. */
export const signMessage = (...parts) => parts.map((p) => `${p}\n`).join('');

export const wxError = (status, code, message, detail) => ({ status, body: { code, message, ...(detail && { detail }) } });

/** { mchid, nonce_str, signature, timestamp, serial_no } or null; parameters may come in any order. */
export function parseAuthorization(header) {
  if (typeof header !== 'string' || !header.startsWith(`${AUTH_SCHEME} `)) return null;
  const params = {};
  for (const m of header.slice(AUTH_SCHEME.length + 1).matchAll(/\s*([a-z_]+)="([^"]*)"\s*(?:,|$)/g)) params[m[1]] = m[2];
  const required = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'];
  return required.every((k) => typeof params[k] === 'string' && params[k] !== '') ? params : null;
}

/**
 * Checks the merchant's request signature. `url` is the raw request target (path + query), `body` the raw
 * body text ('' for GET). Returns null when valid, else a 401 SIGN_ERROR error like WeChat's.
 */
export function verifyRequest({ header, method, url, body, wechat, nowMs }) {
  const auth = parseAuthorization(header);
  const fail = (message, detail) => wxError(401, 'SIGN_ERROR', message, detail);
  if (!auth) return fail('Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》');
  if (auth.mchid !== wechat.mchid) return fail(`商户号${auth.mchid}与签名证书不匹配`);
  if (auth.serial_no !== wechat.serialNo) return fail('商户证书序列号有误。请使用签名私钥匹配的证书序列号');
  if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(nowMs / 1000 - Number(auth.timestamp)) > MAX_CLOCK_SKEW_S) {
    return fail('Http头Authorization中的timestamp已过期或时间不正确，请检查系统时间');
  }
  if (auth.nonce_str.length > 32) return fail('Http头Authorization中的nonce_str长度超过32个字符');
  const message = signMessage(method, url, auth.timestamp, auth.nonce_str, body);
  if (!rsaVerify(message, auth.signature, wechat.merchant.publicKeyPem)) {
    return fail('签名错误，请检查后再试', {
      field: 'signature',
      location: 'authorization',
      detail: { issue: 'sign not match' },
      sign_information: {
        method,
        url,
        sign_message_length: Buffer.byteLength(message),
        truncated_sign_message: message.length > 200 ? `${message.slice(0, 200)}…` : message,
      },
    });
  }
  return null;
}

/** Wechatpay-* headers signing `rawBody` with the platform key. `signature` overrides it (SIGNTEST probes). */
export function wechatpayHeaders(wechat, rawBody, { nowMs = Date.now(), signature } = {}) {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = randomAlnum(32);
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature ?? rsaSign(signMessage(timestamp, nonce, rawBody), wechat.platform.privateKeyPem),
    'Wechatpay-Serial': wechat.platform.serial,
    'Wechatpay-Signature-Type': AUTH_SCHEME,
  };
}

/** A route result with the JSON body (or none, e.g. 204) signed like every WeChat Pay API response. */
export function signedResult(wechat, { status = 200, body }, nowMs) {
  const raw = body === undefined ? '' : JSON.stringify(body);
  return {
    status,
    raw,
    headers: {
      ...(raw && { 'content-type': 'application/json; charset=utf-8' }),
      'Request-ID': randomUUID(),
      ...wechatpayHeaders(wechat, raw, { nowMs }),
    },
  };
}

/** resource.ciphertext = base64(AES-256-GCM(apiV3Key, nonce, aad)(json) || 16-byte tag). */
export function encryptResource(apiV3Key, plain, aad) {
  const nonce = randomBytes(6).toString('hex'); // 12 ASCII chars, used as the 12-byte IV
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { original_type: aad, algorithm: 'AEAD_AES_256_GCM', ciphertext: ciphertext.toString('base64'), associated_data: aad, nonce };
}

/** The notification envelope (body of the POST to notify_url). */
export function notificationBody({ apiV3Key, eventType, summary, originalType, plain, nowMs }) {
  return {
    id: randomUUID(),
    create_time: rfc3339(nowMs),
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary,
    resource: encryptResource(apiV3Key, plain, originalType),
  };
}

const TRADE_STATE_DESC = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  PAYERROR: '支付失败，请重新下单支付',
};

export function tradeState(order) {
  switch (order.status) {
    case 'NOTPAY':
      return 'NOTPAY';
    case 'PAID':
      return order.refunds.length > 0 ? 'REFUND' : 'SUCCESS';
    case 'FAILED':
      return 'PAYERROR';
    case 'CLOSED':
      return 'CLOSED';
  }
  throw new Error(`unknown order status ${order.status}`);
}

/** The transaction object of the query API and of TRANSACTION.SUCCESS notifications. */
export function transactionView(wechat, order) {
  const state = tradeState(order);
  const base = {
    appid: order.extra.appid,
    mchid: wechat.mchid,
    out_trade_no: order.outTradeNo,
    ...(order.attach && { attach: order.attach }),
    trade_state: state,
    trade_state_desc: TRADE_STATE_DESC[state],
    promotion_detail: [],
  };
  if (state === 'NOTPAY' || state === 'CLOSED') {
    return { ...base, amount: { total: order.amountFen, currency: 'CNY', payer_currency: 'CNY' }, scene_info: { device_id: '' } };
  }
  return {
    ...base,
    transaction_id: order.channelTradeNo,
    trade_type: order.extra.tradeType,
    bank_type: 'OTHERS',
    success_time: order.paidAt ? rfc3339(order.paidAt) : undefined,
    payer: { openid: order.payer ?? '' },
    amount: { total: order.amountFen, payer_total: order.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

/** The refund object of the refund APIs. */
export function refundView(order, refund) {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: order.channelTradeNo,
    out_trade_no: order.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successAt && { success_time: rfc3339(refund.successAt) }),
    create_time: rfc3339(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: order.amountFen,
      refund: refund.amountFen,
      from: [],
      payer_total: order.amountFen,
      payer_refund: refund.amountFen,
      settlement_refund: refund.amountFen,
      settlement_total: order.amountFen,
      discount_refund: 0,
      currency: 'CNY',
    },
    promotion_detail: [],
  };
}

/** The decrypted resource of REFUND.* notifications. */
export function refundNotificationView(wechat, order, refund) {
  return {
    mchid: wechat.mchid,
    out_trade_no: order.outTradeNo,
    transaction_id: order.channelTradeNo,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    ...(refund.successAt && { success_time: rfc3339(refund.successAt) }),
    user_received_account: '支付用户零钱',
    amount: { total: order.amountFen, refund: refund.amountFen, payer_total: order.amountFen, payer_refund: refund.amountFen },
  };
}
