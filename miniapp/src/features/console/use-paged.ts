import { useCallback, useEffect, useRef, useState } from 'react'
import type { Page } from '@jucard/shared'
import { failureMessageZh, type ApiResult } from '../api'

export type PagedState<T, P extends Page<unknown> = Page<T>> =
  | { status: 'loading' }
  | { status: 'failed'; messageZh: string }
  /** `first`: the first page as answered, for what comes with it (a report's totals and dates). */
  | { status: 'ready'; items: T[]; first: P; nextCursor: string | null; loadingMore: boolean; moreFailedZh: string | null }

/**
 * A cursor-paginated list: the first page on open (and whenever `deps` change), more pages on "加载更多".
 * An answer for an older query (a filter since changed) is dropped.
 */
export function usePaged<P extends Page<unknown>>(fetchPage: (cursor?: string) => Promise<ApiResult<P>>, deps: unknown[]) {
  type T = P['items'][number]
  const [state, setState] = useState<PagedState<T, P>>({ status: 'loading' })
  const generation = useRef(0)
  const fetcher = useRef(fetchPage)
  fetcher.current = fetchPage

  const reload = useCallback(async (): Promise<void> => {
    const mine = ++generation.current
    setState((current) => (current.status === 'ready' ? current : { status: 'loading' }))
    const result = await fetcher.current()
    if (mine !== generation.current) return
    setState(
      result.ok
        ? { status: 'ready', items: result.data.items, first: result.data, nextCursor: result.data.nextCursor, loadingMore: false, moreFailedZh: null }
        : { status: 'failed', messageZh: failureMessageZh(result.failure) }
    )
  }, deps) // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    generation.current++
    setState({ status: 'loading' })
    void reload()
  }, [reload])

  const loadMore = useCallback(async (): Promise<void> => {
    if (state.status !== 'ready' || !state.nextCursor || state.loadingMore) return
    const mine = generation.current
    const shown = state
    setState({ ...shown, loadingMore: true, moreFailedZh: null })
    const result = await fetcher.current(shown.nextCursor ?? undefined)
    if (mine !== generation.current) return
    setState(
      result.ok
        ? { ...shown, items: [...shown.items, ...result.data.items], nextCursor: result.data.nextCursor, loadingMore: false, moreFailedZh: null }
        : { ...shown, loadingMore: false, moreFailedZh: failureMessageZh(result.failure) }
    )
  }, [state])

  /** Puts an item changed by an action (a resolved difference, a retried payout) in place of the shown one. */
  const replace = useCallback((matches: (item: T) => boolean, next: T) => {
    setState((current) => (current.status === 'ready' ? { ...current, items: current.items.map((item) => (matches(item) ? next : item)) } : current))
  }, [])

  return { state, reload, loadMore, replace }
}
