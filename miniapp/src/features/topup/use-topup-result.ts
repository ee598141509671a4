import { useEffect, useRef, useState } from 'react'
import { isTopUpSettled, type TopUpView } from '@jucard/shared'
import { consumerApi, failureMessageZh } from '../api'

const POLL_MS = 1_500
/** After this the page stops asking on its own and offers a button; the credit still lands when paid. */
const GIVE_UP_MS = 30_000

export type TopUpOutcome =
  | { status: 'waiting'; order: TopUpView | null }
  | { status: 'paid'; order: TopUpView }
  | { status: 'closed'; order: TopUpView }
  | { status: 'slow'; order: TopUpView | null }
  | { status: 'failed'; messageZh: string }

/** Waits for the server to confirm the credit: the client never trusts a redirect or a pay callback. */
export function useTopUpResult(orderId: string) {
  const [outcome, setOutcome] = useState<TopUpOutcome>({ status: 'waiting', order: null })
  const [round, setRound] = useState(0)
  const alive = useRef(true)

  useEffect(() => {
    alive.current = true
    const started = Date.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    const ask = async () => {
      const result = await consumerApi.getTopUp(orderId)
      if (!alive.current) return
      if (!result.ok) {
        if (result.failure.kind === 'rejected') return setOutcome({ status: 'failed', messageZh: failureMessageZh(result.failure) })
      } else if (isTopUpSettled(result.data.status)) {
        return setOutcome({ status: 'paid', order: result.data })
      } else if (result.data.status === 'CLOSED' || result.data.status === 'FAILED') {
        return setOutcome({ status: 'closed', order: result.data })
      }
      const order = result.ok ? result.data : null
      if (Date.now() - started > GIVE_UP_MS) return setOutcome({ status: 'slow', order })
      setOutcome({ status: 'waiting', order })
      timer = setTimeout(() => void ask(), POLL_MS)
    }
    void ask()
    return () => {
      alive.current = false
      clearTimeout(timer)
    }
  }, [orderId, round])

  return { outcome, askAgain: () => setRound((n) => n + 1) }
}
