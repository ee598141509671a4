import { useEffect, useRef, useState } from 'react'
import type { BusinessDate, SettlementRunView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'

/** How often a running settlement is asked for its progress. */
export const POLL_MS = 1_000

export type StartOutcome = { ok: true } | { ok: false; messageZh: string }

/**
 * The day's settlement run: started here (the BFF answers 202 and works in the background), then polled until
 * it is no longer RUNNING; `onFinished` runs once it ends. A run that was already under way when the page
 * opened is followed the same way. A poll that gets no answer is simply repeated.
 */
export function useSettlementRun(date: BusinessDate, initial: SettlementRunView | null, onFinished: () => void) {
  const [run, setRun] = useState<SettlementRunView | null>(initial)
  const [pollProblem, setPollProblem] = useState<string | null>(null)
  const finished = useRef(onFinished)
  finished.current = onFinished

  useEffect(() => setRun(initial), [initial])

  useEffect(() => {
    if (!run || run.status !== 'RUNNING') return
    let stopped = false
    const timer = setTimeout(() => {
      void operatorApi.getSettlementRun(run.id).then((next) => {
        if (stopped) return
        if (!next.ok) {
          setPollProblem(`暂时读不到结算进度（${failureMessageZh(next.failure)}），正在重试…`)
          setRun({ ...run }) // same run, a new object: the effect schedules the next poll
          return
        }
        setPollProblem(null)
        setRun(next.data)
        if (next.data.status !== 'RUNNING') finished.current()
      })
    }, POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [run])

  async function start(overrideReason?: string): Promise<StartOutcome> {
    const result = await operatorApi.startSettlement({ businessDate: date, ...(overrideReason ? { overrideReason } : {}) })
    if (!result.ok) return { ok: false, messageZh: failureMessageZh(result.failure) }
    setRun(result.data)
    if (result.data.status !== 'RUNNING') finished.current()
    return { ok: true }
  }

  return { run, pollProblem, start }
}

/** Share of merchants done, 0–100, for the progress bar; 100 once a run with nothing to settle ends. */
export function progressPercent(run: Pick<SettlementRunView, 'status' | 'merchantsDone' | 'merchantsTotal'>): number {
  if (run.merchantsTotal <= 0) return run.status === 'RUNNING' ? 0 : 100
  return Math.min(100, Math.floor((run.merchantsDone * 100) / run.merchantsTotal))
}
