import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { formatYuan, type CampaignOfferView, type CardProductView, type CardTermsView, type CardView, type PaymentChannelName } from '@jucard/shared'
import { consumerApi } from '@/features/api'
import { AmountPicker } from '@/features/topup/AmountPicker'
import { checkAmount, type AmountChoice } from '@/features/topup/amount'
import { offerBanner, offeredTiers } from '@/features/topup/campaign-offer'
import { ChannelPicker } from '@/features/topup/ChannelPicker'
import { useTopUp } from '@/features/topup/use-topup'
import { useReceiptSubscription } from '@/features/receipts/use-receipt-subscription'
import { BigButton } from '@/features/ui/BigButton'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { CONTRACT_NOT_AGREED, ContractConsent } from '@/features/wallet/ContractConsent'
import { ProductTerms, RefundTermsNote } from '@/features/wallet/ProductTerms'
import { productTerms } from '@/features/wallet/product-terms'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'
import '@/features/topup/topup.css'

/** Top-up: choose an amount and a channel, read the rules (and accept the card's 章程 in force), pay. */
export default function TopUp() {
  const { cardId } = usePageParams('cardId')
  const loaded = useLoad(async () => {
    const [card, contract] = await Promise.all([consumerApi.getCard(cardId), consumerApi.cardTerms(cardId)])
    if (!card.ok) return card
    if (!contract.ok) return contract
    // a campaign the page cannot read is shown as none: the server grants what the order is made under either way
    const offer = await consumerApi.campaignOffer(cardId)
    return { ok: true as const, data: { card: card.data, product: productTerms(card.data), contract: contract.data, offer: offer.ok ? offer.data : null } }
  }, [cardId])

  if (!cardId) return <StatePanel kind='error' text='没有找到这张会员卡' />
  if (loaded.state.status !== 'ready') return <Loading load={loaded} />
  const { card, product, contract, offer } = loaded.state.data
  return <TopUpForm card={card} product={product} contract={contract} offer={offer} />
}

function TopUpForm({ card, product, contract, offer }: { card: CardView; product: CardProductView | null; contract: CardTermsView; offer: CampaignOfferView | null }) {
  const tiers = offeredTiers(product, offer)
  const firstTier = tiers[0]
  const [choice, setChoice] = useState<AmountChoice | null>(firstTier ? { kind: 'tier', tier: { payFen: firstTier.payFen, bonusFen: firstTier.bonusFen } } : null)
  const [channel, setChannel] = useState<PaymentChannelName>('WECHATPAY')
  const [touched, setTouched] = useState(false)
  // the terms in force, until this consumer accepted that version: shown with a tick the payment needs
  const asked = contract.terms && !contract.accepted ? contract.terms : null
  const [agreed, setAgreed] = useState(false)
  const topUp = useTopUp(card)
  const checked = choice ? checkAmount(choice, card, product) : null

  const receipts = useReceiptSubscription('TOPUP')

  const pay = async () => {
    setTouched(true)
    if (!checked?.ok || (asked && !agreed)) return
    // WeChat opens its 订阅消息 dialog only straight after a tap: asked here, answered before the payment sheet
    await receipts.ask()
    await topUp.pay(checked.payFen, channel, asked?.version)
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
        {offer && <Text className='topup__campaign'>{offerBanner(offer)}</Text>}
        <AmountPicker product={product} tiers={tiers} choice={choice} onChange={setChoice} />
      </View>
      <View className='panel'>
        <Text className='panel__title'>支付方式</Text>
        <ChannelPicker value={channel} onChange={setChannel} />
      </View>
      <View className='panel'>
        <Text className='panel__title'>充值须知</Text>
        {product ? <ProductTerms product={product} /> : <RefundTermsNote />}
      </View>
      {asked && (
        <View className='panel'>
          <Text className='panel__title'>{asked.version > 1 ? '本卡章程已更新，请阅读' : '充值前请阅读'}</Text>
          <ContractConsent terms={asked} agreed={agreed} onChange={setAgreed} />
        </View>
      )}
      {touched && asked && !agreed && <Text className='topup__error'>{CONTRACT_NOT_AGREED}</Text>}
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
