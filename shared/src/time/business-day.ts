import { DAY_MS, fromShanghaiWallClock, shanghaiDate } from './shanghai';

// Business days are Asia/Shanghai calendar days, whatever the server's time zone.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The business day `instant` falls on, `YYYY-MM-DD`. */
export function businessDayOf(instant: Date): string {
  return shanghaiDate(instant);
}

/** [start, end) of a business day as instants; null when `day` is not a real `YYYY-MM-DD` date. */
export function businessDayRange(day: string): [Date, Date] | null {
  const m = DATE.exec(day);
  if (!m) return null;
  const start = fromShanghaiWallClock({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0 });
  if (businessDayOf(start) !== day) return null; // 2026-02-30 and friends
  return [start, new Date(start.getTime() + DAY_MS)];
}

export function isBusinessDay(day: unknown): day is string {
  return typeof day === 'string' && businessDayRange(day) !== null;
}

/** The day before `day`. */
export function previousBusinessDay(day: string): string {
  const range = businessDayRange(day);
  if (!range) throw new RangeError(`not a business day: ${day}`);
  return businessDayOf(new Date(range[0].getTime() - DAY_MS));
}
