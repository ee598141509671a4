import { View, Text } from '@tarojs/components'
import type { CardProductView } from '@jucard/shared'
import { productRulesZh, tierLabel } from './labels'
import './wallet.css'

/** What the card offers and its rules (bonus, refund, limits), shown before anything is paid. */
export function ProductTerms({ product }: { product: CardProductView }) {
  return (
    <View className='product-terms'>
      {product.tiers.length > 0 && (
        <View className='product-terms__tiers'>
          {product.tiers.map((tier) => (
            <Text key={tier.payFen} className={`product-terms__tier${tier.bonusFen > 0 ? ' product-terms__tier--bonus' : ''}`}>
              {tierLabel(tier)}
            </Text>
          ))}
        </View>
      )}
      {product.description && <Text className='product-terms__description'>{product.description}</Text>}
      <Text className='product-terms__heading'>使用规则</Text>
      {productRulesZh(product).map((rule) => (
        <Text key={rule} className='product-terms__rule'>
          · {rule}
        </Text>
      ))}
    </View>
  )
}

/** The refund rule alone, for cards whose product terms this device has not seen. */
export function RefundTermsNote() {
  return <Text className='product-terms__rule'>· 赠送金额不可退；退卡时按比例扣除已使用的赠送金额，未使用的本金原路退回</Text>
}
