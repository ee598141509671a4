import { View, Text } from '@tarojs/components'
import { consumerApi } from '@/features/api'
import { useLoad } from '@/features/ui/use-load'
import { StatePanel } from '@/features/ui/StatePanel'
import { AddCard } from '@/features/wallet/AddCard'
import { CardTile } from '@/features/wallet/CardTile'
import { ACCOUNT_PAGE, COUPONS_PAGE, cardPage } from '@/features/wallet/routes'
import { openPage } from '@/platform/navigation'
import { usePullToRefresh, useReturnToForeground } from '@/platform/page'

import './index.css'

/** Wallet home: every card the shopper holds, across merchants. */
export default function Wallet() {
  const cards = useLoad(() => consumerApi.listCards())
  usePullToRefresh(cards.reload)
  // balances change at the counter and after a top-up: fresh numbers whenever the wallet is seen again
  useReturnToForeground(() => void cards.reload())

  return (
    <View className='wallet'>
      <View className='wallet__bar'>
        <Text className='wallet__title'>我的会员卡</Text>
        <View className='wallet__me' role='button' onClick={() => void openPage(COUPONS_PAGE)}>
          <Text>券</Text>
        </View>
        <View className='wallet__me' role='button' onClick={() => void openPage(ACCOUNT_PAGE)}>
          <Text>我的</Text>
        </View>
      </View>
      {cards.state.status === 'loading' && <StatePanel kind='loading' text='正在加载你的会员卡…' />}
      {cards.state.status === 'failed' && <StatePanel kind='error' text={cards.state.messageZh} onRetry={() => void cards.reload()} />}
      {cards.state.status === 'ready' && cards.state.data.length === 0 && (
        <View className='wallet__empty'>
          <StatePanel kind='empty' text='还没有会员卡' />
          <Text className='wallet__how'>在商户店里扫描「领卡」二维码，或打开商户发给你的领卡链接，就能把会员卡放进聚卡。</Text>
          <AddCard />
        </View>
      )}
      {cards.state.status === 'ready' &&
        cards.state.data.map((card) => <CardTile key={card.id} card={card} onOpen={() => void openPage(cardPage(card.id))} />)}
      {cards.state.status === 'ready' && cards.state.data.length > 0 && <Text className='wallet__hint'>点余额可查看本金与赠送金；下拉刷新</Text>}
    </View>
  )
}
