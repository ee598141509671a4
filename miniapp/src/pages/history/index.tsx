import { View, Text } from '@tarojs/components'
import { EventList } from '@/features/history/EventList'
import { groupByDay } from '@/features/history/group-by-day'
import { useEvents } from '@/features/history/use-events'
import { StatePanel } from '@/features/ui/StatePanel'
import { receiptPage } from '@/features/wallet/routes'
import { openPage } from '@/platform/navigation'
import { usePageParams, usePullToRefresh, useScrolledToBottom } from '@/platform/page'

import '@/features/wallet/wallet.css'
import '@/features/history/history.css'

/** One line per purchase, top-up or refund of one card, by day, newest first; a tap opens the receipt. */
export default function History() {
  const { cardId } = usePageParams('cardId')
  const events = useEvents(cardId)
  usePullToRefresh(events.reload)
  useScrolledToBottom(() => void events.loadMore())

  if (!cardId) return <StatePanel kind='error' text='没有找到这张会员卡' />
  const { state } = events
  if (state.status === 'loading') return <StatePanel kind='loading' text='正在加载明细…' />
  if (state.status === 'failed') return <StatePanel kind='error' text={state.messageZh} onRetry={() => void events.reload()} />
  if (state.items.length === 0) return <StatePanel kind='empty' text='还没有任何记录。充值或消费后会显示在这里。' />

  return (
    <View className='screen history'>
      <EventList groups={groupByDay(state.items)} onOpen={(event) => void openPage(receiptPage(cardId, event.id))} />
      {state.nextCursor && state.more === 'idle' && (
        <View className='movements__more' role='button' onClick={() => void events.loadMore()}>
          <Text>加载更多</Text>
        </View>
      )}
      {state.more === 'loading' && <StatePanel kind='loading' text='正在加载…' />}
      {typeof state.more === 'object' && <StatePanel kind='error' text={state.more.failedZh} onRetry={() => void events.loadMore()} />}
      {!state.nextCursor && <Text className='movements__end'>没有更早的记录了</Text>}
    </View>
  )
}
