import { View, Text } from '@tarojs/components'
import { formatYuan, type RefundCalculationView } from '@jucard/shared'
import { BigButton } from '@/features/ui/BigButton'
import './refund-quote.css'

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <View className={`refund-quote__row${strong ? ' refund-quote__row--strong' : ''}`}>
      <Text className='refund-quote__label'>{label}</Text>
      <Text className='refund-quote__value'>{value}</Text>
    </View>
  )
}

/** The lines of a refund calculation: the same on the quote before 确认退卡 and on the receipt after. */
export function RefundCalculationLines({ calculation }: { calculation: RefundCalculationView }) {
  const { paidFen, bonusGrantedFen, consumedFen, consumedPrincipalFen, refundFen, bonusForfeitedFen } = calculation
  return (
    <View className='refund-quote__lines'>
      <Row label='实付本金' value={formatYuan(paidFen)} />
      <Row label='获赠金额' value={formatYuan(bonusGrantedFen)} />
      <Row label='已使用' value={formatYuan(consumedFen)} />
      <Row label='按比例计入本金' value={`-${formatYuan(consumedPrincipalFen)}`} />
      <Row label='原路退回' value={formatYuan(refundFen)} strong />
      {bonusForfeitedFen > 0 && <Row label='剩余赠送金额作废' value={formatYuan(bonusForfeitedFen)} />}
      {bonusGrantedFen > 0 && (
        <Text className='refund-quote__note'>
          已使用的 {formatYuan(consumedFen)} 按实付占比 {formatYuan(paidFen)} ÷ ({formatYuan(paidFen)} + {formatYuan(bonusGrantedFen)}) 计入本金，与先扣本金还是先扣赠送金无关（最高人民法院法释〔2025〕4号）。
        </Text>
      )}
    </View>
  )
}

interface Props {
  calculation: RefundCalculationView
  /** Why the figures were worked out again, if they were. */
  noticeZh: string | null
  busy: boolean
  onConfirm: () => void
  onCancel: () => void
}

/** 退卡: the calculation first, then the one button that refunds exactly that amount. */
export function RefundQuotePanel({ calculation, noticeZh, busy, onConfirm, onCancel }: Props) {
  return (
    <View className='panel refund-quote' role='region' aria-label='退卡金额计算'>
      <Text className='panel__title'>退卡金额计算</Text>
      {noticeZh && (
        <View className='refund-quote__notice' role='status' aria-live='polite'>
          <Text>{noticeZh}</Text>
        </View>
      )}
      <RefundCalculationLines calculation={calculation} />
      <Text className='refund-quote__note'>退卡后此卡将关闭，不能再使用。原路退回的金额通常 1–3 个工作日到账。</Text>
      <BigButton variant='danger' className='refund-quote__confirm' busyText={busy ? '正在退卡…' : null} onClick={onConfirm}>
        {`确认退卡，退回 ${formatYuan(calculation.refundFen)}`}
      </BigButton>
      <BigButton variant='plain' className='refund-quote__cancel' disabled={busy} onClick={onCancel}>
        暂不退卡
      </BigButton>
    </View>
  )
}
