import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { KycForm } from '@/features/merchant-admin/onboarding/KycForm'
import { ADMIN_KYC_PAGE } from '@/features/merchant-admin/routes'

/** 商户资料: submit KYC, or correct and resubmit it after a rejection. */
export default function AdminKyc() {
  return (
    <AdminPage current={ADMIN_KYC_PAGE} title='商户资料'>
      {({ merchant }) => <KycForm merchant={merchant} />}
    </AdminPage>
  )
}
