import { View, Text } from '@tarojs/components'
import type { PaymentChannelName } from '@jucard/shared'
import { PAYABLE_CHANNELS } from '@/platform/payment'
import { channelNameZh } from '../wallet/labels'
import './topup.css'

/** The channels this build can pay with (微信支付 / 支付宝 / 云闪付 on H5, 微信支付 in WeChat); the platform may route to another enabled channel and says so on the result. */
export function ChannelPicker({ value, onChange }: { value: PaymentChannelName; onChange: (channel: PaymentChannelName) => void }) {
  return (
    <View className='channel-picker'>
      {PAYABLE_CHANNELS.map((channel) => (
        <View
          key={channel}
          className={`channel-picker__option channel-picker__option--${channel.toLowerCase()}${value === channel ? ' channel-picker__option--selected' : ''}`}
          onClick={() => onChange(channel)}
        >
          <Text className='channel-picker__name'>{channelNameZh(channel)}</Text>
          <Text className='channel-picker__tick'>{value === channel ? '●' : '○'}</Text>
        </View>
      ))}
    </View>
  )
}
