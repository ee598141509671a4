// @ts-check
// UnionPay ACP 5.1.0, signMethod=01: the fields except `signature` (and empty ones), sorted by key, joined
// as k=v&…; SHA-256 of that string as lowercase hex; SHA256withRSA over the hex text; base64.
// Same for requests (merchant key) and responses/notifications (UnionPay's key). PKCS#1 v1.5 is
// deterministic, so a fixed key and input give a fixed signature (pinned in unionpay.test.mjs).
import { createHash } from 'node:crypto';
import { rsaSign, rsaVerify, sortedPairs } from './util.mjs';

export const unionpaySignString = (fields) => sortedPairs(fields, ['signature']);

const digestHex = (fields) => createHash('sha256').update(unionpaySignString(fields), 'utf8').digest('hex');

export const unionpaySign = (fields, privateKeyPem) => rsaSign(digestHex(fields), privateKeyPem);

export const unionpayVerify = (fields, publicKeyPem) => rsaVerify(digestHex(fields), fields.signature, publicKeyPem);

/**
 * Sync answers come back as `k=v&k=v` with values NOT URL-encoded (as the official SDKs parse them:
 * split on '&', then on the first '='). Our values never contain '&'.
 */
export const toResponseText = (fields) => Object.entries(fields).map(([k, v]) => `${k}=${v}`).join('&');

export function parseResponseText(text) {
  const fields = {};
  for (const pair of text.split('&')) {
    const i = pair.indexOf('=');
    if (i > 0) fields[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return fields;
}
