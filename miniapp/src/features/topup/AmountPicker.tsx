import { View, Text, Input } from '@tarojs/components'
import { formatYuan, type CardProductView } from '@jucard/shared'
import { decimalInputProps } from '@/platform/input'
import type { AmountChoice } from './amount'
import { rewardText, type OfferedTier } from './campaign-offer'
import './topup.css'

/** The tiers ("充500送50", a running campaign's "送 ¥30 + 100积分") and, where allowed, an amount of the shopper's own. */
export function AmountPicker({ product, tiers, choice, onChange }: { product: CardProductView | null; tiers: OfferedTier[]; choice: AmountChoice | null; onChange: (choice: AmountChoice) => void }) {
  const customAllowed = product?.allowCustomAmount ?? true
  const customText = choice?.kind === 'custom' ? choice.text : ''
  return (
    <View>
      {tiers.length > 0 && (
        <View className='tier-grid'>
          {tiers.map((tier) => {
            const selected = choice?.kind === 'tier' && choice.tier.payFen === tier.payFen
            return (
              <View key={tier.payFen} className={`tier-grid__tier${selected ? ' tier-grid__tier--selected' : ''}`} onClick={() => onChange({ kind: 'tier', tier: { payFen: tier.payFen, bonusFen: tier.bonusFen } })}>
                <Text className='tier-grid__pay'>{formatYuan(tier.payFen)}</Text>
                <Text className={tier.bonusFen > 0 || tier.extras ? 'tier-grid__bonus' : 'tier-grid__plain'}>{rewardText(tier)}</Text>
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
