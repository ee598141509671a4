import { View, Text, Input } from '@tarojs/components'
import { formatYuan, type CardProductView } from '@jucard/shared'
import { decimalInputProps } from '@/platform/input'
import type { AmountChoice } from './amount'
import './topup.css'

/** The product's tiers ("充500送50") and, where allowed, an amount of the shopper's own. */
export function AmountPicker({ product, choice, onChange }: { product: CardProductView | null; choice: AmountChoice | null; onChange: (choice: AmountChoice) => void }) {
  const tiers = product?.tiers ?? []
  const customAllowed = product?.allowCustomAmount ?? true
  const customText = choice?.kind === 'custom' ? choice.text : ''
  return (
    <View>
      {tiers.length > 0 && (
        <View className='tier-grid'>
          {tiers.map((tier) => {
            const selected = choice?.kind === 'tier' && choice.tier.payFen === tier.payFen
            return (
              <View key={tier.payFen} className={`tier-grid__tier${selected ? ' tier-grid__tier--selected' : ''}`} onClick={() => onChange({ kind: 'tier', tier })}>
                <Text className='tier-grid__pay'>{formatYuan(tier.payFen)}</Text>
                {tier.bonusFen > 0 ? <Text className='tier-grid__bonus'>送 {formatYuan(tier.bonusFen)}</Text> : <Text className='tier-grid__plain'>无赠送</Text>}
              </View>
            )
          })}
        </View>
      )}
      {customAllowed && (
        <View className={`custom-amount${choice?.kind === 'custom' ? ' custom-amount--selected' : ''}`}>
          <Text className='custom-amount__yen'>¥</Text>
          <Input
            className='custom-amount__input'
            {...decimalInputProps}
            placeholder={product ? `其他金额，不低于 ${formatYuan(product.minTopUpFen, { symbol: false })} 元` : '输入充值金额'}
            value={customText}
            maxlength={10}
            onFocus={() => onChange({ kind: 'custom', text: customText })}
            onInput={(e) => onChange({ kind: 'custom', text: e.detail.value })}
          />
        </View>
      )}
    </View>
  )
}
