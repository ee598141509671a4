import { View, Text } from '@tarojs/components'
import { formatYuan, type Fen } from '@jucard/shared'
import { BigButton } from '../ui/BigButton'
import type { AcceptedCode } from './member-code-entry'
import './till.css'

interface Props {
  amountFen: Fen
  storeName: string
  code: AcceptedCode
  onConfirm: () => void
  onEdit: () => void
}

/** Step 3: the amount, big enough to read out to the customer, before any money moves. */
export function ConfirmSale({ amountFen, storeName, code, onConfirm, onEdit }: Props) {
  return (
    <View className='till-step confirm-sale'>
      <Text className='till-step__title'>请与顾客核对金额</Text>
      <Text className='confirm-sale__amount'>{formatYuan(amountFen)}</Text>
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
