import { useCallback, useRef, useState } from 'react'
import { formatYuan, type Fen, type RedemptionView } from '@jucard/shared'
import { CLIENT_TAG } from '@/platform/env'
import { merchantApi } from '../api'
import { proposedCoupon } from './coupons'
import type { AcceptedCode } from './member-code-entry'
import { newMerchantOrderNo } from './order-numbers'
import { salePrice, wholeBalanceSplit } from './sale-price'
import type { Sale, TillStep } from './till-state'

const START: TillStep = { name: 'code', keepAmountFen: null }

/** The till's sale flow for one store. `onRedeemed` runs after every successful (or replayed) redemption. */
export function useTill(storeId: string | null, onRedeemed: (redemption: RedemptionView) => void) {
  const [step, setStep] = useState<TillStep>(START)
  // a second tap on 确认收款 while the first request is in flight must not send a second sale
  const inFlight = useRef(false)
  // an answer about a code the cashier has since replaced is dropped
  const checkSeq = useRef(0)

  const submit = useCallback(
    async (sale: Sale, attempt: number) => {
      if (inFlight.current) return
      inFlight.current = true
      setStep({ name: 'submitting', sale, attempt })
      try {
        const result = await merchantApi.redeem({
          code: sale.code.value,
          amountFen: sale.amountFen,
          storeId: sale.storeId,
          merchantOrderNo: sale.merchantOrderNo,
          ...(sale.couponId ? { couponId: sale.couponId } : {})
        })
        if (result.ok) {
          setStep({ name: 'succeeded', sale, redemption: result.data })
          onRedeemed(result.data)
        } else if (result.failure.kind === 'rejected') {
          setStep({ name: 'rejected', sale, envelope: result.failure.envelope })
        } else {
          setStep({ name: 'unknown', sale, attempt })
        }
      } finally {
        inFlight.current = false
      }
    },
    [onRedeemed]
  )

  /** Asks the BFF about the code before any amount is typed, so a made-up or stale code stops here. */
  const check = async (code: AcceptedCode, keepAmountFen: Fen | null) => {
    if (!storeId) return
    const mine = ++checkSeq.current
    setStep({ name: 'checking', code, keepAmountFen })
    const result = await merchantApi.inspectCode({ code: code.value, storeId })
    if (mine !== checkSeq.current) return
    if (!result.ok) {
      setStep({ name: 'code-refused', code, keepAmountFen, envelope: result.failure.kind === 'rejected' ? result.failure.envelope : null })
      return
    }
    const member = result.data
    const couponId = keepAmountFen !== null ? proposedCoupon(member, keepAmountFen) : null
    setStep(
      keepAmountFen !== null && salePrice(member, keepAmountFen, couponId).payFen <= member.balance.totalFen
        ? { name: 'confirm', code, member, amountFen: keepAmountFen, restFen: 0, couponId }
        : { name: 'amount', code, member, amountText: keepAmountFen !== null ? yuanText(keepAmountFen) : '' }
    )
  }

  // arrow functions: the till's parts take them as props, unbound
  return {
    step,
    acceptCode: (code: AcceptedCode) => {
      void check(code, step.name === 'code' ? step.keepAmountFen : null)
    },
    /** The check got no answer: ask again about the same code. */
    recheck: () => {
      if (step.name === 'code-refused') void check(step.code, step.keepAmountFen)
    },
    acceptAmount: (amountFen: Fen) => {
      setStep((current) =>
        current.name === 'amount' ? { name: 'confirm', code: current.code, member: current.member, amountFen, restFen: 0, couponId: proposedCoupon(current.member, amountFen) } : current
      )
    },
    /** The cashier picks another coupon, or none (null). */
    chooseCoupon: (couponId: string | null) => {
      setStep((current) => (current.name === 'confirm' ? { ...current, couponId } : current))
    },
    /** 余额不足: charge what the card holds (at the member's level, for a larger part of the bill); the rest is paid another way. */
    chargeWholeBalance: (billFen: Fen) => {
      setStep((current) => (current.name === 'amount' ? { name: 'confirm', code: current.code, member: current.member, ...wholeBalanceSplit(current.member, billFen), couponId: null } : current))
    },
    /** Back from the confirmation to the amount, keeping what was typed. */
    editAmount: () => {
      setStep((current) => {
        if (current.name === 'confirm') return { name: 'amount', code: current.code, member: current.member, amountText: yuanText(current.amountFen + current.restFen) }
        if (current.name === 'rejected') return { name: 'amount', code: current.sale.code, member: current.sale.member, amountText: yuanText(current.sale.amountFen) }
        return current
      })
    },
    /** The cashier confirmed: this is where the sale gets its one merchant order number. */
    confirm: () => {
      if (step.name !== 'confirm' || !storeId) return
      const sale: Sale = {
        code: step.code,
        amountFen: step.amountFen,
        storeId,
        merchantOrderNo: newMerchantOrderNo(CLIENT_TAG, storeId),
        member: step.member,
        couponId: step.couponId
      }
      void submit(sale, 1)
    },
    /** Same sale, same merchant order number: the BFF replays the first result if the first request got through. */
    retry: () => {
      if (step.name === 'unknown') void submit(step.sale, step.attempt + 1)
    },
    /** A new code for the same amount (the old one expired or was refused). */
    rescan: () => {
      checkSeq.current++
      setStep((current) => ({
        name: 'code',
        keepAmountFen: current.name === 'rejected' ? current.sale.amountFen : current.name === 'code-refused' ? current.keepAmountFen : null
      }))
    },
    startOver: () => {
      checkSeq.current++
      setStep(START)
    }
  }
}

/** "36.50": what the cashier would have typed, for editing. */
function yuanText(amountFen: Fen): string {
  return formatYuan(amountFen, { symbol: false, grouping: false })
}
