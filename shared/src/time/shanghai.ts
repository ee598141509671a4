// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991): the one offset every Shanghai-time helper uses,
// whatever the zone of the server, the browser or the phone.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 24 * 3600_000;

/** The Shanghai wall clock of an instant, month 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function shanghaiWallClock(instant: Date): WallClock {
  const t = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
  };
}

/** The instant a Shanghai wall clock shows; no check that the parts are a real date (see the parsers). */
export function fromShanghaiWallClock(clock: WallClock): Date {
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) - SHANGHAI_OFFSET_MS);
}

/** "2026-11-25" */
export function shanghaiDate(instant: Date): string {
  const c = shanghaiWallClock(instant);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** "2026-11-25 16:03:09", or "2026-11-25 16:03" with `{ seconds: false }`. */
export function shanghaiDateTime(instant: Date, options: { seconds?: boolean } = {}): string {
  const c = shanghaiWallClock(instant);
  const minutes = `${shanghaiDate(instant)} ${pad(c.hour)}:${pad(c.minute)}`;
  return options.seconds === false ? minutes : `${minutes}:${pad(c.second)}`;
}

/** "20261125160309" (UnionPay txnTime, order-number stamps). */
export function shanghaiCompact(instant: Date): string {
  return shanghaiDateTime(instant).replace(/[- :]/g, '');
}

/** "2026-11-25T16:03:09+08:00" (RFC 3339 with the Shanghai offset, as WeChat Pay v3 wants it). */
export function shanghaiRfc3339(instant: Date): string {
  return `${shanghaiDateTime(instant).replace(' ', 'T')}+08:00`;
}

/** The wall-clock time of day in Shanghai, `HH:MM`. */
export function shanghaiTimeOfDay(instant: Date): string {
  const c = shanghaiWallClock(instant);
  return `${pad(c.hour)}:${pad(c.minute)}`;
}

const DATE_TIME = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/;

/** Reads "2026-11-25 16:03:09" or "20261125160309" as Shanghai time; null when malformed or not a real date. */
export function parseShanghaiDateTime(text: string | undefined): Date | null {
  const m = DATE_TIME.exec(text ?? '');
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const instant = fromShanghaiWallClock({ year, month, day, hour, minute, second });
  return shanghaiCompact(instant) === m.slice(1).join('') ? instant : null; // 2026-02-30 and 25:00 roll over: refused
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Reads an RFC 3339 time with its offset ("…+08:00", "…Z"); null when malformed. */
export function parseRfc3339(text: string | undefined): Date | null {
  if (!text || !RFC3339.test(text)) return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}
