import { useState } from 'react'
import { replacePage } from '@/platform/navigation'
import { failureMessageZh, merchantApi } from '../api'
import { MERCHANT_TILL_PAGE } from './routes'

export type LoginState = { status: 'idle' } | { status: 'submitting' } | { status: 'failed'; messageZh: string }

export function useStaffLogin() {
  const [state, setState] = useState<LoginState>({ status: 'idle' })

  return {
    state,
    async login(username: string, password: string) {
      if (!username.trim() || !password) {
        setState({ status: 'failed', messageZh: '请输入账号和密码' })
        return
      }
      setState({ status: 'submitting' })
      const result = await merchantApi.staffLogin({ username: username.trim(), password })
      if (!result.ok) {
        setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
        return
      }
      await replacePage(MERCHANT_TILL_PAGE)
    },
    /** A till reopened on the same device goes straight back to work. */
    async resumeIfSignedIn() {
      if (await merchantApi.hasSession()) await replacePage(MERCHANT_TILL_PAGE)
    }
  }
}
