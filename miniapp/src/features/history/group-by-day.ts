import { businessDayOf, DAY_MS, type CardMovement } from '@jucard/shared'

export interface DayGroup {
  /** "2026-11-25" in Asia/Shanghai. */
  day: string
  /** "今天", "昨天" or "11月25日" (with the year when it is not this year). */
  label: string
  items: CardMovement[]
}

const dayKey = (at: number) => businessDayOf(new Date(at))

/** Movements (newest first) grouped by their calendar day in Shanghai, whatever the phone's time zone. */
export function groupByDay(movements: CardMovement[], now = Date.now()): DayGroup[] {
  const today = dayKey(now)
  const yesterday = dayKey(now - DAY_MS)
  const groups: DayGroup[] = []
  for (const movement of movements) {
    const day = dayKey(Date.parse(movement.occurredAt))
    let group = groups[groups.length - 1]
    if (!group || group.day !== day) {
      const [year, month, date] = day.split('-')
      const label = day === today ? '今天' : day === yesterday ? '昨天' : `${year === today.slice(0, 4) ? '' : `${year}年`}${Number(month)}月${Number(date)}日`
      group = { day, label, items: [] }
      groups.push(group)
    }
    group.items.push(movement)
  }
  return groups
}
