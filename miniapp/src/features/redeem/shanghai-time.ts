/** The counter's wall clock is China Standard Time (UTC+8, no daylight saving), whatever the device says. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000

const pad = (n: number) => String(n).padStart(2, '0')

function shifted(at: Date): Date {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS)
}

/** "20261125143005" */
export function shanghaiStamp(at: Date): string {
  const t = shifted(at)
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`
}

/** "14:30" from an ISO timestamp; "" when it cannot be read. */
export function shanghaiClock(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const t = shifted(at)
  return `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

/** "11月25日" */
export function shanghaiDayLabel(at: Date): string {
  const t = shifted(at)
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日`
}
