import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { ADMIN_STORES_PAGE } from '@/features/merchant-admin/routes'
import { ClosingNotice } from '@/features/merchant-admin/closing/ClosingNotice'
import { Team } from '@/features/merchant-admin/team/Team'

export default function AdminStores() {
  return (
    <AdminPage current={ADMIN_STORES_PAGE} title='门店与员工'>
      {({ me }) => (
        <>
          <Team me={me} />
          <ClosingNotice me={me} />
        </>
      )}
    </AdminPage>
  )
}
