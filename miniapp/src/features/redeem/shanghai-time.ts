import { shanghaiCompact, shanghaiTimeOfDay, shanghaiWallClock } from '@jucard/shared'

// The counter's wall clock is Shanghai time, whatever the device says.

/** "20261125143005" */
export function shanghaiStamp(at: Date): string {
  return shanghaiCompact(at)
}

/** "14:30" from an ISO timestamp; "" when it cannot be read. */
export function shanghaiClock(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? '' : shanghaiTimeOfDay(at)
}

/** "11月25日" */
export function shanghaiDayLabel(at: Date): string {
  const { month, day } = shanghaiWallClock(at)
  return `${month}月${day}日`
}
