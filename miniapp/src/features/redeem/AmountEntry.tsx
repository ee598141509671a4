import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { formatYuan, type Fen, type MemberCodeInspection } from '@jucard/shared'
import { useFocusOnMount } from '@/platform/focus'
import { decimalInputProps } from '@/platform/input'
import { BigButton } from '../ui/BigButton'
import { checkAmount, pressKey } from './amount'
import { proposedCoupon } from './coupons'
import { Keypad } from './Keypad'
import type { AcceptedCode } from './member-code-entry'
import { MemberPanel } from './MemberPanel'
import { salePrice, wholeBalanceSplit } from './sale-price'
import './till.css'

const AMOUNT_FIELD_ID = 'till-amount-field'

interface Props {
  code: AcceptedCode
  member: MemberCodeInspection
  initialText: string
  onAccept: (amountFen: Fen) => void
  /** 余额不足: charge the whole balance of the card for a bill of `billFen`. */
  onChargeWholeBalance: (billFen: Fen) => void
  onRescan: () => void
}

/**
 * Step 2: the amount in yuan, typed or tapped on the keypad; checked to the fen before the confirmation. A bill
 * above the card's balance is stopped here with what is available, and the choice to charge all of it.
 */
export function AmountEntry({ code, member, initialText, onAccept, onChargeWholeBalance, onRescan }: Props) {
  const [text, setText] = useState(initialText)
  const [hint, setHint] = useState<string | null>(null)
  const [shortBillFen, setShortBillFen] = useState<Fen | null>(null)
  useFocusOnMount(AMOUNT_FIELD_ID)
  const availableFen = member.balance.totalFen

  const accept = (value: string) => {
    const check = checkAmount(value)
    if (!check.ok) setHint(check.messageZh)
    // the best coupon and the member's level lower what the card must hold
    else if (salePrice(member, check.amountFen, proposedCoupon(member, check.amountFen)).payFen > availableFen) setShortBillFen(check.amountFen)
    else onAccept(check.amountFen)
  }

  return (
    <View className='till-step amount-entry'>
      <View className='amount-entry__code'>
        <Text className='amount-entry__code-label'>会员码 {code.label}</Text>
        <Text className='amount-entry__rescan' onClick={onRescan}>
          重新扫码
        </Text>
      </View>
      <MemberPanel member={member} />
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
            setShortBillFen(null)
          }}
          onConfirm={(event) => accept(event.detail.value)}
        />
      </View>
      {hint && <Text className='till-step__hint'>{hint}</Text>}
      {shortBillFen !== null && (
        <View className='amount-entry__short' role='alert'>
          <Text className='amount-entry__short-text'>
            余额不足：卡内可用 {formatYuan(availableFen)}，本单 {formatYuan(shortBillFen)}
          </Text>
          {availableFen > 0 ? (
            <BigButton variant='secondary' onClick={() => onChargeWholeBalance(shortBillFen)}>
              {`先扣卡内全部 ${formatYuan(availableFen)}，其余 ${formatYuan(wholeBalanceSplit(member, shortBillFen).restFen)} 用其他方式收`}
            </BigButton>
          ) : (
            <Text className='amount-entry__short-text'>卡里没有余额了，请用其他方式收款，或请顾客先充值</Text>
          )}
        </View>
      )}
      <Keypad
        onPress={(key) => {
          setHint(null)
          setShortBillFen(null)
          setText((current) => pressKey(current, key))
        }}
      />
      <BigButton onClick={() => accept(text)}>下一步：核对金额</BigButton>
    </View>
  )
}
