import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { RiskHolds } from '@/features/merchant-admin/risk/RiskHolds'
import { ADMIN_RISK_HOLDS_PAGE } from '@/features/merchant-admin/routes'

export default function AdminRiskHolds() {
  return (
    <AdminPage current={ADMIN_RISK_HOLDS_PAGE} title='风控审核'>
      {() => <RiskHolds />}
    </AdminPage>
  )
}
