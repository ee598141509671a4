import { View, Text } from '@tarojs/components'
import { couponTermsLabel, shanghaiDateTime, type CouponView } from '@jucard/shared'
import { COUPON_SOURCE_ZH, COUPON_STATUS_ZH, couponFigure } from './coupon-labels'
import './marketing.css'

/** One coupon: what it takes off, when and where it works, and how to use it at the counter. */
export function CouponDetail({ coupon }: { coupon: CouponView }) {
  const when = (iso: string) => shanghaiDateTime(new Date(iso))
  return (
    <View className='coupon-detail'>
      <View className={`coupon-card coupon-card--${coupon.status.toLowerCase()}`}>
        <Text className='coupon-card__figure'>{couponFigure(coupon)}</Text>
        <View className='coupon-card__body'>
          <Text className='coupon-card__name'>{coupon.name}</Text>
          <Text className='coupon-card__merchant'>{coupon.merchantName}</Text>
        </View>
        <Text className='coupon-card__status'>{COUPON_STATUS_ZH[coupon.status]}</Text>
      </View>
      <View className='coupon-detail__rows'>
        <Text className='coupon-detail__row'>优惠：{couponTermsLabel(coupon)}</Text>
        <Text className='coupon-detail__row'>
          有效期：{when(coupon.validFrom)} 至 {when(coupon.validUntil)}
        </Text>
        <Text className='coupon-detail__row'>适用门店：{coupon.storeIds.length === 0 ? '该商家全部门店' : `该商家指定的 ${coupon.storeIds.length} 家门店`}</Text>
        {coupon.description && <Text className='coupon-detail__row'>说明：{coupon.description}</Text>}
        <Text className='coupon-detail__row'>获得方式：{COUPON_SOURCE_ZH[coupon.source]}</Text>
        {coupon.usedAt && <Text className='coupon-detail__row'>使用时间：{when(coupon.usedAt)}</Text>}
      </View>
      {coupon.status === 'AVAILABLE' && (
        <Text className='coupon-detail__how'>结账时打开这家商户的会员卡，出示会员码；收银员扫码后会为你选用这张券，从卡里只扣优惠后的金额。每张券只能用一次。</Text>
      )}
    </View>
  )
}
