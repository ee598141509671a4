// @ts-check
// Custody (reserve) bank, bank-enterprise payout API: the platform instructs payouts from its custody account to
// merchants' settlement accounts (T+1 settlement). Built like a bank's open API: every request is signed with the
// platform's client key, every answer (errors too) with the bank's own key.
//   POST /bank/v1/payouts                    {out_payout_no, amount (fen), currency: "CNY",
//                                             payee: {account_no, account_name, bank_name}, remark?}
//   GET  /bank/v1/payouts/{out_payout_no}
// Request headers: X-Bank-Client-Id, X-Bank-Timestamp (unix seconds, within 5 min), X-Bank-Nonce (16-64 letters
// or digits, single use), X-Bank-Signature = base64 SHA256withRSA over METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n
// (PATH is the request target as sent, query included; BODY is '' for GET).
// Answer headers: X-Bank-Timestamp, X-Bank-Nonce, X-Bank-Signature over TIMESTAMP\nNONCE\nBODY\n, X-Bank-Request-Id.
// A payout answers {out_payout_no, payout_id, amount, currency, status: SUCCESS|PROCESSING|FAILED, fail_code?,
// fail_reason?, create_time, success_time?}; an error {code, message}: 401 SIGN_ERROR | TIMESTAMP_EXPIRED |
// NONCE_REPLAYED, 400 PARAM_ERROR (nothing was created), 409 OUT_PAYOUT_NO_USED, 404 PAYOUT_NOT_FOUND.
// Sandbox rules: a payout succeeds at once, or stays PROCESSING in 'processing' mode until the control API settles
// it; a payee account ending in 4004 is frozen, one ending in 4005 belongs to someone else (FAIL_RULES).
import { randomUUID } from 'node:crypto';
import { cstCompact, randomAlnum, randomDigits, rfc3339, rsaSign, rsaVerify } from './util.mjs';

const MAX_CLOCK_SKEW_S = 5 * 60;
const OUT_PAYOUT_NO = /^[0-9A-Za-z_-]{6,32}$/;
const ACCOUNT_NO = /^\d{8,32}$/;
const NONCE = /^[0-9A-Za-z]{16,64}$/;

export const PAYOUT_MODES = ['instant', 'processing'];

/** Deterministic refusals by the payee account's last digits, for tests. */
export const FAIL_RULES = [
  { suffix: '4004', code: 'ACCOUNT_FROZEN', reason: '账户已冻结' },
  { suffix: '4005', code: 'ACCOUNT_NAME_MISMATCH', reason: '收款账户户名不符' },
];

/** What the control API's /fail uses when the test names no code. */
export const DEFAULT_FAILURE = { code: 'PAYEE_ACCOUNT_ABNORMAL', reason: '收款账户状态异常' };

export class PayoutError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code; // not_found | bad_state
  }
}

/** The bank's book of payouts: PROCESSING -> SUCCESS | FAILED, or created in a final state. */
export function createPayoutBook({ now = Date.now } = {}) {
  const payouts = new Map(); // out_payout_no -> payout
  let mode = 'instant';

  function settle(outPayoutNo, status, failure = DEFAULT_FAILURE) {
    const payout = payouts.get(outPayoutNo);
    if (!payout) throw new PayoutError('not_found', `no payout ${outPayoutNo}`);
    if (payout.status === status) return { payout, changed: false };
    if (payout.status !== 'PROCESSING') throw new PayoutError('bad_state', `payout ${outPayoutNo} is already ${payout.status}`);
    payout.status = status;
    if (status === 'SUCCESS') payout.successAt = now();
    else Object.assign(payout, { failCode: failure.code, failReason: failure.reason });
    return { payout, changed: true };
  }

  return {
    get mode() {
      return mode;
    },
    setMode(next) {
      if (!PAYOUT_MODES.includes(next)) return `mode must be one of ${PAYOUT_MODES.join(', ')}`;
      mode = next;
      return null;
    },
    get: (outPayoutNo) => payouts.get(outPayoutNo) ?? null,
    list: () => [...payouts.values()],

    /** fields: outPayoutNo, amountFen, payee {accountNo, accountName, bankName}, remark, request (fingerprint). */
    create(fields) {
      if (payouts.has(fields.outPayoutNo)) throw new PayoutError('bad_state', `payout ${fields.outPayoutNo} exists`);
      const payout = {
        ...fields,
        payoutId: `${cstCompact(now())}${randomDigits(12)}`,
        currency: 'CNY',
        status: 'PROCESSING',
        failCode: null,
        failReason: null,
        createdAt: now(),
        successAt: null,
        requests: 1, // how many accepted requests named it (replays included), for assertions
      };
      payouts.set(payout.outPayoutNo, payout);
      const refusal = FAIL_RULES.find((r) => payout.payee.accountNo.endsWith(r.suffix));
      if (refusal) settle(payout.outPayoutNo, 'FAILED', refusal);
      else if (mode === 'instant') settle(payout.outPayoutNo, 'SUCCESS');
      return payout;
    },
    settle,
    reset() {
      payouts.clear();
      mode = 'instant';
    },

    snapshot: () => ({ mode, payouts: [...payouts.values()] }),
    restore(saved) {
      payouts.clear();
      for (const p of saved.payouts) payouts.set(p.outPayoutNo, p);
      mode = PAYOUT_MODES.includes(saved.mode) ? saved.mode : 'instant';
    },
  };
}

/** The payout as the bank's API shows it. */
export function payoutView(p) {
  return {
    out_payout_no: p.outPayoutNo,
    payout_id: p.payoutId,
    amount: p.amountFen,
    currency: p.currency,
    status: p.status,
    ...(p.failCode && { fail_code: p.failCode, fail_reason: p.failReason }),
    create_time: rfc3339(p.createdAt),
    ...(p.successAt && { success_time: rfc3339(p.successAt) }),
  };
}

const signLines = (...parts) => parts.map((p) => `${p}\n`).join('');
const bankError = (status, code, message) => ({ status, body: { code, message } });

function checkPayout(b) {
  if (typeof b.out_payout_no !== 'string' || !OUT_PAYOUT_NO.test(b.out_payout_no)) return 'out_payout_no需为6-32位数字、字母、_-';
  if (!Number.isSafeInteger(b.amount) || b.amount <= 0) return 'amount需为正整数（分）';
  if (b.currency !== 'CNY') return 'currency仅支持CNY';
  const p = b.payee;
  if (!p || typeof p !== 'object') return 'payee不能为空';
  if (typeof p.account_no !== 'string' || !ACCOUNT_NO.test(p.account_no)) return 'payee.account_no需为8-32位数字';
  if (typeof p.account_name !== 'string' || p.account_name.trim() === '' || p.account_name.length > 100) return 'payee.account_name长度需在1到100之间';
  if (typeof p.bank_name !== 'string' || p.bank_name.trim() === '' || p.bank_name.length > 100) return 'payee.bank_name长度需在1到100之间';
  if (b.remark !== undefined && (typeof b.remark !== 'string' || b.remark.length > 100)) return 'remark长度不能超过100';
  return null;
}

/** Everything that makes two requests "the same payout"; a retry must match it exactly. */
const fingerprintOf = (b) =>
  JSON.stringify([b.amount, b.currency, b.payee?.account_no, b.payee?.account_name, b.payee?.bank_name, b.remark ?? '']);

export function bank({ keys, payouts, now }) {
  const k = keys.bank;
  const seenNonces = new Map(); // `${clientId}:${nonce}` -> when it may be forgotten (insertion order = time order)

  function reply({ status = 200, body }) {
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = randomAlnum(32);
    return {
      status,
      raw,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'X-Bank-Request-Id': randomUUID(),
        'X-Bank-Timestamp': timestamp,
        'X-Bank-Nonce': nonce,
        'X-Bank-Signature': rsaSign(signLines(timestamp, nonce, raw), k.bank.privateKeyPem),
      },
    };
  }

  /** null when the request is the platform's, fresh and new; else the 401 to answer. */
  function authenticate({ method, url, headers }, body) {
    const clientId = headers['x-bank-client-id'];
    const timestamp = headers['x-bank-timestamp'];
    const nonce = headers['x-bank-nonce'];
    const signature = headers['x-bank-signature'];
    if (!clientId || !timestamp || !nonce || !signature) {
      return bankError(401, 'SIGN_ERROR', '缺少X-Bank-Client-Id、X-Bank-Timestamp、X-Bank-Nonce或X-Bank-Signature');
    }
    if (clientId !== k.clientId) return bankError(401, 'SIGN_ERROR', `客户号${clientId}不存在`);
    const nowMs = now();
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_S) {
      return bankError(401, 'TIMESTAMP_EXPIRED', 'X-Bank-Timestamp与银行时间相差超过5分钟');
    }
    if (!NONCE.test(nonce)) return bankError(401, 'SIGN_ERROR', 'X-Bank-Nonce需为16-64位数字或字母');
    if (!rsaVerify(signLines(method, url, timestamp, nonce, body), signature, k.client.publicKeyPem)) {
      return bankError(401, 'SIGN_ERROR', '签名验证失败');
    }
    // Only a verified request spends its nonce, so a forged one cannot block the real request that follows.
    for (const [key, forgetAt] of seenNonces) {
      if (forgetAt > nowMs) break;
      seenNonces.delete(key);
    }
    const key = `${clientId}:${nonce}`;
    if (seenNonces.has(key)) return bankError(401, 'NONCE_REPLAYED', 'X-Bank-Nonce已使用，请求疑似重放');
    // Remembered past the timestamp window: after that the timestamp alone refuses a replay.
    seenNonces.set(key, nowMs + 2 * MAX_CLOCK_SKEW_S * 1000);
    return null;
  }

  const api = (method, path, fn) => ({
    method,
    path,
    channel: 'bank', // faults.mjs applies to the bank like to a channel
    raw: true,
    handle(ctx) {
      const body = ctx.rawBody ?? '';
      return reply(authenticate(ctx, body) ?? fn(ctx, body));
    },
  });

  function createPayout(_ctx, raw) {
    let b;
    try {
      b = JSON.parse(raw);
    } catch {
      return bankError(400, 'PARAM_ERROR', '请求体不是合法的JSON');
    }
    if (!b || typeof b !== 'object' || Array.isArray(b)) return bankError(400, 'PARAM_ERROR', '请求体需为JSON对象');
    // The number first: an existing payout is answered (or the conflict named) before any validation, so a
    // PARAM_ERROR always means that no payout exists under this number.
    const existing = typeof b.out_payout_no === 'string' ? payouts.get(b.out_payout_no) : null;
    if (existing) {
      if (existing.request !== fingerprintOf(b)) return bankError(409, 'OUT_PAYOUT_NO_USED', '商户付款单号已被使用，且请求内容与原付款不一致');
      existing.requests += 1;
      return { body: payoutView(existing) };
    }
    const invalid = checkPayout(b);
    if (invalid) return bankError(400, 'PARAM_ERROR', invalid);
    const payout = payouts.create({
      outPayoutNo: b.out_payout_no,
      amountFen: b.amount,
      payee: { accountNo: b.payee.account_no, accountName: b.payee.account_name, bankName: b.payee.bank_name },
      remark: b.remark ?? '',
      request: fingerprintOf(b),
    });
    return { body: payoutView(payout) };
  }

  function queryPayout({ params }) {
    const payout = payouts.get(params.out_payout_no);
    return payout ? { body: payoutView(payout) } : bankError(404, 'PAYOUT_NOT_FOUND', '付款单不存在');
  }

  return [api('POST', '/bank/v1/payouts', createPayout), api('GET', '/bank/v1/payouts/{out_payout_no}', queryPayout)];
}
