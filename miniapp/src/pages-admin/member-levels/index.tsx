import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { MemberLevels } from '@/features/merchant-admin/marketing/MemberLevels'
import { ADMIN_MEMBER_LEVELS_PAGE } from '@/features/merchant-admin/routes'

export default function AdminMemberLevels() {
  return (
    <AdminPage current={ADMIN_MEMBER_LEVELS_PAGE} title='会员等级'>
      {() => <MemberLevels />}
    </AdminPage>
  )
}
