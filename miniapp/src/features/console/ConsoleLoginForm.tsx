import { useState } from 'react'
import type { SignInState } from '../api/use-password-sign-in'
import { Button, Notice, TextField } from './controls'
import './console.css'

/** Username and password, for the back-office consoles. */
export function ConsoleLoginForm({ title, subtitle, state, onSubmit }: { title: string; subtitle: string; state: SignInState; onSubmit: (username: string, password: string) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const submit = () => onSubmit(username, password)

  return (
    <div className='console-login'>
      <h1 className='console-login__title'>{title}</h1>
      <p className='console-login__subtitle'>{subtitle}</p>
      <TextField label='账号' value={username} onChange={setUsername} maxLength={64} autoFocus className='console-login__username' />
      <TextField label='密码' type='password' value={password} onChange={setPassword} maxLength={128} onEnter={submit} className='console-login__password' />
      {state.status === 'failed' && <Notice tone='error'>{state.messageZh}</Notice>}
      <Button variant='primary' className='console-login__submit' busyText={state.status === 'submitting' ? '正在登录…' : null} onClick={submit}>
        登录
      </Button>
    </div>
  )
}
