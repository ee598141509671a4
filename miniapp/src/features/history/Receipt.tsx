import { View, Text } from '@tarojs/components'
import { formatYuan, shanghaiWallClock, type CardReceipt } from '@jucard/shared'
import { channelNameZh, movementKindZh } from '../wallet/labels'
import { eventAmountText } from './event-text'
import './history.css'

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-25 14:30:05" in Shanghai. */
function receiptTime(iso: string): string {
  const c = shanghaiWallClock(new Date(iso))
  return `${c.year}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='receipt__row'>
      <Text className='receipt__label'>{label}</Text>
      <Text className='receipt__value'>{value}</Text>
    </View>
  )
}

/** The receipt of one event: order number, time, store, cashier and what the card paid. */
export function Receipt({ receipt }: { receipt: CardReceipt }) {
  const paid = (fen: number) => formatYuan(Math.abs(fen))
  return (
    <View className='receipt'>
      <Text className='receipt__kind'>{movementKindZh(receipt.kind)}</Text>
      <Text className={`receipt__amount${receipt.amountFen > 0 ? ' movements__amount--in' : ''}`}>{eventAmountText(receipt)}</Text>
      <Row label='商户' value={receipt.merchantName} />
      {receipt.storeName && <Row label='门店' value={receipt.storeName} />}
      {receipt.orderNo && <Row label={receipt.kind === 'REVERSAL' ? '原订单号' : '订单号'} value={receipt.orderNo} />}
      <Row label='时间' value={receiptTime(receipt.occurredAt)} />
      {receipt.cashierName && <Row label='收银员' value={receipt.cashierName} />}
      {receipt.channel && <Row label='支付方式' value={channelNameZh(receipt.channel)} />}
      <Row label='会员卡' value={receipt.cardNoMasked} />
      {receipt.principalFen !== 0 && <Row label={receipt.principalFen < 0 ? '本金支付' : '本金'} value={paid(receipt.principalFen)} />}
      {receipt.bonusFen !== 0 && <Row label={receipt.bonusFen < 0 ? '赠送金支付' : '赠送金'} value={paid(receipt.bonusFen)} />}
      {receipt.points !== 0 && <Row label='积分' value={`${receipt.points > 0 ? '+' : ''}${receipt.points}`} />}
      {receipt.coupon && <Row label='优惠券' value={`${receipt.coupon.name} -${formatYuan(receipt.coupon.discountFen)}`} />}
      <Row label='交易后余额' value={formatYuan(receipt.balanceAfter.totalFen)} />
    </View>
  )
}
