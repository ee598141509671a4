import {
  API_KEY_SCOPES,
  parseShanghaiDateTime,
  TERMS,
  WEBHOOK_EVENT_TYPES,
  type ApiKeyScope,
  type ApiKeyView,
  type WebhookEndpointView,
  type WebhookEventType
} from '@jucard/shared'
import { shanghaiDateTime } from '../../console/business-day'
import type { Tone } from '../../console/labels'

/** What each scope lets a key do, in the words of the audit trail (ops/freeze/audit-labels.ts). */
export const SCOPE_ZH: Record<ApiKeyScope, { zh: string; hint: string }> = {
  read_cards: { zh: '查询会员卡', hint: '按卡号查卡状态和余额' },
  redeem: { zh: '收款', hint: `在收银系统里扫会员码${TERMS.redemption}` },
  topup_orders: { zh: '充值订单', hint: '代顾客创建充值订单并查询支付结果' },
  refunds: { zh: TERMS.balanceRefund, hint: `在柜台为顾客办理${TERMS.balanceRefund}` },
  coupons: { zh: '优惠券', hint: '给会员发券，核对券能否用于本单' },
  webhooks: { zh: '回调', hint: '管理回调地址' }
}

export const EVENT_ZH: Record<WebhookEventType, string> = {
  'card.claimed': '领取会员卡',
  'card.topped_up': `会员卡${TERMS.topUp}`,
  'card.redeemed': `会员卡${TERMS.redemption}`,
  'card.reversed': `${TERMS.redemption}${TERMS.reversal}`,
  'card.refunded': '会员卡退卡',
  'coupon.issued': '发放优惠券',
  'coupon.used': '使用优惠券',
  'statement.settled': `${TERMS.statement}生成`,
  'payout.paid': `${TERMS.payout}成功`,
  'payout.failed': `${TERMS.payout}失败`
}

export const SCOPES: readonly ApiKeyScope[] = API_KEY_SCOPES
export const EVENTS: readonly WebhookEventType[] = WEBHOOK_EVENT_TYPES

export const scopesText = (scopes: ApiKeyScope[]) => scopes.map((s) => SCOPE_ZH[s].zh).join('、')
/** An endpoint with no event list takes every event. */
export const eventsText = (events: WebhookEventType[]) => (events.length === 0 ? '全部事件' : events.map((e) => EVENT_ZH[e]).join('、'))

/** How long the previous secret keeps signing after a rotation (the BFF allows 0 to 7 days; 24 hours by default). */
export const OVERLAP_OPTIONS: ReadonlyArray<{ seconds: number; label: string }> = [
  { seconds: 0, label: '立即失效' },
  { seconds: 3600, label: '1 小时' },
  { seconds: 86_400, label: '24 小时（推荐）' },
  { seconds: 7 * 86_400, label: '7 天' }
]
export const DEFAULT_OVERLAP_SECONDS = 86_400

/** What a rotation with this overlap does, in one sentence for the owner. */
export function overlapExplanation(seconds: number): string {
  if (seconds === 0) return '旧密钥立即失效：还在用旧密钥的系统会马上调用失败，请先准备好替换。'
  const option = OVERLAP_OPTIONS.find((o) => o.seconds === seconds)
  return `更换后 ${option?.label.replace('（推荐）', '') ?? `${seconds} 秒`}内新旧密钥都能用，请在这段时间里把新密钥配置到你的系统；之后旧密钥失效。`
}

export function keyStatus(key: ApiKeyView): { zh: string; tone: Tone } {
  switch (key.status) {
    case 'ACTIVE':
      return key.previousSecretValidUntil ? { zh: '更换中', tone: 'warn' } : { zh: '正常', tone: 'good' }
    case 'REVOKED':
      return { zh: '已停用', tone: 'neutral' }
  }
}

export function endpointStatus(endpoint: WebhookEndpointView): { zh: string; tone: Tone } {
  switch (endpoint.status) {
    case 'ACTIVE':
      return endpoint.failingSince ? { zh: '推送失败中', tone: 'bad' } : { zh: '正常', tone: 'good' }
    case 'DISABLED':
      return { zh: '已停用', tone: 'neutral' }
  }
}

/** "2026-12-03 10:15", or the words for never. */
export const timeOrNever = (iso: string | null, never = '从未使用') => (iso ? shanghaiDateTime(iso) : never)

export interface KeyDraft {
  name: string
  scopes: ApiKeyScope[]
  storeIds: string[]
}

/** What stops a new key from being created, by field; empty when it can be sent. */
export function keyDraftProblems(draft: KeyDraft): Partial<Record<keyof KeyDraft, string>> {
  const problems: Partial<Record<keyof KeyDraft, string>> = {}
  if (!draft.name.trim()) problems.name = '请填写密钥名称，例如对接的系统'
  if (draft.scopes.length === 0) problems.scopes = '至少选择一项权限'
  if (draft.storeIds.length === 0) problems.storeIds = '至少选择一个门店'
  return problems
}

/** Why this URL cannot be an endpoint, checked before sending (the BFF checks the address itself). */
export function endpointUrlProblem(url: string): string | null {
  const text = url.trim()
  if (!text) return '请填写接收推送的地址'
  let parsed: URL
  try {
    parsed = new URL(text)
  } catch {
    return '地址格式不对，应以 https:// 开头'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return '地址应以 https:// 开头'
  return null
}

/** A `datetime-local` value ("2026-12-03T10:00", Shanghai time) as the ISO instant the replay takes; null if unreadable. */
export function replaySinceIso(value: string): string | null {
  const instant = parseShanghaiDateTime(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value)
  return instant ? instant.toISOString() : null
}

/** Toggles one value in a list, keeping the order it was picked in (a key's first store is where POS sales land). */
export function toggled<T>(list: T[], value: T, on: boolean): T[] {
  return on ? (list.includes(value) ? list : [...list, value]) : list.filter((v) => v !== value)
}

/** The list with `item` in place of the one with its key, or first when it is new (a new key or endpoint on top). */
export function upserted<T>(list: T[], item: T, keyOf: (item: T) => string): T[] {
  const key = keyOf(item)
  return list.some((x) => keyOf(x) === key) ? list.map((x) => (keyOf(x) === key ? item : x)) : [item, ...list]
}

/** The one-line message above a list: what an action just did, or why it did not. */
export type NoticeState = { tone: 'success' | 'error'; text: string } | null
