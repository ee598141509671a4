/**
 * Member codes: one code, two renderings.
 * - Numeric (18 digits, for 1D barcode scanners and typing): "93" + key digit + 9-digit code id + 6-digit MAC.
 *   The "93" prefix keeps clear of WeChat (10–15), Alipay (25–30) and UnionPay (62) payment codes, so a POS
 *   can route by prefix.
 * - QR: "JC1.<key digit>.<code id>.<full HMAC, base64url>" — the same code with a full-strength signature.
 * Only the BFF can mint or verify the MAC; this module only parses.
 */
export const MEMBER_CODE_PREFIX = '93';
export const MEMBER_CODE_LENGTH = 18;
export const MEMBER_QR_PREFIX = 'JC1.';

export interface ParsedMemberCode {
  form: 'numeric' | 'qr';
  keyId: string;
  codeId: string;
  /** 6 digits for the numeric form, base64url HMAC for the QR form. */
  mac: string;
}

/** Reads either rendering, tolerating spaces a person may type; null when it is not a JuCard member code. */
export function parseMemberCode(input: string): ParsedMemberCode | null {
  const text = input.trim();
  if (text.startsWith(MEMBER_QR_PREFIX)) {
    const match = /^JC1\.(\d)\.(\d{9})\.([A-Za-z0-9_-]{43})$/.exec(text);
    return match ? { form: 'qr', keyId: match[1]!, codeId: match[2]!, mac: match[3]! } : null;
  }
  const digits = text.replace(/\s+/g, '');
  const match = /^93(\d)(\d{9})(\d{6})$/.exec(digits);
  return match ? { form: 'numeric', keyId: match[1]!, codeId: match[2]!, mac: match[3]! } : null;
}

/** "9312 3456 7890 1234 56" for display under the barcode. */
export function formatMemberCode(numeric: string): string {
  return numeric.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Payment-code prefixes of the channels, for a POS that routes scans by prefix. */
export function memberCodeCollidesWithPaymentCodes(numeric: string): boolean {
  const two = Number(numeric.slice(0, 2));
  return (two >= 10 && two <= 15) || (two >= 25 && two <= 30) || two === 62;
}
