import { previousQuarter, quarterDays, quarterOf } from '@jucard/shared'
import { monthDayZh } from '../../console/business-day'

/** The quarter `now` falls in and the ones before it, newest first: ["2026Q4", "2026Q3", …]. */
export function recentQuarters(now: Date, count: number): string[] {
  const quarters: string[] = []
  for (let quarter = quarterOf(now); quarters.length < count; quarter = previousQuarter(quarter)) quarters.push(quarter)
  return quarters
}

/** "2026年第4季度（10月1日–12月31日）" from "2026Q4". */
export function quarterLabelZh(quarter: string): string {
  const [first, last] = quarterDays(quarter)
  const [year, n] = quarter.split('Q')
  return `${year}年第${n}季度（${monthDayZh(first)}–${monthDayZh(last)}）`
}
