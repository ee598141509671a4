import { View, Text } from '@tarojs/components'
import { couponTermsLabel, formatYuan, type Fen, type MemberCodeInspection } from '@jucard/shared'
import { discountRateZh } from '../marketing/member-level-labels'
import { couponsFor } from './coupons'
import './till.css'

interface Props {
  member: MemberCodeInspection
  amountFen: Fen
  couponId: string | null
  onChoose: (couponId: string | null) => void
}

/** The member's coupons for this amount, best first, the chosen one marked; 不使用优惠券 is always a choice. */
export function CouponChoice({ member, amountFen, couponId, onChoose }: Props) {
  const priced = couponsFor(member, amountFen)
  if (priced.length === 0) return null
  const option = (id: string | null, title: string, detail: string) => (
    <View
      key={id ?? 'none'}
      className={`coupon-choice__option${couponId === id ? ' coupon-choice__option--chosen' : ''}`}
      role='radio'
      aria-checked={couponId === id}
      onClick={() => onChoose(id)}
    >
      <Text className='coupon-choice__title'>{title}</Text>
      <Text className='coupon-choice__detail'>{detail}</Text>
    </View>
  )
  return (
    <View className='coupon-choice' role='radiogroup' aria-label='优惠券'>
      <Text className='coupon-choice__label'>顾客可用的优惠券（已选最划算的一张）</Text>
      {priced.map(({ coupon, discountFen }) => option(coupon.couponId, `${coupon.name} · 减 ${formatYuan(discountFen)}`, couponTermsLabel(coupon)))}
      {option(null, '不使用优惠券', member.memberLevel ? `按${member.memberLevel.name} ${discountRateZh(member.memberLevel.discountRate)}从会员卡扣款` : '按原价从会员卡扣款')}
    </View>
  )
}
