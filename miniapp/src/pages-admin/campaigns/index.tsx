import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { Campaigns } from '@/features/merchant-admin/marketing/Campaigns'
import { ADMIN_CAMPAIGNS_PAGE } from '@/features/merchant-admin/routes'

export default function AdminCampaigns() {
  return (
    <AdminPage current={ADMIN_CAMPAIGNS_PAGE} title='充值活动'>
      {() => <Campaigns />}
    </AdminPage>
  )
}
