import { createHash, createSign, createVerify } from 'node:crypto';

/**
 * UnionPay ACP 5.1.0, signMethod=01 (the merchant side; no maintained Node SDK exists):
 *   1. every field except `signature`, empty ones left out (they are not sent: the official SDK's filterBlank),
 *      sorted by name, joined as `k=v&k=v` with raw (not URL-encoded) values;
 *   2. SHA-256 of that string (UTF-8) as a lowercase hex string;
 *   3. SHA256withRSA (PKCS#1 v1.5) over the hex string, base64 -> `signature`.
 * Step 2 is the UnionPay twist: the RSA signature covers the hex digest text, not the fields themselves.
 */
export type UnionpayFields = Record<string, string>;

export function unionpaySignString(fields: UnionpayFields): string {
  return Object.keys(fields)
    .filter((name) => name !== 'signature' && fields[name] !== undefined && fields[name] !== '')
    .sort()
    .map((name) => `${name}=${fields[name]}`)
    .join('&');
}

const digestHex = (fields: UnionpayFields) => createHash('sha256').update(unionpaySignString(fields), 'utf8').digest('hex');

export function unionpaySign(fields: UnionpayFields, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(digestHex(fields), 'utf8').sign(privateKeyPem, 'base64');
}

/** False for a wrong, missing or malformed signature (never throws). */
export function unionpayVerify(fields: UnionpayFields, publicKeyPem: string): boolean {
  const signature = fields.signature;
  if (!signature) return false;
  try {
    return createVerify('RSA-SHA256').update(digestHex(fields), 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

/** The gateway's synchronous answers are raw `k=v&k=v` text, not URL-encoded: split on `&`, then on the first `=`. */
export function parseUnionpayAnswer(text: string): UnionpayFields {
  const fields: UnionpayFields = {};
  for (const pair of text.trim().split('&')) {
    const i = pair.indexOf('=');
    if (i > 0) fields[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return fields;
}
