import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { ADMIN_STATEMENTS_PAGE } from '@/features/merchant-admin/routes'
import { StatementList } from '@/features/merchant-admin/statements/StatementList'

export default function AdminStatements() {
  return (
    <AdminPage current={ADMIN_STATEMENTS_PAGE} title='结算单'>
      {() => <StatementList />}
    </AdminPage>
  )
}
