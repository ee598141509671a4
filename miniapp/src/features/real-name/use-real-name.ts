import { useState } from 'react'
import { isValidResidentIdNo, normaliseResidentIdNo, type RealNameView } from '@jucard/shared'
import { confirmDialog } from '@/platform/dialog'
import { consumerApi, failureMessageZh } from '../api'

export type SubmitState = { status: 'idle' } | { status: 'sending' } | { status: 'failed'; messageZh: string }

/** What is wrong with the form as typed, in the words shown beside the button; null when it can be sent. */
export function realNameProblemZh(name: string, idNo: string): string | null {
  if ([...name.trim()].length < 2) return '请填写身份证上的姓名'
  if (!isValidResidentIdNo(normaliseResidentIdNo(idNo))) return '身份证号码有误，请核对后重新输入'
  return null
}

/**
 * Sends 实名 after the consumer confirms (the identity is bound to the account: changing it goes through customer
 * service). Nothing is kept unless the identity-verification service confirms it; a timeout can simply be retried.
 */
export function useRealNameSubmit(onVerified: (view: RealNameView) => void) {
  const [state, setState] = useState<SubmitState>({ status: 'idle' })
  return {
    state,
    async submit(name: string, idNo: string) {
      const problem = realNameProblemZh(name, idNo)
      if (problem) return setState({ status: 'failed', messageZh: problem })
      const confirmed = await confirmDialog({
        title: '确认实名信息',
        content: '实名信息提交后不能自行修改，请确认姓名和身份证号码属于您本人。',
        confirmText: '确认提交'
      })
      if (!confirmed) return
      setState({ status: 'sending' })
      const sent = await consumerApi.verifyRealName({ name: name.trim(), idNo: normaliseResidentIdNo(idNo) })
      if (!sent.ok) return setState({ status: 'failed', messageZh: failureMessageZh(sent.failure) })
      setState({ status: 'idle' })
      onVerified(sent.data)
    }
  }
}
