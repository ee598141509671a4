import { View, Text } from '@tarojs/components'
import { formatYuan, type Fen, type MemberCodeInspection } from '@jucard/shared'
import { BigButton } from '../ui/BigButton'
import { CouponChoice } from './CouponChoice'
import type { AcceptedCode } from './member-code-entry'
import { MemberPanel } from './MemberPanel'
import { hasDiscount, priceLinesZh, salePrice } from './sale-price'
import './till.css'

interface Props {
  amountFen: Fen
  storeName: string
  code: AcceptedCode
  member: MemberCodeInspection
  /** Part of the bill the card does not pay: collected another way. */
  restFen: Fen
  /** The coupon chosen, or null; `amountFen` is then the list price. */
  couponId: string | null
  onChooseCoupon: (couponId: string | null) => void
  onConfirm: () => void
  onEdit: () => void
}

/** Step 3: what the card pays, big enough to read out to the customer, with what came off the price, before any money moves. */
export function ConfirmSale({ amountFen, storeName, code, member, restFen, couponId, onChooseCoupon, onConfirm, onEdit }: Props) {
  const price = salePrice(member, amountFen, couponId)
  return (
    <View className='till-step confirm-sale'>
      <MemberPanel member={member} />
      <Text className='till-step__title'>{restFen > 0 ? '从会员卡扣款' : '请与顾客核对金额'}</Text>
      <Text className='confirm-sale__amount'>{formatYuan(price.payFen)}</Text>
      {hasDiscount(price) && <Text className='confirm-sale__price'>{priceLinesZh(price).join(' · ')}</Text>}
      {restFen === 0 && <CouponChoice member={member} amountFen={amountFen} couponId={couponId} onChoose={onChooseCoupon} />}
      {restFen > 0 && <Text className='confirm-sale__rest'>其余 {formatYuan(restFen)} 请用其他方式向顾客收取</Text>}
      <View className='confirm-sale__facts'>
        <Text className='confirm-sale__fact'>门店：{storeName}</Text>
        <Text className='confirm-sale__fact'>会员码：{code.label}</Text>
      </View>
      <BigButton onClick={onConfirm}>确认收款</BigButton>
      <BigButton variant='plain' onClick={onEdit}>
        返回修改金额
      </BigButton>
    </View>
  )
}
