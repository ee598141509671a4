import { useEffect, useRef, useState } from 'react'
import { isTopUpSettled, type CardView, type TopUpView } from '@jucard/shared'
import { consumerApi, failureMessageZh } from '../api'

const POLL_MS = 1_500
/** After this the page stops asking on its own and offers a button; the credit still lands when paid. */
const GIVE_UP_MS = 30_000

export type TopUpOutcome =
  | { status: 'waiting'; order: TopUpView | null }
  /** `card`: the card read after the credit, for the new balance; null when that read failed. */
  | { status: 'paid'; order: TopUpView; card: CardView | null }
  | { status: 'closed'; order: TopUpView }
  /** The payer backed out at the channel's cashier (Alipay's quit_url) and nothing was paid. */
  | { status: 'cancelled'; order: TopUpView }
  | { status: 'slow'; order: TopUpView | null }
  | { status: 'failed'; messageZh: string }

/**
 * Waits for the server to confirm the credit: the client never trusts a redirect or a pay callback. Back from
 * a cancelled cashier (`cancelled`), it asks once: paid still wins, anything else is shown as cancelled at once.
 */
export function useTopUpResult(orderId: string, cancelled = false) {
  const [outcome, setOutcome] = useState<TopUpOutcome>({ status: 'waiting', order: null })
  const [round, setRound] = useState(0)
  const alive = useRef(true)

  useEffect(() => {
    alive.current = true
    const started = Date.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    const paid = async (order: TopUpView) => {
      const card = await consumerApi.getCard(order.cardId)
      if (alive.current) setOutcome({ status: 'paid', order, card: card.ok ? card.data : null })
    }
    const ask = async () => {
      const result = await consumerApi.getTopUp(orderId)
      if (!alive.current) return
      if (!result.ok) {
        if (result.failure.kind === 'rejected') return setOutcome({ status: 'failed', messageZh: failureMessageZh(result.failure) })
      } else if (isTopUpSettled(result.data.status)) {
        return paid(result.data)
      } else if (result.data.status === 'CLOSED' || result.data.status === 'FAILED') {
        return setOutcome({ status: 'closed', order: result.data })
      } else if (cancelled) {
        return setOutcome({ status: 'cancelled', order: result.data })
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
  }, [orderId, cancelled, round])

  return { outcome, askAgain: () => setRound((n) => n + 1) }
}
