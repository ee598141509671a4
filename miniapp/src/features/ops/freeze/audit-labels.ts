import type { AuditEntryView } from '@jucard/shared'

const ACTION_ZH: Record<string, string> = {
  'merchant.frozen': '冻结商户',
  'merchant.unfrozen': '解冻商户',
  'merchant.approved': '审核通过',
  'merchant.rejected': '审核驳回',
  'card.frozen': '冻结会员卡',
  'card.unfrozen': '解冻会员卡',
  'card.claimed': '领取会员卡',
  'staff.updated': '修改员工',
  'store.updated': '修改门店'
}

const ACTOR_ZH: Record<AuditEntryView['actorType'], string> = { operator: '平台运营', staff: '商户员工', consumer: '顾客', system: '系统' }

const STATUS_ZH: Record<string, string> = { ACTIVE: '正常', FROZEN: '已冻结', APPROVED: '已通过', CLOSED: '已注销' }

/** The action in words; an action this console does not know yet is shown as recorded. */
export function auditActionZh(action: string): string {
  return ACTION_ZH[action] ?? action
}

export function auditActorZh(entry: Pick<AuditEntryView, 'actorType' | 'actorId'>): string {
  return ACTOR_ZH[entry.actorType] ?? entry.actorType
}

/** "正常 → 已冻结 · 原因：…" from a freeze's detail; other details as key: value pairs (the card number is the target). */
export function auditDetailZh(detail: AuditEntryView['detail']): string {
  if (!detail) return ''
  const parts: string[] = []
  const { reason, before, after, cardNo: _cardNo, ...rest } = detail
  if (typeof before === 'string' && typeof after === 'string') parts.push(`${STATUS_ZH[before] ?? before} → ${STATUS_ZH[after] ?? after}`)
  if (typeof reason === 'string') parts.push(`原因：${reason}`)
  for (const [key, value] of Object.entries(rest)) {
    // the detail is JSON: nested values are left out, scalars shown as they are
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}: ${String(value)}`)
  }
  return parts.join(' · ')
}

const TARGET_ZH: Record<string, string> = { merchant: '商户', card: '会员卡', staff: '员工', store: '门店' }

/** "会员卡 8800…1234" (a card by its number, as the freeze recorded it), "商户 3f2a…" otherwise. */
export function auditTargetZh(entry: Pick<AuditEntryView, 'targetType' | 'targetId' | 'detail'>): string {
  const kind = TARGET_ZH[entry.targetType] ?? entry.targetType
  const cardNo = entry.detail?.cardNo
  return `${kind} ${typeof cardNo === 'string' ? cardNo : entry.targetId.slice(0, 8)}`
}
