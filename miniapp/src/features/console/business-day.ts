import { businessDayOf, DAY_MS, isBusinessDay, shanghaiDateTime as shanghaiDateTimeOf, type BusinessDate } from '@jucard/shared'

/** Business days are Asia/Shanghai dates, whatever the browser's own zone is. */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Today's business date, e.g. "2026-11-25". */
export function shanghaiToday(now: Date = new Date()): BusinessDate {
  return businessDayOf(now)
}

/** A real calendar date in `YYYY-MM-DD` (2026-02-30 is not). */
export function isBusinessDate(text: string): boolean {
  return isBusinessDay(text)
}

/** The date `days` later (negative: earlier). */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Days from `from` to `to`, both ends counted: the same day is 1. */
export function daysInclusive(from: BusinessDate, to: BusinessDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

/** Why a date range cannot be asked for, in words for the person who picked it; null when it can. */
export function dateRangeProblemZh(from: string, to: string, maxDays: number, today: BusinessDate = shanghaiToday()): string | null {
  if (!isBusinessDate(from) || !isBusinessDate(to)) return '请选择开始和结束日期'
  if (from > to) return '开始日期不能晚于结束日期'
  if (to > today) return '结束日期不能晚于今天'
  if (daysInclusive(from, to) > maxDays) return `最长可查询 ${maxDays} 天`
  return null
}

/** "11月25日" from "2026-11-25". */
export function monthDayZh(date: BusinessDate): string {
  const match = DATE_PATTERN.exec(date)
  return match ? `${Number(match[2])}月${Number(match[3])}日` : date
}

/** "2026-11-25 14:30" in Shanghai time from an ISO timestamp; "" when it cannot be read. */
export function shanghaiDateTime(iso: string | null): string {
  if (!iso) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  return shanghaiDateTimeOf(at, { seconds: false })
}
