import { useCallback, useEffect, useRef, useState } from 'react'
import type { MemberCodeStatus, MemberCodeView } from '@jucard/shared'
import { consumerApi, failureMessageZh } from '../api'
import { qrDataUrl } from './qr'

/** How often the page asks whether the cashier has taken the code. */
export const POLL_MS = 1_500

export type Redemption = NonNullable<MemberCodeStatus['redemption']>

export type CodeScreen =
  | { status: 'loading' }
  | { status: 'showing'; code: MemberCodeView; qr: string; expiresAtMs: number }
  | { status: 'used'; redemption: Redemption }
  | { status: 'failed'; messageZh: string }

/**
 * The live member code of one card. A fresh code is fetched on open, at `refreshAfterSeconds` (well before it
 * expires), when it expired anyway, and on `refresh()` (back from the background, a screenshot). While shown,
 * the page asks every 1.5 s whether it was redeemed and then shows the sale instead. `pause()` stops all
 * timers while the page is out of sight.
 */
export function useMemberCode(cardId: string) {
  const [screen, setScreen] = useState<CodeScreen>({ status: 'loading' })
  const [now, setNow] = useState(() => Date.now())
  const generation = useRef(0)
  const timers = useRef<Array<ReturnType<typeof setTimeout>>>([])

  const clearTimers = () => {
    timers.current.forEach(clearTimeout)
    timers.current = []
  }
  const later = (ms: number, run: () => void) => timers.current.push(setTimeout(run, ms))

  /** Stops every timer; answers still in flight belong to a past generation and are dropped. */
  const pause = useCallback(() => {
    generation.current++
    clearTimers()
  }, [])

  const refresh = useCallback(async (): Promise<void> => {
    clearTimers()
    const mine = ++generation.current
    const issued = await consumerApi.issueMemberCode(cardId)
    if (mine !== generation.current) return
    if (!issued.ok) {
      setScreen({ status: 'failed', messageZh: failureMessageZh(issued.failure) })
      return
    }
    const code = issued.data
    const qr = await qrDataUrl(code.qrPayload)
    if (mine !== generation.current) return
    // the device clock may be off: count down from the server's own view of "now"
    const skewMs = Date.parse(code.serverTime) - Date.now()
    setScreen({ status: 'showing', code, qr, expiresAtMs: Date.parse(code.expiresAt) - (Number.isNaN(skewMs) ? 0 : skewMs) })

    later(code.refreshAfterSeconds * 1000, () => void refresh())
    const poll = async () => {
      const status = await consumerApi.memberCodeStatus(code.codeId)
      if (mine !== generation.current) return
      if (status.ok && status.data.state === 'USED' && status.data.redemption) {
        clearTimers()
        generation.current++
        setScreen({ status: 'used', redemption: status.data.redemption })
        return
      }
      if (status.ok && status.data.state === 'EXPIRED') return void refresh()
      later(POLL_MS, () => void poll())
    }
    later(POLL_MS, () => void poll())
  }, [cardId])

  useEffect(() => {
    void refresh()
    return pause
  }, [refresh, pause])

  // the visible countdown
  useEffect(() => {
    if (screen.status !== 'showing') return
    const tick = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(tick)
  }, [screen.status])

  return {
    screen,
    secondsLeft: screen.status === 'showing' ? Math.min(screen.code.ttlSeconds, Math.max(0, Math.ceil((screen.expiresAtMs - now) / 1000))) : 0,
    refresh,
    pause
  }
}
