/**
 * 公民身份号码 (GB 11643-1999): 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit sequence (odd for men),
 * and an ISO 7064 MOD 11-2 check character over the first 17 (0–9 or X). Checked here rather than with a package:
 * the rule is these dozen lines, and the packages that do it also ship region tables the mini-program would carry.
 * A number that passes is well formed, not necessarily issued: only the identity-verification service says that.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** Upper-cases a trailing x and drops spaces, as people type it. */
export function normaliseResidentIdNo(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function isValidResidentIdNo(value: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  return residentIdCheckChar(value.slice(0, 17)) === value.charAt(17);
}

/** `1101**********1234`: the first four (the province and city) and the last four; the birth date never shows. */
export function maskResidentIdNo(value: string): string {
  return `${value.slice(0, 4)}${'*'.repeat(Math.max(0, value.length - 8))}${value.slice(-4)}`;
}
