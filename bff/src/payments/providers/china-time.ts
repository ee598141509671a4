// The channels speak Beijing time (UTC+8, no daylight saving) whatever the server's time zone is.
const OFFSET_MS = 8 * 3600 * 1000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(date: Date) {
  const d = new Date(date.getTime() + OFFSET_MS);
  return {
    y: pad(d.getUTCFullYear(), 4),
    mo: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()),
    mi: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
  };
}

/** 2025-01-01 (bill dates: the Asia/Shanghai business day). */
export function chinaDate(date: Date): string {
  const p = parts(date);
  return `${p.y}-${p.mo}-${p.d}`;
}

/** 2025-01-01 12:00:00 (Alipay). */
export function chinaDateTime(date: Date): string {
  const p = parts(date);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** 20250101120000 (UnionPay txnTime, payTimeout). */
export function chinaCompact(date: Date): string {
  const p = parts(date);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

/** 2025-01-01T12:00:00+08:00 (WeChat Pay v3). */
export function chinaRfc3339(date: Date): string {
  const p = parts(date);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+08:00`;
}

const DATE_TIME = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/;

/** Reads "2025-01-01 12:00:00" or "20250101120000" as Beijing time; null when malformed. */
export function parseChinaDateTime(text: string | undefined): Date | null {
  const m = DATE_TIME.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - OFFSET_MS;
  const date = new Date(ms);
  return chinaCompact(date) === `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}` ? date : null; // 2025-02-30 and friends
}

/** Reads an RFC 3339 time with its offset (WeChat's success_time); null when malformed. */
export function parseRfc3339(text: string | undefined): Date | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
