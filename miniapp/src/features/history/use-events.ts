import { useCallback, useEffect, useRef, useState } from 'react'
import type { CardEvent } from '@jucard/shared'
import { consumerApi, failureMessageZh } from '../api'

const PAGE_SIZE = 20

export type EventsState =
  | { status: 'loading' }
  | { status: 'failed'; messageZh: string }
  | { status: 'ready'; items: CardEvent[]; nextCursor: string | null; more: 'idle' | 'loading' | { failedZh: string } }

/** A card's events, newest first, one page at a time. */
export function useEvents(cardId: string) {
  const [state, setState] = useState<EventsState>({ status: 'loading' })
  const latest = useRef(0)

  const reload = useCallback(async () => {
    const ticket = ++latest.current
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }))
    const page = await consumerApi.listEvents(cardId, undefined, PAGE_SIZE)
    if (ticket !== latest.current) return
    setState(page.ok ? { status: 'ready', items: page.data.items, nextCursor: page.data.nextCursor, more: 'idle' } : { status: 'failed', messageZh: failureMessageZh(page.failure) })
  }, [cardId])

  useEffect(() => {
    void reload()
  }, [reload])

  async function loadMore() {
    if (state.status !== 'ready' || !state.nextCursor || state.more === 'loading') return
    const ticket = latest.current
    const before = state
    setState({ ...before, more: 'loading' })
    const page = await consumerApi.listEvents(cardId, before.nextCursor ?? undefined, PAGE_SIZE)
    if (ticket !== latest.current) return
    setState(
      page.ok
        ? { status: 'ready', items: [...before.items, ...page.data.items], nextCursor: page.data.nextCursor, more: 'idle' }
        : { ...before, more: { failedZh: failureMessageZh(page.failure) } }
    )
  }

  return { state, reload, loadMore }
}
