import { businessDayOf } from './business-day';
import { fromShanghaiWallClock, shanghaiWallClock } from './shanghai';

// Calendar quarters in Asia/Shanghai, as the prepaid-card quarterly report (单用途卡业务情况) counts them: "2026Q4".
const QUARTER = /^(\d{4})Q([1-4])$/;

/** The quarter `instant` falls in, "2026Q4". */
export function quarterOf(instant: Date): string {
  const c = shanghaiWallClock(instant);
  return `${c.year}Q${Math.floor((c.month - 1) / 3) + 1}`;
}

/** [start, end) of a quarter as instants; null when `quarter` is not "YYYYQn". */
export function quarterRange(quarter: string): [Date, Date] | null {
  const m = QUARTER.exec(quarter);
  if (!m) return null;
  const year = Number(m[1]);
  const first = (Number(m[2]) - 1) * 3 + 1;
  const at = (y: number, month: number) => fromShanghaiWallClock({ year: y, month, day: 1, hour: 0, minute: 0, second: 0 });
  return [at(year, first), first === 10 ? at(year + 1, 1) : at(year, first + 3)];
}

export function isQuarter(value: unknown): value is string {
  return typeof value === 'string' && quarterRange(value) !== null;
}

/** The first and last business days of a quarter, ["2026-10-01", "2026-12-31"]. */
export function quarterDays(quarter: string): [string, string] {
  const range = quarterRange(quarter);
  if (!range) throw new RangeError(`not a quarter: ${quarter}`);
  return [businessDayOf(range[0]), businessDayOf(new Date(range[1].getTime() - 1))];
}

/** The quarter before, "2026Q1" → "2025Q4". */
export function previousQuarter(quarter: string): string {
  const range = quarterRange(quarter);
  if (!range) throw new RangeError(`not a quarter: ${quarter}`);
  return quarterOf(new Date(range[0].getTime() - 1));
}
