import { useEffect, useState } from 'react'
import type { PasswordLoginRequest, TokenPair } from '@jucard/shared'
import { failureMessageZh, type ApiResult } from './failure'

export type SignInState = { status: 'idle' } | { status: 'submitting' } | { status: 'failed'; messageZh: string }

export interface PasswordAccount {
  signIn: (body: PasswordLoginRequest) => Promise<ApiResult<TokenPair>>
  hasSession: () => Promise<boolean>
  goHome: () => Promise<void>
}

/**
 * Username-and-password sign-in for one kind of account (staff at the till, operators at the console): checks
 * the form, signs in, then goes where a signed-in account belongs; a device still signed in goes there at once,
 * when the page opens. `account` is a module constant: the check runs again whenever it changes.
 */
export function usePasswordSignIn(account: PasswordAccount) {
  const [state, setState] = useState<SignInState>({ status: 'idle' })

  useEffect(() => {
    void (async () => {
      if (await account.hasSession()) await account.goHome()
    })()
  }, [account])

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
    }
  }
}
