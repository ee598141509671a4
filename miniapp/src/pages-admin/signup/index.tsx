import { SignUpForm } from '@/features/merchant-admin/onboarding/SignUpForm'
import '@/features/console/console.css'

/** 商户入驻: open to anyone; the new owner is signed in and sent on to the KYC form. */
export default function AdminSignUp() {
  return (
    <main className='signup-page'>
      <SignUpForm />
    </main>
  )
}
