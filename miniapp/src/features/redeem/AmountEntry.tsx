import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { Fen } from '@jucard/shared'
import { useFocusOnMount } from '@/platform/focus'
import { decimalInputProps } from '@/platform/input'
import { BigButton } from '../ui/BigButton'
import { checkAmount, pressKey } from './amount'
import { Keypad } from './Keypad'
import type { AcceptedCode } from './member-code-entry'
import './till.css'

const AMOUNT_FIELD_ID = 'till-amount-field'

interface Props {
  code: AcceptedCode
  initialText: string
  onAccept: (amountFen: Fen) => void
  onRescan: () => void
}

/** Step 2: the amount in yuan, typed or tapped on the keypad; checked to the fen before the confirmation. */
export function AmountEntry({ code, initialText, onAccept, onRescan }: Props) {
  const [text, setText] = useState(initialText)
  const [hint, setHint] = useState<string | null>(null)
  useFocusOnMount(AMOUNT_FIELD_ID)

  const accept = (value: string) => {
    const check = checkAmount(value)
    if (check.ok) onAccept(check.amountFen)
    else setHint(check.messageZh)
  }

  return (
    <View className='till-step amount-entry'>
      <View className='amount-entry__code'>
        <Text className='amount-entry__code-label'>会员码 {code.label}</Text>
        <Text className='amount-entry__rescan' onClick={onRescan}>
          重新扫码
        </Text>
      </View>
      <Text className='till-step__title'>输入收款金额</Text>
      <View className='amount-entry__field'>
        <Text className='amount-entry__currency'>¥</Text>
        <Input
          {...decimalInputProps}
          id={AMOUNT_FIELD_ID}
          className='amount-entry__input'
          focus
          value={text}
          maxlength={14}
          confirmType='next'
          placeholder='0.00'
          onInput={(event) => {
            setText(event.detail.value)
            setHint(null)
          }}
          onConfirm={(event) => accept(event.detail.value)}
        />
      </View>
      {hint && <Text className='till-step__hint'>{hint}</Text>}
      <Keypad
        onPress={(key) => {
          setHint(null)
          setText((current) => pressKey(current, key))
        }}
      />
      <BigButton onClick={() => accept(text)}>下一步：核对金额</BigButton>
    </View>
  )
}
