import { View, Text } from '@tarojs/components'
import type { MembershipView } from '@jucard/shared'
import { membershipZh } from '../marketing/member-level-labels'
import type { Loaded } from '../ui/use-load'

/**
 * The holder's 会员等级 at the card's merchant, under the cover: "金卡 · 9.5折 · 消费积分 ×1.5" and "再充值 ¥380.00 升级为钻石卡".
 * Secondary, so it never holds the page up: nothing while it loads, when it did not load, or when the merchant has no
 * levels. `offerNext: false` (the card takes no top-up now) leaves out what the next level takes.
 */
export function MembershipLine({ membership, offerNext }: { membership: Loaded<MembershipView>; offerNext: boolean }) {
  if (membership.status !== 'ready') return null
  const { level, next } = membershipZh(membership.data, { offerNext })
  if (!level && !next) return null
  return (
    <View className='membership-line'>
      {level && <Text className='membership-line__level'>{level}</Text>}
      {next && <Text className='membership-line__next'>{next}</Text>}
    </View>
  )
}
