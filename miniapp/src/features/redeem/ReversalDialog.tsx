import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { formatYuan, type RedemptionView, type ReversalView } from '@jucard/shared'
import { decimalInputProps } from '@/platform/input'
import { NO_ANSWER_ZH } from '../api'
import { BigButton } from '../ui/BigButton'
import { refundableFen, useReversal } from './use-reversal'
import './today.css'

interface Props {
  redemption: RedemptionView
  onClose: () => void
  onReversed: (reversal: ReversalView) => void
}

/** Returns part or all of a redemption to the customer's card (owners and managers). */
export function ReversalDialog({ redemption, onClose, onReversed }: Props) {
  const refundable = refundableFen(redemption)
  const [amountText, setAmountText] = useState(formatYuan(refundable, { symbol: false, grouping: false }))
  const [reason, setReason] = useState('')
  const reversal = useReversal(redemption, onReversed)
  const { phase } = reversal

  return (
    <View className='dialog'>
      <View className='dialog__sheet'>
        <Text className='dialog__title'>冲正：退回顾客会员卡</Text>
        <Text className='dialog__fact'>
          原收款 {formatYuan(redemption.amountFen)} · 卡号 {redemption.cardNoMasked}
        </Text>
        <Text className='dialog__fact'>
          已冲正 {formatYuan(redemption.refundedFen)} · 还可冲正 {formatYuan(refundable)}
        </Text>

        {phase.name === 'editing' && (
          <>
            <Text className='dialog__label'>冲正金额（元）</Text>
            <Input {...decimalInputProps} className='dialog__input dialog__amount' value={amountText} maxlength={14} onInput={(e) => setAmountText(e.detail.value)} />
            <Text className='dialog__label'>原因（选填）</Text>
            <Input className='dialog__input dialog__reason' value={reason} maxlength={60} placeholder='例如：顾客退菜' onInput={(e) => setReason(e.detail.value)} />
            {phase.hintZh && <Text className='dialog__error'>{phase.hintZh}</Text>}
            <BigButton variant='danger' onClick={() => reversal.review(amountText)}>
              下一步
            </BigButton>
            <BigButton variant='plain' onClick={onClose}>
              取消
            </BigButton>
          </>
        )}

        {(phase.name === 'confirming' || phase.name === 'submitting') && (
          <>
            <Text className='dialog__confirm-text'>确认退回</Text>
            <Text className='dialog__confirm-amount'>{formatYuan(phase.amountFen)}</Text>
            <Text className='dialog__fact'>钱会退回到顾客的会员卡，不能撤销</Text>
            <BigButton variant='danger' busyText={phase.name === 'submitting' ? '正在冲正…' : null} onClick={() => reversal.confirm(reason)}>
              确认冲正
            </BigButton>
            <BigButton variant='plain' disabled={phase.name === 'submitting'} onClick={reversal.back}>
              返回修改
            </BigButton>
          </>
        )}

        {phase.name === 'done' && (
          <View role='status' aria-live='polite'>
            <Text className='dialog__confirm-text'>冲正成功</Text>
            <Text className='dialog__confirm-amount'>{formatYuan(phase.reversal.amountFen)}</Text>
            <Text className='dialog__fact'>已退回顾客的会员卡{phase.reversal.replayed ? '（之前已退过，这次没有重复退）' : ''}</Text>
            <Text className='dialog__fact'>
              这笔还可退 {formatYuan(phase.reversal.remainingFen)} · 冲正单号 {phase.reversal.reversalNo}
            </Text>
            <BigButton onClick={onClose}>完成</BigButton>
          </View>
        )}

        {phase.name === 'unknown' && (
          <>
            <Text className='dialog__error'>{NO_ANSWER_ZH}，冲正结果未知</Text>
            <Text className='dialog__fact'>请点“重试”确认，同一笔冲正不会重复退回</Text>
            <BigButton variant='danger' onClick={() => reversal.confirm(reason)}>
              重试
            </BigButton>
            <BigButton variant='plain' onClick={onClose}>
              关闭（稍后刷新核对）
            </BigButton>
          </>
        )}
      </View>
    </View>
  )
}
