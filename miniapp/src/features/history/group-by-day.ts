import { businessDayOf, DAY_MS } from '@jucard/shared'

export interface DayGroup<T> {
  /** "2026-11-25" in Asia/Shanghai. */
  day: string
  /** "今天", "昨天" or "11月25日" (with the year when it is not this year). */
  label: string
  items: T[]
}

const dayKey = (at: number) => businessDayOf(new Date(at))

/** Lines (newest first) grouped by their calendar day in Shanghai, whatever the phone's time zone. */
export function groupByDay<T extends { occurredAt: string }>(lines: T[], now = Date.now()): Array<DayGroup<T>> {
  const today = dayKey(now)
  const yesterday = dayKey(now - DAY_MS)
  const groups: Array<DayGroup<T>> = []
  for (const line of lines) {
    const day = dayKey(Date.parse(line.occurredAt))
    let group = groups[groups.length - 1]
    if (!group || group.day !== day) {
      const [year, month, date] = day.split('-')
      const label = day === today ? '今天' : day === yesterday ? '昨天' : `${year === today.slice(0, 4) ? '' : `${year}年`}${Number(month)}月${Number(date)}日`
      group = { day, label, items: [] }
      groups.push(group)
    }
    group.items.push(line)
  }
  return groups
}
