import { useEffect, useState } from 'react'

/** Seconds left of a countdown that `start(seconds)` begins; 0 when idle. */
export function useCountdown() {
  const [endsAt, setEndsAt] = useState(0)
  const [now, setNow] = useState(() => Date.now())

  useEffect(() => {
    if (endsAt <= now) return
    const timer = setTimeout(() => setNow(Date.now()), 250)
    return () => clearTimeout(timer)
  }, [endsAt, now])

  return {
    secondsLeft: Math.max(0, Math.ceil((endsAt - now) / 1000)),
    start(seconds: number) {
      const at = Date.now()
      setNow(at)
      setEndsAt(at + seconds * 1000)
    }
  }
}
