import { View, Text } from '@tarojs/components'
import { formatYuan, type ErrorEnvelope, type RedemptionView } from '@jucard/shared'
import { NO_ANSWER_ZH } from '../api'
import { BigButton } from '../ui/BigButton'
import { hasDiscount, priceLinesZh, priceOfRedemption, salePrice } from './sale-price'
import { adviceFor, recoveryFor, type Sale } from './till-state'
import './till.css'

export function SaleSubmitting({ sale, attempt }: { sale: Sale; attempt: number }) {
  return (
    <View className='sale-result sale-result--pending'>
      <View className='sale-result__spinner' />
      <Text className='sale-result__title'>正在收款…</Text>
      <Text className='sale-result__amount'>{formatYuan(salePrice(sale.member, sale.amountFen, sale.couponId).payFen)}</Text>
      <Text className='sale-result__line'>{attempt > 1 ? `第 ${attempt} 次确认，同一笔订单不会重复扣款` : '请稍候，不要重复操作'}</Text>
    </View>
  )
}

/** The receipt, from the sale's answer; `sale` (what the scan showed) names the level's rate. */
export function SaleSucceeded({ redemption, sale, onNext }: { redemption: RedemptionView; sale: Sale; onNext: () => void }) {
  const price = priceOfRedemption(redemption, sale.member)
  return (
    <View className='sale-result sale-result--success'>
      <Text className='sale-result__title'>收款成功</Text>
      <Text className='sale-result__amount'>{formatYuan(redemption.amountFen)}</Text>
      {hasDiscount(price) && (
        <View className='sale-result__coupon'>
          {priceLinesZh(price, '（会员卡）').map((line) => (
            <Text key={line} className='sale-result__line'>
              {line}
            </Text>
          ))}
        </View>
      )}
      <Text className='sale-result__line'>
        本金 {formatYuan(redemption.principalFen)} · 赠送金 {formatYuan(redemption.bonusFen)}
      </Text>
      <View className='sale-result__balance'>
        <Text className='sale-result__balance-label'>卡内余额</Text>
        <Text className='sale-result__balance-value'>{formatYuan(redemption.balanceAfter.totalFen)}</Text>
      </View>
      {redemption.pointsEarned > 0 && <Text className='sale-result__line'>本次积分 +{redemption.pointsEarned}</Text>}
      <Text className='sale-result__meta'>
        卡号 {redemption.cardNoMasked} · 单号 {redemption.merchantOrderNo}
      </Text>
      {redemption.replayed && <Text className='sale-result__meta'>这笔之前已收款成功，本次只是确认结果，没有重复扣款</Text>}
      <BigButton className='sale-result__action' onClick={onNext}>
        收下一位
      </BigButton>
    </View>
  )
}

interface RejectedProps {
  envelope: ErrorEnvelope
  onRescan: () => void
  onEditAmount: () => void
  onStartOver: () => void
}

export function SaleRejected({ envelope, onRescan, onEditAmount, onStartOver }: RejectedProps) {
  const recovery = recoveryFor(envelope)
  const advice = adviceFor(envelope.code)
  return (
    <View className='sale-result sale-result--failure'>
      <Text className='sale-result__title'>收款失败</Text>
      <Text className='sale-result__reason'>{envelope.messageZh}</Text>
      {advice && <Text className='sale-result__line'>{advice}</Text>}
      <Text className='sale-result__meta'>没有扣款</Text>
      {recovery === 'edit-amount' && (
        <BigButton variant='secondary' className='sale-result__action' onClick={onEditAmount}>
          修改金额
        </BigButton>
      )}
      {(recovery === 'rescan' || recovery === 'edit-amount') && (
        <BigButton variant={recovery === 'rescan' ? 'secondary' : 'plain'} className='sale-result__action' onClick={onRescan}>
          重新扫码
        </BigButton>
      )}
      <BigButton variant='plain' className='sale-result__action' onClick={onStartOver}>
        {recovery === 'change-store' ? '换个门店再收' : '重新开始'}
      </BigButton>
    </View>
  )
}

export function SaleUnknown({ sale, onRetry, onAbandon }: { sale: Sale; onRetry: () => void; onAbandon: () => void }) {
  return (
    <View className='sale-result sale-result--unknown'>
      <Text className='sale-result__title'>收款结果未知</Text>
      <Text className='sale-result__amount'>{formatYuan(salePrice(sale.member, sale.amountFen, sale.couponId).payFen)}</Text>
      <Text className='sale-result__reason'>{NO_ANSWER_ZH}</Text>
      <Text className='sale-result__line'>请点“重试”确认结果。同一笔订单重试不会重复扣款。</Text>
      <BigButton className='sale-result__action' onClick={onRetry}>
        重试
      </BigButton>
      <BigButton variant='plain' className='sale-result__action' onClick={onAbandon}>
        放弃这笔（请先在下方今日收款里核对）
      </BigButton>
      <Text className='sale-result__meta'>单号 {sale.merchantOrderNo}</Text>
    </View>
  )
}
