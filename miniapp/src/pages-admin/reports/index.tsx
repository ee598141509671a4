import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { Reports } from '@/features/merchant-admin/reports/Reports'
import { ADMIN_REPORTS_PAGE } from '@/features/merchant-admin/routes'

export default function AdminReports() {
  return (
    <AdminPage current={ADMIN_REPORTS_PAGE} title='报表'>
      {() => <Reports />}
    </AdminPage>
  )
}
