import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { Developer } from '@/features/merchant-admin/developer/Developer'
import { ADMIN_DEVELOPER_PAGE } from '@/features/merchant-admin/routes'

export default function AdminDeveloper() {
  return (
    <AdminPage current={ADMIN_DEVELOPER_PAGE} title='开发者设置'>
      {({ me }) => <Developer me={me} />}
    </AdminPage>
  )
}
