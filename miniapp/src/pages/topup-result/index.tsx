import { View, Text } from '@tarojs/components'
// before the ui components, in the order the top-up page loads them (one CSS order for the shared chunk)
import '@/features/topup/topup.css'
import { formatYuan } from '@jucard/shared'
import { useTopUpResult } from '@/features/topup/use-topup-result'
import { BigButton } from '@/features/ui/BigButton'
import { StatePanel } from '@/features/ui/StatePanel'
import { channelNameZh } from '@/features/wallet/labels'
import { cardPage, topUpPage, WALLET_PAGE } from '@/features/wallet/routes'
import { replacePage, restartAt } from '@/platform/navigation'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'


/** Where the cashier (H5) or the pay sheet (weapp) returns: waits for the server to confirm the credit. */
export default function TopUpResult() {
  const { orderId } = usePageParams('orderId')
  const { outcome, askAgain } = useTopUpResult(orderId)

  if (!orderId) return <StatePanel kind='error' text='没有找到这笔充值' />
  const order = 'order' in outcome ? outcome.order : null
  const openCard = () => (order ? replacePage(cardPage(order.cardId)) : restartAt(WALLET_PAGE))

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
          <Text className='topup-result__line'>{outcome.order.channel ? `通过${channelNameZh(outcome.order.channel)} · ` : ''}已存入会员卡</Text>
        </View>
      )}
      {outcome.status === 'closed' && (
        <View className='topup-result topup-result--closed'>
          <Text className='topup-result__title'>{outcome.order.status === 'FAILED' ? '支付失败' : '支付未完成'}</Text>
          <Text className='topup-result__line'>这笔充值没有扣款，卡内余额没有变化。可以返回重新充值。</Text>
          <BigButton className='topup-result__again' variant='secondary' onClick={() => void replacePage(topUpPage(outcome.order.cardId))}>
            重新充值
          </BigButton>
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
