import { View, Text } from '@tarojs/components'
// before the ui components, in the order the top-up page loads them (one CSS order for the shared chunk)
import '@/features/topup/topup.css'
import { formatYuan, shanghaiDateTime, type CardView, type TopUpView } from '@jucard/shared'
import { useTopUpResult } from '@/features/topup/use-topup-result'
import { BigButton } from '@/features/ui/BigButton'
import { StatePanel } from '@/features/ui/StatePanel'
import { channelNameZh } from '@/features/wallet/labels'
import { cardPage, topUpPage, WALLET_PAGE } from '@/features/wallet/routes'
import { replacePage, restartAt } from '@/platform/navigation'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'

function Row({ label, value, className = '' }: { label: string; value: string; className?: string }) {
  return (
    <View className={`topup-result__row ${className}`}>
      <Text className='topup-result__label'>{label}</Text>
      <Text className='topup-result__value'>{value}</Text>
    </View>
  )
}

/** What the credit left on the card: order number, when it was paid, how, and the new balance. */
function PaidDetails({ order, card }: { order: TopUpView; card: CardView | null }) {
  return (
    <View className='topup-result__details'>
      <Row label='订单号' value={order.orderId} className='topup-result__order' />
      <Row label='支付时间' value={shanghaiDateTime(new Date(order.paidAt ?? order.createdAt))} className='topup-result__time' />
      {order.channel && <Row label='支付方式' value={channelNameZh(order.channel)} />}
      {card ? (
        <Row label='当前余额' value={formatYuan(card.balance.totalFen)} className='topup-result__balance' />
      ) : (
        <Text className='topup-result__line'>余额暂时没有读到，可以在会员卡里查看</Text>
      )}
    </View>
  )
}

/** Where the cashier (H5) or the pay sheet (weapp) returns: waits for the server to confirm the credit. */
export default function TopUpResult() {
  const { orderId, cancelled } = usePageParams('orderId', 'cancelled')
  const { outcome, askAgain } = useTopUpResult(orderId, cancelled === '1')

  if (!orderId) return <StatePanel kind='error' text='没有找到这笔充值' />
  const order = 'order' in outcome ? outcome.order : null
  const openCard = () => (order ? replacePage(cardPage(order.cardId)) : restartAt(WALLET_PAGE))
  const payAgain = (cardId: string) => (
    <BigButton className='topup-result__again' variant='secondary' onClick={() => void replacePage(topUpPage(cardId))}>
      重新支付
    </BigButton>
  )

  return (
    <View className='screen'>
      {outcome.status === 'waiting' && <StatePanel kind='loading' text='正在确认支付结果，请稍候…' />}
      {outcome.status === 'failed' && <StatePanel kind='error' text={outcome.messageZh} onRetry={askAgain} />}
      {outcome.status === 'slow' && (
        <View className='topup-result'>
          <Text className='topup-result__title'>支付结果确认中</Text>
          <Text className='topup-result__line'>如果已经付款，金额会自动到账，不会重复扣款。你可以稍后在卡片明细里查看。</Text>
          <BigButton className='topup-result__again' variant='secondary' onClick={askAgain}>
            再查一次
          </BigButton>
        </View>
      )}
      {outcome.status === 'paid' && (
        <View className='topup-result topup-result--paid'>
          <Text className='topup-result__title'>充值成功</Text>
          <Text className='topup-result__amount'>
            {formatYuan(outcome.order.amountFen)}
            {outcome.order.bonusFen > 0 ? ` + 赠送 ${formatYuan(outcome.order.bonusFen)}` : ''}
          </Text>
          <Text className='topup-result__line'>已存入会员卡</Text>
          <PaidDetails order={outcome.order} card={outcome.card} />
        </View>
      )}
      {outcome.status === 'cancelled' && (
        <View className='topup-result topup-result--closed'>
          <Text className='topup-result__title'>支付已取消</Text>
          <Text className='topup-result__line'>这笔充值没有扣款，卡内余额没有变化。</Text>
          {payAgain(outcome.order.cardId)}
        </View>
      )}
      {outcome.status === 'closed' && (
        <View className='topup-result topup-result--closed'>
          <Text className='topup-result__title'>{outcome.order.status === 'FAILED' ? '支付失败' : '支付未完成'}</Text>
          <Text className='topup-result__line'>这笔充值没有扣款，卡内余额没有变化。可以返回重新充值。</Text>
          {payAgain(outcome.order.cardId)}
        </View>
      )}
      {outcome.status !== 'waiting' && (
        <BigButton className='topup-result__card' onClick={() => void openCard()}>
          查看会员卡
        </BigButton>
      )}
    </View>
  )
}
