import { useCallback, useRef, useState } from 'react'
import { formatYuan, type Fen, type RedemptionView } from '@jucard/shared'
import { CLIENT_TAG } from '@/platform/env'
import { merchantApi } from '../api'
import type { AcceptedCode } from './member-code-entry'
import { newMerchantOrderNo } from './order-numbers'
import type { Sale, TillStep } from './till-state'

const START: TillStep = { name: 'code', keepAmountFen: null }

/** The till's sale flow for one store. `onRedeemed` runs after every successful (or replayed) redemption. */
export function useTill(storeId: string | null, onRedeemed: (redemption: RedemptionView) => void) {
  const [step, setStep] = useState<TillStep>(START)
  // a second tap on 确认收款 while the first request is in flight must not send a second sale
  const inFlight = useRef(false)

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
          merchantOrderNo: sale.merchantOrderNo
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

  // arrow functions: the till's parts take them as props, unbound
  return {
    step,
    acceptCode: (code: AcceptedCode) => {
      setStep((current) =>
        current.name === 'code' && current.keepAmountFen !== null
          ? { name: 'confirm', code, amountFen: current.keepAmountFen }
          : { name: 'amount', code, amountText: '' }
      )
    },
    acceptAmount: (amountFen: Fen) => {
      setStep((current) => (current.name === 'amount' ? { name: 'confirm', code: current.code, amountFen } : current))
    },
    /** Back from the confirmation to the amount, keeping what was typed. */
    editAmount: () => {
      setStep((current) => {
        if (current.name === 'confirm') return { name: 'amount', code: current.code, amountText: yuanText(current.amountFen) }
        if (current.name === 'rejected') return { name: 'amount', code: current.sale.code, amountText: yuanText(current.sale.amountFen) }
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
        merchantOrderNo: newMerchantOrderNo(CLIENT_TAG, storeId)
      }
      void submit(sale, 1)
    },
    /** Same sale, same merchant order number: the BFF replays the first result if the first request got through. */
    retry: () => {
      if (step.name === 'unknown') void submit(step.sale, step.attempt + 1)
    },
    /** A new code for the same amount (the old one expired or was refused). */
    rescan: () => {
      setStep((current) => ({ name: 'code', keepAmountFen: current.name === 'rejected' ? current.sale.amountFen : null }))
    },
    startOver: () => {
      setStep(START)
    }
  }
}

/** "36.50": what the cashier would have typed, for editing. */
function yuanText(amountFen: Fen): string {
  return formatYuan(amountFen, { symbol: false, grouping: false })
}
