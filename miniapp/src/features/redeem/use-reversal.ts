import { useRef, useState } from 'react'
import type { Fen, RedemptionView, ReversalView } from '@jucard/shared'
import { CLIENT_TAG } from '@/platform/env'
import { failureCode, failureMessageZh, merchantApi } from '../api'
import { checkAmount } from './amount'
import { newReversalNo } from './order-numbers'

export type ReversalPhase =
  | { name: 'editing'; hintZh: string | null }
  | { name: 'confirming'; amountFen: Fen }
  | { name: 'submitting'; amountFen: Fen }
  /** No answer: the money may already be back on the card, so only a retry with the same reversal number is offered. */
  | { name: 'unknown'; amountFen: Fen }
  /** The money is back on the card: the dialog says so until the cashier closes it. */
  | { name: 'done'; reversal: ReversalView }

/** The remaining refundable amount of a redemption. */
export function refundableFen(redemption: RedemptionView): Fen {
  return redemption.amountFen - redemption.refundedFen
}

/** One reversal of one redemption: amount → confirm → submit; one reversal number per amount, reused on retry. */
export function useReversal(redemption: RedemptionView, onReversed: (reversal: ReversalView) => void) {
  const [phase, setPhase] = useState<ReversalPhase>({ name: 'editing', hintZh: null })
  const pending = useRef<{ amountFen: Fen; reversalNo: string } | null>(null)

  async function submit(amountFen: Fen, reason: string) {
    if (pending.current?.amountFen !== amountFen) {
      pending.current = { amountFen, reversalNo: newReversalNo(CLIENT_TAG, redemption.redemptionId) }
    }
    setPhase({ name: 'submitting', amountFen })
    const result = await merchantApi.reverse(redemption.redemptionId, {
      amountFen,
      reversalNo: pending.current.reversalNo,
      ...(reason.trim() ? { reason: reason.trim() } : {})
    })
    if (result.ok) {
      setPhase({ name: 'done', reversal: result.data })
      onReversed(result.data)
      return
    }
    if (result.failure.kind === 'no-answer') {
      setPhase({ name: 'unknown', amountFen })
      return
    }
    // refused: nothing moved, so the next attempt is a new reversal
    pending.current = null
    const code = failureCode(result.failure)
    setPhase({ name: 'editing', hintZh: code === 'FORBIDDEN' ? '需要店长权限才能冲正' : failureMessageZh(result.failure) })
  }

  // arrow functions: the dialog hands them to buttons, unbound
  return {
    phase,
    review: (amountText: string) => {
      const check = checkAmount(amountText)
      if (!check.ok) return setPhase({ name: 'editing', hintZh: check.messageZh })
      if (check.amountFen > refundableFen(redemption)) return setPhase({ name: 'editing', hintZh: '冲正金额不能超过这笔还可冲正的金额' })
      setPhase({ name: 'confirming', amountFen: check.amountFen })
    },
    back: () => {
      setPhase({ name: 'editing', hintZh: null })
    },
    confirm: (reason: string) => {
      if (phase.name === 'confirming' || phase.name === 'unknown') void submit(phase.amountFen, reason)
    }
  }
}
