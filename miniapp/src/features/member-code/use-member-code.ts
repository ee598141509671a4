import { useCallback, useEffect, useRef, useState } from 'react'
import type { MemberCodeStatus, MemberCodeView } from '@jucard/shared'
import { consumerApi, failureMessageZh } from '../api'
import { qrDataUrl } from './qr'

/** How often the page asks whether the cashier has taken the code. */
export const POLL_MS = 1_500
/**
 * How long past its expiry an earlier code is still asked about: the till accepts a code a few seconds late
 * (the server's grace, MEMBER_CODE_GRACE_SECONDS) and a sale may still be committing.
 */
export const LATE_SALE_MS = 15_000

export type Redemption = NonNullable<MemberCodeStatus['redemption']>

export type CodeScreen =
  | { status: 'loading' }
  | { status: 'showing'; code: MemberCodeView; qr: string; expiresAtMs: number }
  | { status: 'used'; redemption: Redemption }
  | { status: 'failed'; messageZh: string }

/** A code issued during this page visit, with its expiry on the device's clock. */
interface IssuedCode {
  codeId: string
  expiresAtMs: number
}

/**
 * The live member code of one card. A fresh code is fetched on open, at `refreshAfterSeconds` (well before it
 * expires), when it expired anyway, and on `refresh()` (back from the background, a screenshot). While shown,
 * the page asks every 1.5 s about EVERY code it issued during this visit that may still be charged, not only
 * the newest: a cashier who scanned the code before a refresh charges the earlier one, and the page must still
 * confirm that sale. `pause()` stops all timers while the page is out of sight.
 */
export function useMemberCode(cardId: string) {
  const [screen, setScreen] = useState<CodeScreen>({ status: 'loading' })
  const [now, setNow] = useState(() => Date.now())
  const generation = useRef(0)
  const timers = useRef<Array<ReturnType<typeof setTimeout>>>([])
  const issued = useRef<IssuedCode[]>([])

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
    const answer = await consumerApi.issueMemberCode(cardId)
    if (mine !== generation.current) return
    if (!answer.ok) {
      setScreen({ status: 'failed', messageZh: failureMessageZh(answer.failure) })
      return
    }
    const code = answer.data
    // the device clock may be off: count down from the server's own view of "now"
    const skewMs = Date.parse(code.serverTime) - Date.now()
    const expiresAtMs = Date.parse(code.expiresAt) - (Number.isNaN(skewMs) ? 0 : skewMs)
    issued.current.push({ codeId: code.codeId, expiresAtMs })
    const qr = await qrDataUrl(code.qrPayload)
    if (mine !== generation.current) return
    setScreen({ status: 'showing', code, qr, expiresAtMs })

    later(code.refreshAfterSeconds * 1000, () => void refresh())
    const poll = async () => {
      // an earlier code past any chance of a sale is no longer asked about
      issued.current = issued.current.filter((c) => c.codeId === code.codeId || c.expiresAtMs + LATE_SALE_MS > Date.now())
      const asked = [...issued.current]
      const answers = await Promise.all(asked.map((c) => consumerApi.memberCodeStatus(c.codeId)))
      if (mine !== generation.current) return
      const used = answers.find((status) => status.ok && status.data.state === 'USED' && status.data.redemption)
      if (used?.ok && used.data.redemption) {
        clearTimers()
        generation.current++
        issued.current = issued.current.filter((c) => c.codeId !== used.data.codeId)
        setScreen({ status: 'used', redemption: used.data.redemption })
        return
      }
      const newest = answers[asked.findIndex((c) => c.codeId === code.codeId)]
      if (newest?.ok && newest.data.state === 'EXPIRED') return void refresh()
      later(POLL_MS, () => void poll())
    }
    later(POLL_MS, () => void poll())
  }, [cardId])

  useEffect(() => {
    // another card: its own codes only
    issued.current = []
    setScreen({ status: 'loading' })
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
