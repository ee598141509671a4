import { View, Text } from '@tarojs/components'
import { formatYuan, type ShiftSummary } from '@jucard/shared'
import { BigButton } from '../ui/BigButton'
import { StatePanel } from '../ui/StatePanel'
import { shanghaiClock } from './shanghai-time'
import { useShift } from './use-shift'
import './today.css'

/** 交班: what was taken since the shift began, by cashier; the handover ends it after a confirmation. */
export function ShiftDialog({ storeId, storeName, onClose }: { storeId: string; storeName: string; onClose: () => void }) {
  const shift = useShift(storeId)
  const { phase } = shift
  return (
    <View className='dialog' role='dialog' aria-label='交班'>
      <View className='dialog__sheet'>
        <Text className='dialog__title'>{phase.name === 'handed-over' ? '已交班' : '本班收款'} · {storeName}</Text>
        {phase.name === 'loading' && <StatePanel kind='loading' text='正在汇总本班收款…' />}
        {phase.name === 'failed' && <StatePanel kind='error' text={`本班汇总没有加载出来：${phase.messageZh}`} onRetry={shift.reload} />}
        {phase.name !== 'loading' && phase.name !== 'failed' && <Summary summary={phase.summary} />}

        {(phase.name === 'open' || phase.name === 'handover-failed') && (
          <>
            {phase.name === 'handover-failed' && <Text className='dialog__error'>交班没有成功：{phase.messageZh}</Text>}
            <BigButton onClick={shift.ask}>交班</BigButton>
            <BigButton variant='plain' onClick={onClose}>
              关闭
            </BigButton>
          </>
        )}
        {(phase.name === 'confirming' || phase.name === 'handing-over') && (
          <>
            <Text className='dialog__confirm-text'>确认交班？</Text>
            <Text className='dialog__fact'>交班后本班结束，下一班从现在开始重新计算。请先和接班的同事核对上面的金额。</Text>
            <BigButton busyText={phase.name === 'handing-over' ? '正在交班…' : null} onClick={shift.confirm}>
              确认交班
            </BigButton>
            <BigButton variant='plain' disabled={phase.name === 'handing-over'} onClick={shift.back}>
              返回
            </BigButton>
          </>
        )}
        {phase.name === 'handed-over' && (
          <>
            <Text className='dialog__fact'>下一班已从 {shanghaiClock(phase.summary.endedAt ?? '')} 开始</Text>
            <BigButton onClick={onClose}>完成</BigButton>
          </>
        )}
        {(phase.name === 'loading' || phase.name === 'failed') && (
          <BigButton variant='plain' onClick={onClose}>
            关闭
          </BigButton>
        )}
      </View>
    </View>
  )
}

function Summary({ summary }: { summary: ShiftSummary }) {
  const until = summary.endedAt ? shanghaiClock(summary.endedAt) : '现在'
  return (
    <View className='shift'>
      <Text className='dialog__fact'>
        {shanghaiClock(summary.startedAt)} 至 {until}
      </Text>
      {summary.cashiers.length === 0 ? (
        <StatePanel kind='empty' text='本班还没有收款' />
      ) : (
        summary.cashiers.map((line) => (
          <View key={line.operatorId} className='shift__line'>
            <Text className='shift__name'>{line.name}</Text>
            <Text className='shift__figures'>
              {line.count} 笔 · 收 {formatYuan(line.amountFen)} · 冲正 {formatYuan(line.refundedFen)} · 实收 {formatYuan(line.netFen)}
            </Text>
          </View>
        ))
      )}
      <View className='shift__line shift__line--total'>
        <Text className='shift__name'>合计 {summary.totals.count} 笔</Text>
        <Text className='shift__total'>实收 {formatYuan(summary.totals.netFen)}</Text>
      </View>
      <Text className='dialog__fact'>
        收款 {formatYuan(summary.totals.amountFen)} · 已冲正 {formatYuan(summary.totals.refundedFen)}
      </Text>
    </View>
  )
}
