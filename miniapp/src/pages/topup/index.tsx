import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { formatYuan, type CardProductView, type CardView, type PaymentChannelName } from '@jucard/shared'
import { consumerApi } from '@/features/api'
import { AmountPicker } from '@/features/topup/AmountPicker'
import { checkAmount, type AmountChoice } from '@/features/topup/amount'
import { ChannelPicker } from '@/features/topup/ChannelPicker'
import { useTopUp } from '@/features/topup/use-topup'
import { useReceiptSubscription } from '@/features/receipts/use-receipt-subscription'
import { BigButton } from '@/features/ui/BigButton'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { ProductTerms, RefundTermsNote } from '@/features/wallet/ProductTerms'
import { productTerms } from '@/features/wallet/product-terms'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'
import '@/features/topup/topup.css'

/** Top-up: choose an amount and a channel, read the rules, pay. */
export default function TopUp() {
  const { cardId } = usePageParams('cardId')
  const loaded = useLoad(async () => {
    const card = await consumerApi.getCard(cardId)
    if (!card.ok) return card
    return { ok: true as const, data: { card: card.data, product: productTerms(card.data) } }
  }, [cardId])

  if (!cardId) return <StatePanel kind='error' text='没有找到这张会员卡' />
  if (loaded.state.status !== 'ready') return <Loading load={loaded} />
  return <TopUpForm card={loaded.state.data.card} product={loaded.state.data.product} />
}

function TopUpForm({ card, product }: { card: CardView; product: CardProductView | null }) {
  const firstTier = product?.tiers[0]
  const [choice, setChoice] = useState<AmountChoice | null>(firstTier ? { kind: 'tier', tier: firstTier } : null)
  const [channel, setChannel] = useState<PaymentChannelName>('WECHATPAY')
  const [touched, setTouched] = useState(false)
  const topUp = useTopUp(card)
  const checked = choice ? checkAmount(choice, card, product) : null

  const receipts = useReceiptSubscription('TOPUP')

  const pay = async () => {
    setTouched(true)
    if (!checked?.ok) return
    // WeChat opens its 订阅消息 dialog only straight after a tap: asked here, answered before the payment sheet
    await receipts.ask()
    await topUp.pay(checked.payFen, channel)
  }

  return (
    <View className='topup screen'>
      <View className='panel'>
        <Text className='panel__title'>
          {card.merchantName} · {card.productName}
        </Text>
        <Text className='topup__balance'>当前余额 {formatYuan(card.balance.totalFen)}</Text>
      </View>
      <View className='panel'>
        <Text className='panel__title'>充值金额</Text>
        <AmountPicker product={product} choice={choice} onChange={setChoice} />
      </View>
      <View className='panel'>
        <Text className='panel__title'>支付方式</Text>
        <ChannelPicker value={channel} onChange={setChannel} />
      </View>
      <View className='panel'>
        <Text className='panel__title'>充值须知</Text>
        {product ? <ProductTerms product={product} /> : <RefundTermsNote />}
      </View>
      {checked?.ok && (
        <Text className='topup__summary'>
          支付 {formatYuan(checked.payFen)}
          {checked.bonusFen > 0 ? `，到账 ${formatYuan(checked.payFen)} + 赠送 ${formatYuan(checked.bonusFen)}` : ''}
        </Text>
      )}
      {checked && !checked.ok && (touched || (choice?.kind === 'custom' && choice.text !== '')) && <Text className='topup__error'>{checked.messageZh}</Text>}
      {touched && !choice && <Text className='topup__error'>请选择充值金额</Text>}
      {topUp.state.status === 'failed' && <Text className='topup__error'>{topUp.state.messageZh}</Text>}
      <BigButton className='topup__pay' disabled={!checked?.ok} busyText={topUp.state.status === 'paying' ? '正在打开支付…' : null} onClick={() => void pay()}>
        {checked?.ok ? `确认支付 ${formatYuan(checked.payFen)}` : '确认支付'}
      </BigButton>
    </View>
  )
}
