import { useState } from 'react'
import { replacePage } from '@/platform/navigation'
import { failureMessageZh } from '../api'
import { operatorApi } from '../api/operator-client'
import type { SignInState } from '../console/ConsoleLoginForm'
import { OPS_MERCHANTS_PAGE } from './routes'

/** Operator sign-in; the console opens on the review queue. */
export function useOpsLogin() {
  const [state, setState] = useState<SignInState>({ status: 'idle' })
  return {
    state,
    async login(username: string, password: string) {
      if (!username.trim() || !password) {
        setState({ status: 'failed', messageZh: '请输入账号和密码' })
        return
      }
      setState({ status: 'submitting' })
      const result = await operatorApi.login({ username: username.trim(), password })
      if (!result.ok) {
        setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
        return
      }
      await replacePage(OPS_MERCHANTS_PAGE)
    },
    async resumeIfSignedIn() {
      if (await operatorApi.hasSession()) await replacePage(OPS_MERCHANTS_PAGE)
    }
  }
}
