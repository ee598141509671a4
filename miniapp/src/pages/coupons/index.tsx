import { View } from '@tarojs/components'
import { consumerApi } from '@/features/api'
import { CouponList } from '@/features/marketing/CouponList'
import { Loading } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { couponPage } from '@/features/wallet/routes'
import { openPage } from '@/platform/navigation'
import { usePullToRefresh, useReturnToForeground } from '@/platform/page'

import '@/features/wallet/wallet.css'

/** 我的券: every coupon the shopper holds, across merchants. */
export default function CouponsPage() {
  const coupons = useLoad(() => consumerApi.listCoupons())
  usePullToRefresh(coupons.reload)
  // a coupon is used at the counter: fresh states whenever the list is seen again
  useReturnToForeground(() => void coupons.reload())

  if (coupons.state.status !== 'ready') return <Loading load={coupons} text='正在加载你的优惠券…' />
  return (
    <View className='screen'>
      <CouponList coupons={coupons.state.data} onOpen={(coupon) => void openPage(couponPage(coupon.id))} />
    </View>
  )
}
