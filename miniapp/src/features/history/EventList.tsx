import { View, Text } from '@tarojs/components'
import { formatYuan, type CardEvent } from '@jucard/shared'
import { shanghaiClock } from '../redeem/shanghai-time'
import { eventAmountText, eventSplitText, eventTitle } from './event-text'
import type { DayGroup } from './group-by-day'
import './history.css'

/** One row per business event, by day; a tap opens its receipt. */
export function EventList({ groups, onOpen }: { groups: Array<DayGroup<CardEvent>>; onOpen: (event: CardEvent) => void }) {
  return (
    <View className='movements'>
      {groups.map((group) => (
        <View key={group.day} className='movements__day'>
          <Text className='movements__day-label'>{group.label}</Text>
          <View className='movements__rows'>
            {group.items.map((event) => (
              <View
                key={event.id}
                className={`movements__row movements__row--${event.kind.toLowerCase()}`}
                role='button'
                aria-label={`${eventTitle(event)} ${eventAmountText(event)}，查看凭证`}
                onClick={() => onOpen(event)}
              >
                <View className='movements__what'>
                  <Text className='movements__kind'>{eventTitle(event)}</Text>
                  <Text className='movements__detail'>
                    {shanghaiClock(event.occurredAt)}
                    {eventSplitText(event) ? ` · ${eventSplitText(event)}` : ''}
                  </Text>
                </View>
                <View className='movements__figures'>
                  <Text className={`movements__amount${event.amountFen > 0 ? ' movements__amount--in' : ''}`}>{eventAmountText(event)}</Text>
                  <Text className='movements__after'>余额 {formatYuan(event.balanceAfter.totalFen)}</Text>
                </View>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}
