import { View } from '@tarojs/components'
import { consumerApi } from '@/features/api'
import { PointsMall } from '@/features/marketing/PointsMall'
import { usePointsExchange } from '@/features/marketing/use-points-exchange'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { COUPONS_PAGE } from '@/features/wallet/routes'
import { openPage } from '@/platform/navigation'
import { usePageParams, usePullToRefresh, useReturnToForeground } from '@/platform/page'

import '@/features/wallet/wallet.css'

/** 积分商城 of one card (`?cardId=`): that merchant's coupons for the card's points. */
export default function PointsMallPage() {
  const { cardId } = usePageParams('cardId')
  const mall = useLoad(() => consumerApi.pointsMall(cardId), [cardId])
  // after an exchange (or a refusal that means the offer changed): the points and stock as they are now
  const exchange = usePointsExchange(cardId, () => void mall.reload())
  usePullToRefresh(mall.reload)
  // points are earned at the counter and spent here: fresh figures whenever the page is seen again
  useReturnToForeground(() => void mall.reload())

  if (!cardId) return <StatePanel kind='error' text='没有找到这张会员卡' />
  if (mall.state.status !== 'ready') return <Loading load={mall} text='正在加载积分商城…' />
  return (
    <View className='screen'>
      <PointsMall mall={mall.state.data} exchange={exchange} onOpenCoupons={() => void openPage(COUPONS_PAGE)} />
    </View>
  )
}
