import { businessDayOf, businessDayRange, DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS, shanghaiDateTime as shanghaiDateTimeOf, type BusinessDate } from '@jucard/shared';
import { DomainError } from '../common/domain-error';

const DAY_MS = 24 * 3600_000;

/** Business days `from`..`to` (both included) as the instants [start, end). */
export interface ReportRange {
  from: BusinessDate;
  to: BusinessDate;
  start: Date;
  end: Date;
}

/**
 * The range a report covers: the days asked for, or the last DEFAULT_REPORT_DAYS days ending today (or ending
 * `to`). A range that is backwards or longer than MAX_REPORT_DAYS is refused rather than silently cut.
 */
export function reportRange(from: string | undefined, to: string | undefined, now: Date): ReportRange {
  const last = to ?? businessDayOf(now);
  const lastDay = businessDayRange(last);
  if (!lastDay) throw invalid('to', `${last} is not a date`);
  const first = from ?? businessDayOf(new Date(lastDay[0].getTime() - (DEFAULT_REPORT_DAYS - 1) * DAY_MS));
  const firstDay = businessDayRange(first);
  if (!firstDay) throw invalid('from', `${first} is not a date`);
  if (firstDay[0] > lastDay[0]) throw invalid('from', 'from must not be after to');
  const days = Math.round((lastDay[1].getTime() - firstDay[0].getTime()) / DAY_MS);
  if (days > MAX_REPORT_DAYS) throw invalid('to', `the range spans ${days} days; at most ${MAX_REPORT_DAYS}`);
  return { from: first, to: last, start: firstDay[0], end: lastDay[1] };
}

/** The `count` business days ending with the one `now` falls on, oldest first. */
export function lastBusinessDays(count: number, now: Date): Array<{ date: BusinessDate; start: Date; end: Date }> {
  const today = businessDayRange(businessDayOf(now));
  if (!today) throw new RangeError('no business day for now');
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(today[0].getTime() - (count - 1 - i) * DAY_MS);
    return { date: businessDayOf(start), start, end: new Date(start.getTime() + DAY_MS) };
  });
}

/** "2026-11-25 16:03:09" in Asia/Shanghai, for people reading an export. */
export function shanghaiDateTime(instant: Date): string {
  return shanghaiDateTimeOf(instant);
}

function invalid(field: 'from' | 'to', message: string): DomainError {
  return new DomainError('REPORT_RANGE_INVALID', message, { [field]: [message] });
}
