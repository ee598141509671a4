import { View, Text } from '@tarojs/components'
import { businessDayOf, type CardView } from '@jucard/shared'
import { dayZh } from './labels'

/**
 * A merchant's closing on its card's page (docs/compliance.md §10): the day, the reason, and what it means for the
 * money — no more top-ups, the card pays until the day, the balance is refunded after it without being asked (or
 * now, with 退卡 below). Nothing when the merchant trades on.
 */
export function MerchantClosingPanel({ card, now = new Date() }: { card: CardView; now?: Date }) {
  const closing = card.merchantClosing
  if (!closing || card.status === 'CLOSED') return null
  const closed = closing.closingDate <= businessDayOf(now)
  return (
    <View className='panel card-closing' role='alert' aria-label='商户停业公告'>
      <Text className='panel__title'>{closed ? `${card.merchantName}已停业` : `${card.merchantName}停业公告`}</Text>
      <Text className='card-closing__note'>
        {closed
          ? `商户已于 ${dayZh(closing.closingDate)}停止营业（${closing.reason}），这张卡不能再消费。卡内余额会原路退回到你付款的账户，无需申请。`
          : `商户将于 ${dayZh(closing.closingDate)}停止营业（${closing.reason}）。从现在起不能再充值；在此之前这张卡照常消费，之后卡内余额会原路退回，无需申请。你也可以现在就退卡。`}
      </Text>
    </View>
  )
}
