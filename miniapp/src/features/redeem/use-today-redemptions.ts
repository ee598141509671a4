import { useCallback, useEffect, useRef, useState } from 'react'
import type { RedemptionList } from '@jucard/shared'
import { failureMessageZh, merchantApi } from '../api'

export type TodayState =
  | { status: 'loading' }
  | { status: 'failed'; messageZh: string }
  | { status: 'ready'; list: RedemptionList; loadingMore: boolean; moreFailedZh: string | null }

/** Today's redemptions at one store (the BFF's "today" is Asia/Shanghai), with totals and paging. */
export function useTodayRedemptions(storeId: string | null) {
  const [state, setState] = useState<TodayState>({ status: 'loading' })
  // answers for a store the cashier has since switched away from are dropped
  const generation = useRef(0)

  const refresh = useCallback(async () => {
    if (!storeId) return
    const mine = ++generation.current
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

  const loadMore = useCallback(async () => {
    if (!storeId || state.status !== 'ready' || !state.list.nextCursor || state.loadingMore) return
    const mine = generation.current
    const shown = state.list
    setState({ ...state, loadingMore: true, moreFailedZh: null })
    const result = await merchantApi.listRedemptions({ storeId, cursor: shown.nextCursor ?? undefined })
    if (mine !== generation.current) return
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
