import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { IS_H5 } from '@/platform/env'
import { useFocusOnMount } from '@/platform/focus'
import { BigButton } from '../ui/BigButton'
import type { SignInState } from '../api/use-password-sign-in'
import './staff.css'

const USERNAME_FIELD_ID = 'staff-login-username'

/**
 * Staff sign-in: the account the owner or manager created for this person. The cursor starts in the account
 * field: in the mini-program through the Input's `focus`; on H5 once, on mount, because there Taro's Input
 * focuses its field again every time it re-renders with `focus` set, which pulled the cursor back from the
 * password field when the account's last keystrokes rendered a moment after the person moved on.
 */
export function LoginForm({ state, onSubmit }: { state: SignInState; onSubmit: (username: string, password: string) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  useFocusOnMount(USERNAME_FIELD_ID)
  const submit = () => onSubmit(username, password)

  return (
    <View className='login-form'>
      {/* owners, managers and cashiers all sign in here: owners and managers go on to the back office */}
      <Text className='login-form__title'>聚卡商户登录</Text>
      <Text className='login-form__subtitle'>店主、店长和收银员都在这里登录。收银员请使用店主或店长为您开通的账号</Text>
      <Text className='login-form__label'>员工账号</Text>
      <Input id={USERNAME_FIELD_ID} className='login-form__input login-form__username' focus={!IS_H5} placeholder='员工账号' maxlength={64} onInput={(e) => setUsername(e.detail.value)} confirmType='next' />
      <Text className='login-form__label'>密码</Text>
      <Input className='login-form__input login-form__password' password placeholder='密码' maxlength={128} onInput={(e) => setPassword(e.detail.value)} onConfirm={submit} confirmType='go' />
      {state.status === 'failed' && <Text className='login-form__error'>{state.messageZh}</Text>}
      <BigButton className='login-form__submit' busyText={state.status === 'submitting' ? '正在登录…' : null} onClick={submit}>
        登录
      </BigButton>
    </View>
  )
}
