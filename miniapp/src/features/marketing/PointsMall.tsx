import { View, Text } from '@tarojs/components'
import { couponTermsLabel, shanghaiDate, type PointsExchangeView, type PointsItemView, type PointsMallView } from '@jucard/shared'
import { BigButton } from '../ui/BigButton'
import { StatePanel } from '../ui/StatePanel'
import { couponFigure, exchangedCouponValidity } from './coupon-labels'
import type { PointsExchange } from './use-points-exchange'
import './marketing.css'

interface Props {
  mall: PointsMallView
  exchange: PointsExchange
  /** 我的券, where an exchanged coupon lands. */
  onOpenCoupons: () => void
}

/** "2026-12-31" → "2026年12月31日" */
function expiringDayText(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return `${year}年${month}月${date}日`
}

/** 积分商城 of one card: its merchant and points, what an exchange just did, then the coupons on offer for points. */
export function PointsMall({ mall, exchange, onOpenCoupons }: Props) {
  const { state } = exchange
  return (
    <View className='points-mall'>
      <View className='points-mall__head'>
        <Text className='points-mall__merchant'>{mall.merchantName}</Text>
        <Text className='points-mall__label'>我的积分</Text>
        <Text className='points-mall__points'>{mall.points}</Text>
        {mall.expiring && (
          <View className='points-mall__expiring' role='note'>
            <Text>
              {mall.expiring.points} 积分将于 {expiringDayText(mall.expiring.lastDay)}后过期，记得及时兑换
            </Text>
          </View>
        )}
        <Text className='points-mall__hint'>积分可以兑换这家商户的优惠券，兑换后放进「我的券」；先得的积分先用</Text>
      </View>

      {state.status === 'done' && <ExchangeDone exchange={state.exchange} onOpenCoupons={onOpenCoupons} onDismiss={exchange.dismiss} />}
      {state.status === 'failed' && (
        <View className='points-mall__error' role='alert'>
          <Text>{state.messageZh}</Text>
        </View>
      )}

      {mall.items.length === 0 ? (
        <StatePanel kind='empty' text='商家暂未上架积分商品' />
      ) : (
        <View className='points-mall__items'>
          {mall.items.map((item) => (
            <PointsItemCard
              key={item.id}
              item={item}
              points={mall.points}
              busy={state.status === 'sending' && state.itemId === item.id}
              locked={state.status === 'sending'}
              onExchange={() => exchange.exchange(item)}
            />
          ))}
        </View>
      )}
    </View>
  )
}

interface ItemProps {
  item: PointsItemView
  points: number
  /** This item's exchange is on its way. */
  busy: boolean
  /** An exchange (of any item) is on its way: one at a time. */
  locked: boolean
  onExchange: () => void
}

/** One coupon for points: figure, name, terms and validity, its price and stock, and 兑换 (or why not). */
function PointsItemCard({ item, points, busy, locked, onExchange }: ItemProps) {
  const short = item.pointsPrice - points
  return (
    <View className='points-item' role='group' aria-label={item.coupon.name}>
      <View className='points-item__coupon'>
        <Text className='coupon-card__figure points-item__figure'>{couponFigure(item.coupon)}</Text>
        <View className='points-item__body'>
          <Text className='points-item__name'>{item.coupon.name}</Text>
          <Text className='points-item__terms'>{couponTermsLabel(item.coupon)}</Text>
          <Text className='points-item__terms'>{exchangedCouponValidity(item.coupon)}</Text>
        </View>
      </View>
      <View className='points-item__foot'>
        <View className='points-item__price'>
          <Text className='points-item__points'>{item.pointsPrice} 积分</Text>
          <Text className='points-item__stock'>剩余 {item.remaining}</Text>
          {short > 0 && <Text className='points-item__short'>积分不足，还差 {short} 积分</Text>}
        </View>
        <BigButton className='points-item__exchange' disabled={short > 0 || locked} busyText={busy ? '正在兑换…' : null} onClick={onExchange}>
          兑换
        </BigButton>
      </View>
    </View>
  )
}

/** 兑换成功: the coupon is in 我的券; the points left. */
function ExchangeDone({ exchange, onOpenCoupons, onDismiss }: { exchange: PointsExchangeView; onOpenCoupons: () => void; onDismiss: () => void }) {
  return (
    <View className='points-mall__done' role='status'>
      <Text className='points-mall__done-title'>兑换成功</Text>
      <Text className='points-mall__done-text'>
        「{exchange.coupon.name}」已放进我的券，有效期至 {shanghaiDate(new Date(exchange.coupon.validUntil))}。用去 {exchange.points} 积分，还剩 {exchange.pointsLeft} 积分。
      </Text>
      <BigButton className='points-mall__done-coupons' onClick={onOpenCoupons}>
        查看我的券
      </BigButton>
      <BigButton variant='plain' onClick={onDismiss}>
        继续兑换
      </BigButton>
    </View>
  )
}
