import { View, Text } from '@tarojs/components'
import type { CouponView } from '@jucard/shared'
import { COUPON_STATUS_ZH, couponFigure, couponSubtitle } from './coupon-labels'
import './marketing.css'

/** One coupon in the 券 list: the figure, its name and merchant, terms and validity; used or expired ones greyed. */
export function CouponCard({ coupon, onOpen }: { coupon: CouponView; onOpen: () => void }) {
  return (
    <View className={`coupon-card coupon-card--${coupon.status.toLowerCase()}`} role='button' onClick={onOpen}>
      <Text className='coupon-card__figure'>{couponFigure(coupon)}</Text>
      <View className='coupon-card__body'>
        <Text className='coupon-card__name'>{coupon.name}</Text>
        <Text className='coupon-card__merchant'>{coupon.merchantName}</Text>
        <Text className='coupon-card__terms'>{couponSubtitle(coupon)}</Text>
      </View>
      {coupon.status !== 'AVAILABLE' && <Text className='coupon-card__status'>{COUPON_STATUS_ZH[coupon.status]}</Text>}
    </View>
  )
}
