import { usePageParams } from '@/platform/page'
import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { ADMIN_STATEMENTS_PAGE } from '@/features/merchant-admin/routes'
import { StatementDetail } from '@/features/merchant-admin/statements/StatementDetail'

/** `?statementId=` */
export default function AdminStatement() {
  const { statementId } = usePageParams('statementId')
  return (
    <AdminPage current={ADMIN_STATEMENTS_PAGE} title='结算单详情'>
      {() => <StatementDetail statementId={Number(statementId)} />}
    </AdminPage>
  )
}
