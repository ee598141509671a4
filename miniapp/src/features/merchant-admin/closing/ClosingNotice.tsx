import type { StaffMe } from '../../api'
import { ClosingNoticePanel } from '../../console/ClosingNoticePanel'
import { closingApi } from './closing-client'

/**
 * 停业公告 for the owner (docs/compliance.md §10): announced and withdrawn by the owner only, read by the rest of the
 * team. The operator console shows the same panel for a merchant whose owner cannot (ops/freeze/MerchantClosing.tsx).
 */
export function ClosingNotice({ me }: { me: StaffMe }) {
  return <ClosingNoticePanel api={closingApi} author={{ kind: 'owner', mayAnnounce: me.role === 'OWNER' }} />
}
