import { useState } from 'react'
import type { PasswordLoginRequest, TokenPair } from '@jucard/shared'
import { failureMessageZh, type ApiResult } from './failure'

export type SignInState = { status: 'idle' } | { status: 'submitting' } | { status: 'failed'; messageZh: string }

/**
 * Username-and-password sign-in for one kind of account (staff at the till, operators at the console): checks
 * the form, signs in, then goes where a signed-in account belongs; a device still signed in goes there at once.
 */
export function usePasswordSignIn(account: {
  signIn: (body: PasswordLoginRequest) => Promise<ApiResult<TokenPair>>
  hasSession: () => Promise<boolean>
  goHome: () => Promise<void>
}) {
  const [state, setState] = useState<SignInState>({ status: 'idle' })
  return {
    state,
    async login(username: string, password: string) {
      if (!username.trim() || !password) {
        setState({ status: 'failed', messageZh: '请输入账号和密码' })
        return
      }
      setState({ status: 'submitting' })
      const result = await account.signIn({ username: username.trim(), password })
      if (!result.ok) {
        setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
        return
      }
      await account.goHome()
    },
    async resumeIfSignedIn() {
      if (await account.hasSession()) await account.goHome()
    }
  }
}
