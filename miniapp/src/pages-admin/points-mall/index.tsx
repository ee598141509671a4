import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { PointsItems } from '@/features/merchant-admin/marketing/PointsItems'
import { ADMIN_POINTS_MALL_PAGE } from '@/features/merchant-admin/routes'

export default function AdminPointsMall() {
  return (
    <AdminPage current={ADMIN_POINTS_MALL_PAGE} title='积分商城'>
      {() => <PointsItems />}
    </AdminPage>
  )
}
