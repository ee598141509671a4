import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { BigButton } from '../ui/BigButton'
import type { useRealNameSubmit } from './use-real-name'
import '../account/account.css'
import './real-name.css'

/** 姓名 + 身份证号, checked as typed (the GB 11643 check digit) before anything is sent. */
export function RealNameForm({ submit }: { submit: ReturnType<typeof useRealNameSubmit> }) {
  const [name, setName] = useState('')
  const [idNo, setIdNo] = useState('')
  const sending = submit.state.status === 'sending'
  return (
    <View className='panel real-name'>
      <Text className='panel__title'>实名认证</Text>
      <Text className='real-name__why'>按照预付卡管理规定，记名卡充值前、或单笔/当日购卡满 1 万元时，需要核验持卡人身份。</Text>
      <View className='account-form'>
        <Text className='account-form__label'>姓名</Text>
        <Input className='account-form__input real-name__name' placeholder='与身份证上一致' maxlength={30} onInput={(e) => setName(e.detail.value)} />
        <Text className='account-form__label'>身份证号码</Text>
        <Input className='account-form__input real-name__id-no' type='idcard' placeholder='18 位身份证号码' maxlength={18} onInput={(e) => setIdNo(e.detail.value)} />
        {submit.state.status === 'failed' && <Text className='account-form__error real-name__error'>{submit.state.messageZh}</Text>}
        <BigButton className='account-form__submit real-name__submit' busyText={sending ? '正在核验身份…' : null} onClick={() => void submit.submit(name, idNo)}>
          提交认证
        </BigButton>
        <Text className='account-form__note'>身份信息加密保存，只用于实名核验和监管要求的留存（至少 5 年），页面上只显示部分号码。</Text>
      </View>
    </View>
  )
}

/** 已实名 with the masked name and number. */
export function RealNameDone({ maskedName, maskedIdNo }: { maskedName: string | null; maskedIdNo: string | null }) {
  return (
    <View className='panel real-name real-name--done'>
      <Text className='panel__title real-name__badge'>已实名</Text>
      <Text className='real-name__line'>姓名 {maskedName}</Text>
      <Text className='real-name__line real-name__masked-id'>身份证 {maskedIdNo}</Text>
    </View>
  )
}
