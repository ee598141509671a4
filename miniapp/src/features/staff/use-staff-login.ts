import { canManageMerchant, type StaffRole } from '@jucard/shared'
import { IS_H5 } from '@/platform/env'
import { replacePage } from '@/platform/navigation'
import { failureCode, merchantApi } from '../api'
import { usePasswordSignIn, type PasswordAccount } from '../api/use-password-sign-in'
import { ADMIN_DASHBOARD_PAGE } from '../merchant-admin/routes'
import { MERCHANT_TILL_PAGE } from './routes'

/** Owners and managers start in the back office (H5 only), cashiers at the till. */
export function staffHomePage(role: StaffRole): string {
  return IS_H5 && canManageMerchant(role) ? ADMIN_DASHBOARD_PAGE : MERCHANT_TILL_PAGE
}

/**
 * Where a signed-in staff member belongs. null: the session turned out dead, and the client has already gone
 * back to the login page; any other failure opens the till, which says what is wrong and offers a retry.
 */
async function homeOfSignedIn(): Promise<string | null> {
  const me = await merchantApi.getMe()
  if (me.ok) return staffHomePage(me.data.role)
  return failureCode(me.failure) === 'UNAUTHENTICATED' ? null : MERCHANT_TILL_PAGE
}

async function goHome(): Promise<void> {
  const home = await homeOfSignedIn()
  if (home) await replacePage(home)
}

const STAFF: PasswordAccount = {
  signIn: (body) => merchantApi.staffLogin(body),
  hasSession: () => merchantApi.hasSession(),
  goHome
}

/** Staff sign-in; a device that is still signed in goes straight back to work. */
export function useStaffLogin() {
  return usePasswordSignIn(STAFF)
}
