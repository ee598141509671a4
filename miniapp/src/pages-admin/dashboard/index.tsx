import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { Dashboard } from '@/features/merchant-admin/dashboard/Dashboard'
import { FirstSteps } from '@/features/merchant-admin/onboarding/FirstSteps'
import { ADMIN_DASHBOARD_PAGE } from '@/features/merchant-admin/routes'

/** 经营概览: the first page owners and managers see after signing in. */
export default function AdminDashboard() {
  return (
    <AdminPage current={ADMIN_DASHBOARD_PAGE} title='经营概览'>
      {({ merchant }) => (
        <>
          <FirstSteps merchant={merchant} />
          {merchant.status === 'APPROVED' && <Dashboard />}
        </>
      )}
    </AdminPage>
  )
}
