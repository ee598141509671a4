import { View, Text } from '@tarojs/components'
import { formatYuan, type CardBalance } from '@jucard/shared'
import './wallet.css'

/** Principal (paid, refundable) and bonus (gift, not refundable) side by side, with points. */
export function BalanceSplit({ balance, compact = false }: { balance: CardBalance; compact?: boolean }) {
  return (
    <View className={`balance-split${compact ? ' balance-split--compact' : ''}`}>
      <View className='balance-split__item'>
        <Text className='balance-split__label'>本金</Text>
        <Text className='balance-split__value balance-split__principal'>{formatYuan(balance.principalFen)}</Text>
      </View>
      <View className='balance-split__item'>
        <Text className='balance-split__label'>赠送金</Text>
        <Text className='balance-split__value balance-split__bonus'>{formatYuan(balance.bonusFen)}</Text>
      </View>
      {!compact && (
        <View className='balance-split__item'>
          <Text className='balance-split__label'>积分</Text>
          <Text className='balance-split__value balance-split__points'>{balance.points}</Text>
        </View>
      )}
    </View>
  )
}
