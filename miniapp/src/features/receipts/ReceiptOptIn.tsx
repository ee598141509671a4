import { Text, View } from '@tarojs/components'
import type { SubscriptionState } from './use-receipt-subscription'

const NOTES: Record<Exclude<SubscriptionState, 'unavailable' | 'ready'>, string> = {
  accepted: '已开启：下一笔消费后，微信会通知您金额和余额',
  declined: '未开启微信通知，消费后将以短信通知您'
}

/** On the member-code page: one tap asks WeChat to let the next sale's receipt through (订阅消息). */
export function ReceiptOptIn({ state, onAsk }: { state: SubscriptionState; onAsk: () => void }) {
  if (state === 'unavailable') return null
  return (
    <View className='receipt-opt-in'>
      {state === 'ready' ? (
        <View className='receipt-opt-in__button' role='button' hoverClass='receipt-opt-in__button--pressed' onClick={onAsk}>
          <Text>消费后微信通知我</Text>
        </View>
      ) : (
        <Text className='receipt-opt-in__note'>{NOTES[state]}</Text>
      )}
    </View>
  )
}
