import { View } from '@tarojs/components'
import { consumerApi } from '@/features/api'
import { Receipt } from '@/features/history/Receipt'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'
import '@/features/history/history.css'

/** The receipt of one line of the history. */
export default function ReceiptPage() {
  const { cardId, eventId } = usePageParams('cardId', 'eventId')
  const receipt = useLoad(() => consumerApi.getReceipt(cardId, eventId), [cardId, eventId])

  if (!cardId || !eventId) return <StatePanel kind='error' text='没有找到这笔记录' />
  if (receipt.state.status !== 'ready') return <Loading load={receipt} text='正在加载凭证…' />
  return (
    <View className='screen'>
      <Receipt receipt={receipt.state.data} />
    </View>
  )
}
