import { useMemo } from 'react'
import type { MerchantView } from '@jucard/shared'
import { operatorApi } from '../../api/operator-client'
import { ClosingNoticePanel, type ClosingApi } from '../../console/ClosingNoticePanel'

/**
 * 停业公告 announced or withdrawn by an operator for a merchant whose owner cannot (unreachable, a court's order):
 * the owner's panel, on the operator's session, audited as the operator's (docs/compliance.md §10).
 */
export function MerchantClosing({ merchant, onChanged }: { merchant: MerchantView; onChanged: () => void }) {
  const api = useMemo<ClosingApi>(
    () => ({
      current: () => operatorApi.getClosing(merchant.id),
      announce: (body) => operatorApi.announceClosing(merchant.id, body),
      withdraw: () => operatorApi.withdrawClosing(merchant.id)
    }),
    [merchant.id]
  )
  // keyed: another merchant starts from an empty form, never with the last one's date and reason
  return <ClosingNoticePanel key={merchant.id} api={api} author={{ kind: 'operator', merchantName: merchant.displayName }} onChanged={onChanged} />
}
