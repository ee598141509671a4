import { replacePage } from '@/platform/navigation'
import { operatorApi } from '../api/operator-client'
import { usePasswordSignIn, type PasswordAccount } from '../api/use-password-sign-in'
import { OPS_MERCHANTS_PAGE } from './routes'

const OPERATOR: PasswordAccount = {
  signIn: (body) => operatorApi.login(body),
  hasSession: () => operatorApi.hasSession(),
  goHome: () => replacePage(OPS_MERCHANTS_PAGE)
}

/** Operator sign-in; the console opens on the review queue (at once when the browser is still signed in). */
export function useOpsLogin() {
  return usePasswordSignIn(OPERATOR)
}
