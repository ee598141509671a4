import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { CouponTemplates } from '@/features/merchant-admin/marketing/CouponTemplates'
import { ADMIN_COUPONS_PAGE } from '@/features/merchant-admin/routes'

export default function AdminCoupons() {
  return (
    <AdminPage current={ADMIN_COUPONS_PAGE} title='优惠券'>
      {() => <CouponTemplates />}
    </AdminPage>
  )
}
