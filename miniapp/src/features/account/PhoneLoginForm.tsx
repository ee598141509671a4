import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { phoneInputProps } from '@/platform/input'
import { BigButton } from '../ui/BigButton'
import type { useConsumerLogin } from './use-consumer-login'
import './account.css'

type Login = ReturnType<typeof useConsumerLogin>

/** H5 sign-in: phone number, a texted six-digit code, resend after the countdown. */
export function PhoneLoginForm({ login }: { login: Login }) {
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const busy = login.step.status === 'busy'
  const sendLabel = login.resendIn > 0 ? `${login.resendIn} 秒后重发` : login.codeSentTo ? '重新发送' : '获取验证码'

  return (
    <View className='account-form'>
      <Text className='account-form__label'>手机号</Text>
      <Input
        className='account-form__input account-form__phone'
        // a phone number, not a quantity: the phone keypad and no spinner
        {...phoneInputProps}
        placeholder='请输入手机号'
        maxlength={11}
        onInput={(e) => setPhone(e.detail.value.trim())}
      />
      <Text className='account-form__label'>验证码</Text>
      <View className='account-form__code-row'>
        <Input
          className='account-form__input account-form__code'
          type='number'
          placeholder='6 位验证码'
          maxlength={6}
          onInput={(e) => setCode(e.detail.value.trim())}
          onConfirm={() => void login.loginWithPhone(phone, code)}
        />
        <View
          className={`account-form__send${login.resendIn > 0 || busy ? ' account-form__send--disabled' : ''}`}
          onClick={() => {
            if (login.resendIn === 0 && !busy) void login.sendCode(phone)
          }}
        >
          <Text>{sendLabel}</Text>
        </View>
      </View>
      {login.codeSentTo && <Text className='account-form__hint'>验证码已发送至 {login.codeSentTo.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2')}，5 分钟内有效</Text>}
      {login.step.status === 'failed' && <Text className='account-form__error'>{login.step.messageZh}</Text>}
      <BigButton className='account-form__submit' busyText={busy && login.step.status === 'busy' ? login.step.textZh : null} onClick={() => void login.loginWithPhone(phone, code)}>
        登录
      </BigButton>
      <Text className='account-form__note'>未注册的手机号验证后自动创建账号</Text>
    </View>
  )
}
