// Small helpers shared by the channel modules: money, China-time formats, ids, RSA. Built-ins only.
import { createSign, createVerify, randomBytes, randomInt } from 'node:crypto';

// ---- money: integer fen in, decimal strings out; never through floats ----

/** Integer `value` in units of 10^-decimals as a decimal string: (1230, 2) -> "12.30", (-594, 5) -> "-0.00594". */
export function formatScaled(value, decimals) {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer amount: ${value}`);
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0');
  const sign = value < 0 ? '-' : '';
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export const fenToYuan = (fen) => formatScaled(fen, 2);

const YUAN = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;
/** "88.8" -> 8880; null when the text is not a non-negative yuan amount with at most 2 decimals. */
export function yuanToFen(text) {
  const m = typeof text === 'string' ? YUAN.exec(text) : null;
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

// ---- time: the channels speak Beijing time (UTC+8, no DST) ----
// Its own copy, not shared/src/time: the sandbox plays the channels and must check the BFF's formats independently.

const CST_OFFSET_MS = 8 * 3600 * 1000;
const pad = (n, w = 2) => String(n).padStart(w, '0');

function cstParts(ms) {
  const d = new Date(ms + CST_OFFSET_MS);
  return {
    y: d.getUTCFullYear(), mo: pad(d.getUTCMonth() + 1), d: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()), mi: pad(d.getUTCMinutes()), s: pad(d.getUTCSeconds()), ms: pad(d.getUTCMilliseconds(), 3),
  };
}

/** 2025-01-01T12:00:00+08:00 (WeChat Pay v3). */
export function rfc3339(ms) {
  const p = cstParts(ms);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+08:00`;
}
/** 2025-01-01 12:00:00 (Alipay, bills). */
export function cstDateTime(ms) {
  const p = cstParts(ms);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}
/** 20250101120000 (UnionPay txnTime, id prefixes). */
export function cstCompact(ms) {
  const p = cstParts(ms);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}
/** The Asia/Shanghai business day of an instant: 2025-01-01. */
export function businessDate(ms) {
  const p = cstParts(ms);
  return `${p.y}-${p.mo}-${p.d}`;
}
export const cstMillis = (ms) => cstParts(ms).ms;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** [start, end) in epoch ms of a YYYY-MM-DD business day in Beijing time; null if malformed. */
export function businessDayRange(date) {
  const m = typeof date === 'string' ? DATE.exec(date) : null;
  if (!m) return null;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CST_OFFSET_MS;
  if (businessDate(start) !== date) return null; // 2025-02-30 and friends
  return [start, start + 24 * 3600 * 1000];
}

// ---- ids ----

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomDigits(length) {
  let out = '';
  for (let i = 0; i < length; i++) out += randomInt(10);
  return out;
}
export function randomAlnum(length) {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
}
export const randomHex = (bytes) => randomBytes(bytes).toString('hex').toUpperCase();

// ---- signatures ----

/** `k=v&k=v` over keys sorted by code point, skipping `exclude` and empty values (Alipay, UnionPay). */
export function sortedPairs(fields, exclude = []) {
  return Object.keys(fields)
    .filter((k) => !exclude.includes(k) && fields[k] !== undefined && fields[k] !== null && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
}

export const rsaSign = (message, privateKey) => createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');

export function rsaVerify(message, signature, publicKey) {
  if (typeof signature !== 'string' || signature === '') return false;
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false; // malformed key or signature: a failed verification, not a crash
  }
}

// ---- misc ----

export const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export function isHttpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
