import { View, Text } from '@tarojs/components'
import { formatYuan, type CardMovement } from '@jucard/shared'
import { shanghaiClock } from '../redeem/shanghai-time'
import { movementKindZh } from '../wallet/labels'
import type { DayGroup } from './group-by-day'
import './history.css'

/** Money in yuan with a sign; points as a plain count. */
function amountText(movement: CardMovement): string {
  const sign = movement.amount > 0 ? '+' : ''
  if (movement.ledger === 'POINTS') return `${sign}${movement.amount} 积分`
  return `${sign}${formatYuan(movement.amount)}`
}

function detailZh(movement: CardMovement): string {
  if (movement.ledger === 'BONUS') return movement.kind === 'BONUS' ? '赠送金' : `${movementKindZh(movement.kind)} · 赠送金`
  if (movement.ledger === 'POINTS') return '积分'
  return `${movementKindZh(movement.kind)} · 本金`
}

export function MovementList({ groups }: { groups: DayGroup[] }) {
  return (
    <View className='movements'>
      {groups.map((group) => (
        <View key={group.day} className='movements__day'>
          <Text className='movements__day-label'>{group.label}</Text>
          <View className='movements__rows'>
            {group.items.map((movement) => (
              <View key={movement.id} className={`movements__row movements__row--${movement.kind.toLowerCase()}`}>
                <View className='movements__what'>
                  <Text className='movements__kind'>{movementKindZh(movement.kind)}</Text>
                  <Text className='movements__detail'>
                    {shanghaiClock(movement.occurredAt)} · {detailZh(movement)}
                  </Text>
                </View>
                <Text className={`movements__amount${movement.amount > 0 ? ' movements__amount--in' : ''}`}>{amountText(movement)}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}
