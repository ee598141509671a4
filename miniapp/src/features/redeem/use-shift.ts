import { useCallback, useEffect, useState } from 'react'
import type { ShiftSummary } from '@jucard/shared'
import { failureMessageZh, merchantApi } from '../api'

export type ShiftPhase =
  | { name: 'loading' }
  | { name: 'failed'; messageZh: string }
  | { name: 'open'; summary: ShiftSummary }
  | { name: 'confirming'; summary: ShiftSummary }
  | { name: 'handing-over'; summary: ShiftSummary }
  | { name: 'handover-failed'; summary: ShiftSummary; messageZh: string }
  /** The ended shift, to show the person taking over; the next one has begun. */
  | { name: 'handed-over'; summary: ShiftSummary }

/** 交班 at one store: the shift so far, then (after a confirmation) the handover that ends it. */
export function useShift(storeId: string) {
  const [phase, setPhase] = useState<ShiftPhase>({ name: 'loading' })

  const load = useCallback(async () => {
    setPhase({ name: 'loading' })
    const result = await merchantApi.getShift(storeId)
    setPhase(result.ok ? { name: 'open', summary: result.data } : { name: 'failed', messageZh: failureMessageZh(result.failure) })
  }, [storeId])

  useEffect(() => {
    void load()
  }, [load])

  const handOver = async (summary: ShiftSummary) => {
    setPhase({ name: 'handing-over', summary })
    const result = await merchantApi.handOver(storeId)
    setPhase(result.ok ? { name: 'handed-over', summary: result.data } : { name: 'handover-failed', summary, messageZh: failureMessageZh(result.failure) })
  }

  return {
    phase,
    reload: () => void load(),
    ask: () => setPhase((current) => (current.name === 'open' || current.name === 'handover-failed' ? { name: 'confirming', summary: current.summary } : current)),
    back: () => setPhase((current) => (current.name === 'confirming' ? { name: 'open', summary: current.summary } : current)),
    confirm: () => {
      if (phase.name === 'confirming') void handOver(phase.summary)
    }
  }
}
