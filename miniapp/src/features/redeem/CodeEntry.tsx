import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { formatYuan, type Fen } from '@jucard/shared'
import { focusField, useFocusOnMount } from '@/platform/focus'
import { useKeyboardWedge } from '@/platform/keyboard-wedge'
import { scanCode } from '@/platform/scan'
import { BigButton } from '../ui/BigButton'
import { checkMemberCode, groupForDisplay, type AcceptedCode } from './member-code-entry'
import './till.css'

const CODE_FIELD_ID = 'till-code-field'

interface Props {
  onAccept: (code: AcceptedCode) => void
  /** After a refused code the amount carries over; shown so the cashier knows only the code is missing. */
  keepAmountFen: Fen | null
}

/**
 * Step 1 of a sale: the customer's member code. The field has focus from the start, so a USB scanner
 * (keyboard wedge: fast typing + Enter) just works; people can type the 18 digits, or tap 扫码 for the camera.
 * The field is deliberately uncontrolled: a scanner types faster than React re-renders, and writing the
 * value back would drop characters. The grouped preview below shows what was read.
 */
export function CodeEntry({ onAccept, keepAmountFen }: Props) {
  const [text, setText] = useState('')
  const [hint, setHint] = useState<string | null>(null)
  const [scanning, setScanning] = useState(false)
  useFocusOnMount(CODE_FIELD_ID)

  const accept = (input: string) => {
    const check = checkMemberCode(input)
    if (check.ok) onAccept(check.code)
    else setHint(check.messageZh)
  }

  useKeyboardWedge((scanned) => {
    setText(scanned)
    accept(scanned)
  }, !scanning)

  const openCamera = async () => {
    setHint(null)
    setScanning(true)
    const outcome = await scanCode()
    setScanning(false)
    switch (outcome.kind) {
      case 'scanned':
        setText(outcome.text)
        accept(outcome.text)
        return
      case 'cancelled':
        focusField(CODE_FIELD_ID)
        return
      case 'failed':
        setHint(
          outcome.reason === 'denied'
            ? '没有相机权限。请在浏览器设置里允许使用相机，或用扫码枪、手动输入'
            : '这台设备无法打开相机，请用扫码枪或手动输入会员码'
        )
    }
  }

  return (
    <View className='till-step code-entry'>
      <Text className='till-step__title'>扫描顾客会员码</Text>
      {keepAmountFen !== null && <Text className='till-step__note'>收款金额 {formatYuan(keepAmountFen)}，请重新扫码</Text>}
      <View className='code-entry__row'>
        <Input
          id={CODE_FIELD_ID}
          className='code-entry__input'
          focus
          maxlength={80}
          confirmType='next'
          placeholder='扫码或输入 18 位数字'
          onInput={(event) => {
            setText(event.detail.value)
            setHint(null)
          }}
          onConfirm={(event) => accept(event.detail.value)}
        />
        <BigButton className='code-entry__scan' busyText={scanning ? '扫码中' : null} onClick={() => void openCamera()}>
          扫码
        </BigButton>
      </View>
      <Text className='code-entry__preview'>{groupForDisplay(text) || ' '}</Text>
      {hint && <Text className='till-step__hint'>{hint}</Text>}
      <BigButton onClick={() => accept(text)}>下一步</BigButton>
    </View>
  )
}
