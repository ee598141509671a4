import { useCallback, useEffect, useRef, useState } from 'react'
import type { RedemptionList } from '@jucard/shared'
import { failureMessageZh, merchantApi } from '../api'

export type TodayState =
  | { status: 'loading' }
  | { status: 'failed'; messageZh: string }
  | { status: 'ready'; list: RedemptionList; loadingMore: boolean; moreFailedZh: string | null }

/** How often the list refreshes itself: a reversal made at another till shows within seconds. */
export const TODAY_REFRESH_MS = 5_000

/** Today's redemptions at one store (the BFF's "today" is Asia/Shanghai), with totals and paging; refreshes itself. */
export function useTodayRedemptions(storeId: string | null, refreshMs = TODAY_REFRESH_MS) {
  const [state, setState] = useState<TodayState>({ status: 'loading' })
  // answers for a store the cashier has since switched away from are dropped
  const generation = useRef(0)
  const extended = useRef(false)

  const refresh = useCallback(async () => {
    if (!storeId) return
    const mine = ++generation.current
    extended.current = false
    setState((current) => (current.status === 'ready' ? current : { status: 'loading' }))
    const result = await merchantApi.listRedemptions({ storeId })
    if (mine !== generation.current) return
    setState(
      result.ok
        ? { status: 'ready', list: result.data, loadingMore: false, moreFailedZh: null }
        : { status: 'failed', messageZh: failureMessageZh(result.failure) }
    )
  }, [storeId])

  useEffect(() => {
    generation.current++
    setState({ status: 'loading' })
    void refresh()
  }, [refresh])

  useEffect(() => {
    if (!storeId || refreshMs <= 0) return
    // pages loaded with 加载更多 stay until the cashier refreshes by hand (a refresh shows the first page only)
    const timer = setInterval(() => {
      if (!extended.current) void refresh()
    }, refreshMs)
    return () => clearInterval(timer)
  }, [storeId, refreshMs, refresh])

  const loadMore = useCallback(async () => {
    if (!storeId || state.status !== 'ready' || !state.list.nextCursor || state.loadingMore) return
    const mine = generation.current
    const shown = state.list
    setState({ ...state, loadingMore: true, moreFailedZh: null })
    const result = await merchantApi.listRedemptions({ storeId, cursor: shown.nextCursor ?? undefined })
    if (mine !== generation.current) return
    if (result.ok) extended.current = true
    setState(
      result.ok
        ? {
            status: 'ready',
            list: { items: [...shown.items, ...result.data.items], totals: result.data.totals, nextCursor: result.data.nextCursor },
            loadingMore: false,
            moreFailedZh: null
          }
        : { status: 'ready', list: shown, loadingMore: false, moreFailedZh: failureMessageZh(result.failure) }
    )
  }, [storeId, state])

  return { state, refresh, loadMore }
}
