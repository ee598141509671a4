import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { openPage } from '@/platform/navigation'
import { scanCode } from '@/platform/scan'
import { BigButton } from '../ui/BigButton'
import { claimTokenOf } from './claim-link'
import { claimPage } from './routes'
import './wallet.css'

/** How a card gets into the wallet: scan the merchant's 领卡 QR here, or open the link the merchant sent. */
export function AddCard() {
  const [problem, setProblem] = useState<string | null>(null)

  async function scan() {
    setProblem(null)
    const outcome = await scanCode()
    if (outcome.kind === 'cancelled') return
    if (outcome.kind === 'failed') {
      return setProblem(outcome.reason === 'denied' ? '没有相机权限，请在设置中允许使用相机后再试' : '无法打开相机，可以直接打开商户发给你的领卡链接')
    }
    const token = claimTokenOf(outcome.text)
    if (!token) return setProblem('这不是聚卡的领卡二维码，请扫描商户店内的「领卡」二维码')
    await openPage(claimPage(token))
  }

  return (
    <View className='add-card'>
      <Text className='add-card__title'>添加会员卡</Text>
      <Text className='add-card__step'>1. 在商户店里找到「领卡」二维码，点下方按钮扫码</Text>
      <Text className='add-card__step'>2. 或者直接打开商户发给你的领卡链接</Text>
      <Text className='add-card__step'>3. 确认卡片规则后点「领取」，卡就会出现在这里</Text>
      <BigButton className='add-card__scan' onClick={() => void scan()}>
        扫码领卡
      </BigButton>
      {problem && (
        <View className='add-card__problem' role='alert'>
          <Text>{problem}</Text>
        </View>
      )}
    </View>
  )
}
