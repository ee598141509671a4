import { View, Text } from '@tarojs/components'
import type { CouponView } from '@jucard/shared'
import { StatePanel } from '../ui/StatePanel'
import { CouponCard } from './CouponCard'
import './marketing.css'

/** 我的券: the usable ones first, then the used and expired ones under their own heading. */
export function CouponList({ coupons, onOpen }: { coupons: CouponView[]; onOpen: (coupon: CouponView) => void }) {
  if (coupons.length === 0) return <StatePanel kind='empty' text='还没有优惠券：商家发券或你从领券链接领取后会出现在这里' />
  const usable = coupons.filter((c) => c.status === 'AVAILABLE')
  const past = coupons.filter((c) => c.status !== 'AVAILABLE')
  return (
    <View className='coupon-list'>
      {usable.length === 0 && <Text className='coupon-list__none'>暂无可用的券</Text>}
      {usable.map((c) => (
        <CouponCard key={c.id} coupon={c} onOpen={() => onOpen(c)} />
      ))}
      {past.length > 0 && <Text className='coupon-list__heading'>已使用 / 已过期</Text>}
      {past.map((c) => (
        <CouponCard key={c.id} coupon={c} onOpen={() => onOpen(c)} />
      ))}
    </View>
  )
}
