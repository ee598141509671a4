import { View, Text } from '@tarojs/components'
import { groupByDay } from '@/features/history/group-by-day'
import { MovementList } from '@/features/history/MovementList'
import { useMovements } from '@/features/history/use-movements'
import { StatePanel } from '@/features/ui/StatePanel'
import { usePageParams, usePullToRefresh, useScrolledToBottom } from '@/platform/page'

import '@/features/wallet/wallet.css'
import '@/features/history/history.css'

/** Every movement of one card, by day, newest first; more on scroll or tap. */
export default function History() {
  const { cardId } = usePageParams('cardId')
  const movements = useMovements(cardId)
  usePullToRefresh(movements.reload)
  useScrolledToBottom(() => void movements.loadMore())

  if (!cardId) return <StatePanel kind='error' text='没有找到这张会员卡' />
  const { state } = movements
  if (state.status === 'loading') return <StatePanel kind='loading' text='正在加载明细…' />
  if (state.status === 'failed') return <StatePanel kind='error' text={state.messageZh} onRetry={() => void movements.reload()} />
  if (state.items.length === 0) return <StatePanel kind='empty' text='还没有任何记录。充值或消费后会显示在这里。' />

  return (
    <View className='screen history'>
      <MovementList groups={groupByDay(state.items)} />
      {state.nextCursor && state.more === 'idle' && (
        <View className='movements__more' onClick={() => void movements.loadMore()}>
          <Text>加载更多</Text>
        </View>
      )}
      {state.more === 'loading' && <StatePanel kind='loading' text='正在加载…' />}
      {typeof state.more === 'object' && <StatePanel kind='error' text={state.more.failedZh} onRetry={() => void movements.loadMore()} />}
      {!state.nextCursor && <Text className='movements__end'>没有更早的记录了</Text>}
    </View>
  )
}
