import { replacePage } from '@/platform/navigation'
import { operatorApi } from '../api/operator-client'
import { usePasswordSignIn } from '../api/use-password-sign-in'
import { OPS_MERCHANTS_PAGE } from './routes'

/** Operator sign-in; the console opens on the review queue. */
export function useOpsLogin() {
  return usePasswordSignIn({
    signIn: (body) => operatorApi.login(body),
    hasSession: () => operatorApi.hasSession(),
    goHome: () => replacePage(OPS_MERCHANTS_PAGE)
  })
}
