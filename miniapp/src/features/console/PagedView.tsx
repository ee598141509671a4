import type { ReactNode } from 'react'
import type { Page } from '@jucard/shared'
import { StatePanel } from '../ui/StatePanel'
import { LoadMore } from './controls'
import type { PagedState } from './use-paged'

/** A list from usePaged in its four states: loading, failed (with retry), empty, and its items with "加载更多". */
export function PagedView<T, P extends Page<unknown>>({
  list,
  loadingText,
  emptyText,
  children
}: {
  list: { state: PagedState<T, P>; reload: () => Promise<void>; loadMore: () => Promise<void> }
  loadingText: string
  emptyText: string
  children: (items: T[]) => ReactNode
}) {
  const { state } = list
  if (state.status === 'loading') return <StatePanel kind='loading' text={loadingText} />
  if (state.status === 'failed') return <StatePanel kind='error' text={state.messageZh} onRetry={() => void list.reload()} />
  if (state.items.length === 0) return <StatePanel kind='empty' text={emptyText} />
  return (
    <>
      {children(state.items)}
      <LoadMore hasMore={state.nextCursor !== null} loading={state.loadingMore} failedZh={state.moreFailedZh} onLoadMore={() => void list.loadMore()} />
    </>
  )
}
