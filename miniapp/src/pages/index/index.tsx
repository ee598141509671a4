import { View, Text } from '@tarojs/components'
import { formatYuan } from '@jucard/shared'

import './index.css'

/** Wallet home: the consumer's membership cards. Placeholder until the cards feature lands. */
export default function Index() {
  return (
    <View className='wallet'>
      <Text className='wallet__title'>聚卡</Text>
      <View className='wallet__section'>
        <Text className='wallet__heading'>我的会员卡</Text>
        <Text className='wallet__balance'>{formatYuan(0)}</Text>
      </View>
      <View className='wallet__empty'>
        <Text>还没有会员卡，扫描商户二维码领取</Text>
      </View>
    </View>
  )
}
