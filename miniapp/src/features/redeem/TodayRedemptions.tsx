import { View, Text } from '@tarojs/components'
import { formatYuan, type RedemptionView } from '@jucard/shared'
import { StatePanel } from '../ui/StatePanel'
import { shanghaiClock, shanghaiDayLabel } from './shanghai-time'
import { refundableFen } from './use-reversal'
import type { TodayState } from './use-today-redemptions'
import './today.css'

interface Props {
  storeName: string
  state: TodayState
  canReverse: boolean
  onRefresh: () => void
  onLoadMore: () => void
  onReverse: (redemption: RedemptionView) => void
}

/** Today's redemptions at the store: totals first (what the till should hold), then each sale, newest first. */
export function TodayRedemptions({ storeName, state, canReverse, onRefresh, onLoadMore, onReverse }: Props) {
  return (
    <View className='today'>
      <View className='today__header'>
        <Text className='today__title'>
          今日收款 · {storeName} · {shanghaiDayLabel(new Date())}
        </Text>
        <View className='today__refresh' hoverClass='today__refresh--pressed' onClick={onRefresh}>
          <Text>刷新</Text>
        </View>
      </View>
      {state.status === 'loading' && <StatePanel kind='loading' text='正在加载今日收款…' />}
      {state.status === 'failed' && <StatePanel kind='error' text={`今日收款没有加载出来：${state.messageZh}`} onRetry={onRefresh} />}
      {state.status === 'ready' && (
        <>
          <View className='today__totals'>
            <Total label='笔数' value={String(state.list.totals.count)} />
            <Total label='金额' value={formatYuan(state.list.totals.amountFen)} />
            <Total label='已冲正' value={formatYuan(state.list.totals.refundedFen)} />
            <Total label='实收' value={formatYuan(state.list.totals.netFen)} strong />
          </View>
          {!canReverse && state.list.items.length > 0 && <Text className='today__note'>冲正需要店长权限，请联系店长或店主操作</Text>}
          {state.list.items.length === 0 ? (
            <StatePanel kind='empty' text='今天还没有收款' />
          ) : (
            <View className='today__items'>
              {state.list.items.map((item) => (
                <Row key={item.redemptionId} item={item} canReverse={canReverse} onReverse={onReverse} />
              ))}
            </View>
          )}
          {state.moreFailedZh && <Text className='today__note today__note--error'>{state.moreFailedZh}</Text>}
          {state.list.nextCursor && (
            <View className='today__more' hoverClass='today__refresh--pressed' onClick={onLoadMore}>
              <Text>{state.loadingMore ? '正在加载…' : '加载更多'}</Text>
            </View>
          )}
        </>
      )}
    </View>
  )
}

function Total({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <View className={`today__total${strong ? ' today__total--strong' : ''}`}>
      <Text className='today__total-label'>{label}</Text>
      <Text className='today__total-value'>{value}</Text>
    </View>
  )
}

function Row({ item, canReverse, onReverse }: { item: RedemptionView; canReverse: boolean; onReverse: (item: RedemptionView) => void }) {
  const refundable = refundableFen(item)
  return (
    <View className='today__row'>
      <View className='today__row-main'>
        <Text className='today__row-amount'>{formatYuan(item.amountFen)}</Text>
        <Text className='today__row-meta'>
          {shanghaiClock(item.createdAt)} · 卡号 {item.cardNoMasked}
        </Text>
        {item.refundedFen > 0 && <Text className='today__row-refunded'>已冲正 {formatYuan(item.refundedFen)}</Text>}
      </View>
      {refundable > 0 ? (
        <View
          className={`today__reverse${canReverse ? '' : ' today__reverse--disabled'}`}
          hoverClass={canReverse ? 'today__refresh--pressed' : 'none'}
          onClick={() => {
            if (canReverse) onReverse(item)
          }}
        >
          <Text>冲正</Text>
        </View>
      ) : (
        <Text className='today__row-done'>已全额冲正</Text>
      )}
    </View>
  )
}
