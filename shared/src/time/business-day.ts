// Business days are Asia/Shanghai calendar days (UTC+8, no daylight saving), whatever the server's time zone.
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The business day `instant` falls on, `YYYY-MM-DD`. */
export function businessDayOf(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** [start, end) of a business day as instants; null when `day` is not a real `YYYY-MM-DD` date. */
export function businessDayRange(day: string): [Date, Date] | null {
  const m = DATE.exec(day);
  if (!m) return null;
  const startMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFSET_MS;
  if (businessDayOf(new Date(startMs)) !== day) return null; // 2026-02-30 and friends
  return [new Date(startMs), new Date(startMs + DAY_MS)];
}

export function isBusinessDay(day: unknown): day is string {
  return typeof day === 'string' && businessDayRange(day) !== null;
}

/** The wall-clock time of day in Shanghai, `HH:MM`. */
export function shanghaiTimeOfDay(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The day before `day`. */
export function previousBusinessDay(day: string): string {
  const range = businessDayRange(day);
  if (!range) throw new RangeError(`not a business day: ${day}`);
  return businessDayOf(new Date(range[0].getTime() - DAY_MS));
}
