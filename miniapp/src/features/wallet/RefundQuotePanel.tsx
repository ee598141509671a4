import { View, Text } from '@tarojs/components'
import { formatYuan, shanghaiDateTime, type BalanceRefundView, type CoolingOffQuoteView, type RefundCalculationView } from '@jucard/shared'
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

/** After the confirmation: what goes back and how it was worked out (the receipt's figures). */
export function RefundReceipt({ refund }: { refund: BalanceRefundView }) {
  const done = refund.status === 'SUCCEEDED'
  const whole = refund.calculation?.rule === 'COOLING_OFF' || refund.calculation?.rule === 'DOUBLE_PAYMENT'
  return (
    <View className='panel card-detail__refund' role='region' aria-label='退回结果'>
      <Text className='panel__title'>{whole ? (done ? '已全额退回' : '全额退回处理中') : done ? '退卡成功' : '退卡处理中'}</Text>
      <Text>{formatYuan(refund.principalFen)} 原路退回，通常 1–3 个工作日到账</Text>
      {refund.calculation && !whole ? (
        <RefundCalculationLines calculation={refund.calculation} />
      ) : (
        refund.bonusForfeitedFen > 0 && <Text>赠送金额 {formatYuan(refund.bonusForfeitedFen)} 已作废</Text>
      )}
      {whole && <Text>此卡保留，可以继续使用</Text>}
    </View>
  )
}

/** 冷静期: the top-ups it still covers, returned in full while the card stays. */
function CoolingOffOffer({ offer, busy, onConfirm }: { offer: CoolingOffQuoteView; busy: boolean; onConfirm: () => void }) {
  return (
    <View className='refund-quote__cooling-off' role='group' aria-label='冷静期全额退回'>
      <Text className='refund-quote__subtitle'>{offer.coolingOffDays} 天冷静期内，可全额退回</Text>
      <Text className='refund-quote__note'>以下充值之后没有消费，可以全额原路退回，随充值赠送的金额作废，此卡保留：</Text>
      {offer.topUps.map((t) => (
        <Row
          key={t.orderId}
          label={`${shanghaiDateTime(new Date(t.paidAt), { seconds: false })} 充值${t.bonusFen > 0 ? `（赠送 ${formatYuan(t.bonusFen)}）` : ''}，${shanghaiDateTime(new Date(t.refundableUntil), { seconds: false })} 前可退`}
          value={formatYuan(t.amountFen)}
        />
      ))}
      <BigButton variant='secondary' className='refund-quote__cooling-off-confirm' busyText={busy ? '正在退回…' : null} onClick={onConfirm}>
        {`全额退回 ${formatYuan(offer.refundFen)}，保留此卡`}
      </BigButton>
    </View>
  )
}

interface Props {
  calculation: RefundCalculationView
  /** The 冷静期 offer, when a top-up is still covered. */
  coolingOff?: CoolingOffQuoteView | null
  onConfirmCoolingOff?: () => void
  /** Why the figures were worked out again, if they were. */
  noticeZh: string | null
  busy: boolean
  onConfirm: () => void
  onCancel: () => void
}

/** 退卡: the calculation first, then the one button that refunds exactly that amount. */
export function RefundQuotePanel({ calculation, coolingOff = null, onConfirmCoolingOff, noticeZh, busy, onConfirm, onCancel }: Props) {
  return (
    <View className='panel refund-quote' role='region' aria-label='退卡金额计算'>
      <Text className='panel__title'>退卡金额计算</Text>
      {noticeZh && (
        <View className='refund-quote__notice' role='status' aria-live='polite'>
          <Text>{noticeZh}</Text>
        </View>
      )}
      {coolingOff && onConfirmCoolingOff && <CoolingOffOffer offer={coolingOff} busy={busy} onConfirm={onConfirmCoolingOff} />}
      {coolingOff && <Text className='refund-quote__subtitle'>或者退卡：按比例计算，此卡关闭</Text>}
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
