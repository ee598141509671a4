import { useState } from 'react'
import { replacePage } from '@/platform/navigation'
import { failureMessageZh, merchantApi } from '../../api'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Button, Notice, TextField } from '../../console/controls'
import { MERCHANT_LOGIN_PAGE } from '../../staff/routes'
import { ADMIN_KYC_PAGE } from '../routes'
import './onboarding.css'

type Field = 'displayName' | 'username' | 'password' | 'repeat'

/** 商户入驻: the shop's name and the owner's login; then straight on to the KYC form, signed in. */
export function SignUpForm() {
  const [values, setValues] = useState<Record<Field, string>>({ displayName: '', username: '', password: '', repeat: '' })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const change = (key: Field, value: string) => setValues((current) => ({ ...current, [key]: value }))

  async function submit() {
    const found: Partial<Record<Field, string>> = {}
    const username = values.username.trim().toLowerCase()
    if (values.displayName.trim().length < 1 || values.displayName.trim().length > 64) found.displayName = '请填写店铺名称（顾客会在会员卡上看到）'
    if (!/^[a-z0-9][a-z0-9_.-]{2,63}$/.test(username)) found.username = '3–64 位小写字母、数字或 _ . -，以字母或数字开头'
    if (values.password.length < 8) found.password = '密码至少 8 位'
    if (values.repeat !== values.password) found.repeat = '两次输入的密码不一致'
    setErrors(found)
    if (Object.keys(found).length > 0) return setFailure(null)
    setSaving(true)
    const registered = await merchantApi.registerMerchant({ displayName: values.displayName.trim(), username, password: values.password })
    if (!registered.ok) {
      setSaving(false)
      return setFailure(failureMessageZh(registered.failure))
    }
    const signedIn = await merchantApi.staffLogin({ username, password: values.password })
    setSaving(false)
    await replacePage(signedIn.ok ? ADMIN_KYC_PAGE : MERCHANT_LOGIN_PAGE)
  }

  return (
    <ConsoleCard className='signup' title='商户入驻'>
      <p className='console-card__note'>注册后提交营业执照等资料，平台审核通过即可发行会员卡。</p>
      <div className='console-form'>
        <TextField label='店铺名称' value={values.displayName} onChange={(v) => change('displayName', v)} maxLength={64} error={errors.displayName} placeholder='例如：莲花健身' />
        <TextField label='店主登录账号' value={values.username} onChange={(v) => change('username', v)} maxLength={64} error={errors.username} hint='以后用它登录商户后台和收银台' />
        <TextField label='密码' type='password' value={values.password} onChange={(v) => change('password', v)} maxLength={128} error={errors.password} />
        <TextField label='再次输入密码' type='password' value={values.repeat} onChange={(v) => change('repeat', v)} maxLength={128} error={errors.repeat} onEnter={() => void submit()} />
      </div>
      {failure && <Notice tone='error'>{failure}</Notice>}
      <div className='console-actions'>
        <Button variant='primary' busyText={saving ? '正在注册…' : null} onClick={() => void submit()}>
          注册并填写资料
        </Button>
        <Button variant='plain' disabled={saving} onClick={() => void replacePage(MERCHANT_LOGIN_PAGE)}>
          已有账号，去登录
        </Button>
      </div>
    </ConsoleCard>
  )
}
