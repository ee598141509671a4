import { View } from '@tarojs/components'
import { consumerApi } from '@/features/api'
import { CouponDetail } from '@/features/marketing/CouponDetail'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'

/** One coupon: its terms, validity, stores and how to use it. */
export default function CouponPage() {
  const { id } = usePageParams('id')
  const coupon = useLoad(() => consumerApi.getCoupon(id), [id])

  if (!id) return <StatePanel kind='error' text='没有找到这张券' />
  if (coupon.state.status !== 'ready') return <Loading load={coupon} text='正在加载优惠券…' />
  return (
    <View className='screen'>
      <CouponDetail coupon={coupon.state.data} />
    </View>
  )
}
