import { View, Text } from '@tarojs/components'
import { PAYMENT_CHANNELS, type PaymentChannelName } from '@jucard/shared'
import { channelNameZh } from '../wallet/labels'
import './topup.css'

/** 微信支付 / 支付宝 / 云闪付; the platform may route to another enabled channel and says so on the result. */
export function ChannelPicker({ value, onChange }: { value: PaymentChannelName; onChange: (channel: PaymentChannelName) => void }) {
  return (
    <View className='channel-picker'>
      {PAYMENT_CHANNELS.map((channel) => (
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
