import { businessDayRange, formatYuan, parseYuan, shanghaiDate, type CampaignChannelScope, type CampaignInput, type CampaignState, type CampaignTierReward, type CampaignView } from '@jucard/shared'

/** One tier of the create form as typed: 充 payYuan 送 bonusYuan 元 + points 积分 + one coupon. */
export interface TierDraft {
  payYuan: string
  bonusYuan: string
  pointsText: string
  couponTemplateId: string
}

/** The create form as typed: days (Shanghai), yuan and counts as text. */
export interface CampaignDraft {
  name: string
  fromDay: string
  toDay: string
  channelScope: CampaignChannelScope
  budgetYuan: string
  quantityText: string
  tiers: TierDraft[]
}

export const EMPTY_TIER: TierDraft = { payYuan: '', bonusYuan: '', pointsText: '', couponTemplateId: '' }

export function emptyCampaignDraft(today: string): CampaignDraft {
  return { name: '', fromDay: today, toDay: today, channelScope: 'ALL', budgetYuan: '', quantityText: '', tiers: [{ ...EMPTY_TIER }, { ...EMPTY_TIER }, { ...EMPTY_TIER }] }
}

export type CampaignField = 'name' | 'fromDay' | 'toDay' | 'budgetYuan' | 'quantityText' | `tier${number}`

const count = (text: string, max: number): number | null => {
  const t = text.trim()
  if (t === '') return 0
  const n = /^\d{1,8}$/.test(t) ? Number(t) : NaN
  return Number.isInteger(n) && n <= max ? n : null
}

/** The draft as the BFF's request, or what is wrong with each field, in Chinese. Empty tier rows are left out. */
export function checkCampaignDraft(draft: CampaignDraft): { ok: true; input: CampaignInput } | { ok: false; errors: Partial<Record<CampaignField, string>> } {
  const errors: Partial<Record<CampaignField, string>> = {}
  const name = draft.name.trim()
  if (!name) errors.name = '请填写活动名称'
  const from = businessDayRange(draft.fromDay)
  const to = businessDayRange(draft.toDay)
  if (!from) errors.fromDay = '请选择开始日期'
  if (!to) errors.toDay = '请选择结束日期'
  else if (from && to[1] <= from[0]) errors.toDay = '结束日期不能早于开始日期'
  const budgetFen = draft.budgetYuan.trim() === '' ? null : parseYuan(draft.budgetYuan.trim())
  if (budgetFen === 0 || (draft.budgetYuan.trim() !== '' && budgetFen === null)) errors.budgetYuan = '请填写预算金额，如 1000（不填为不限预算）'
  const quantity = draft.quantityText.trim() === '' ? null : count(draft.quantityText, 10_000_000)
  if (quantity === 0 || (draft.quantityText.trim() !== '' && quantity === null)) errors.quantityText = '请填写奖励名额，如 100（不填为不限名额）'
  if (!errors.budgetYuan && !errors.quantityText && budgetFen === null && quantity === null) errors.budgetYuan = '请设置活动预算或奖励名额（至少一项）'
  const tiers: CampaignTierReward[] = []
  draft.tiers.forEach((tier, i) => {
    if (tier.payYuan.trim() === '' && tier.bonusYuan.trim() === '' && tier.pointsText.trim() === '' && !tier.couponTemplateId) return
    const payFen = parseYuan(tier.payYuan.trim())
    const bonusFen = tier.bonusYuan.trim() === '' ? 0 : parseYuan(tier.bonusYuan.trim())
    const points = count(tier.pointsText, 1_000_000)
    if (!payFen || payFen < 100) errors[`tier${i}`] = '请填写充值金额，至少 1 元'
    else if (bonusFen === null) errors[`tier${i}`] = '赠送金额请填写如 30 或 29.5'
    else if (points === null) errors[`tier${i}`] = '赠送积分请填写整数'
    else if (bonusFen === 0 && points === 0 && !tier.couponTemplateId) errors[`tier${i}`] = '每个档位至少设置一项奖励：赠送金、积分或优惠券'
    else if (bonusFen > payFen) errors[`tier${i}`] = '赠送金额不能超过充值金额'
    else if (tiers.some((t) => t.payFen === payFen)) errors[`tier${i}`] = '充值档位金额不能重复'
    else tiers.push({ payFen, bonusFen, points, couponTemplateIds: tier.couponTemplateId ? [tier.couponTemplateId] : [] })
  })
  if (tiers.length === 0 && !Object.keys(errors).some((k) => k.startsWith('tier'))) errors.tier0 = '请至少设置一个充值档位'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    input: { name, startsAt: from![0].toISOString(), endsAt: to![1].toISOString(), channelScope: draft.channelScope, storeIds: [], budgetFen, quantity, tiers }
  }
}

/** 充300送30元 + 100积分 + 1张券 */
export function tierText(t: Pick<CampaignTierReward, 'payFen' | 'bonusFen' | 'points'> & { coupons: number }): string {
  const parts = [t.bonusFen > 0 ? `${formatYuan(t.bonusFen)}` : '', t.points > 0 ? `${t.points}积分` : '', t.coupons > 0 ? `${t.coupons}张券` : ''].filter(Boolean)
  return `充${formatYuan(t.payFen)} 送${parts.join(' + ')}`
}

export const CAMPAIGN_STATE_ZH: Record<CampaignState, string> = { SCHEDULED: '未开始', RUNNING: '进行中', PAUSED: '已暂停', EXHAUSTED: '预算已用完', ENDED: '已结束' }

export const CHANNEL_SCOPE_ZH: Record<CampaignChannelScope, string> = { ALL: '线上与门店', ONLINE: '仅小程序', OFFLINE: '仅门店' }

/** 2026-12-01 至 2026-12-31 (the last day the campaign runs). */
export function windowText(c: Pick<CampaignView, 'startsAt' | 'endsAt'>): string {
  return `${shanghaiDate(new Date(c.startsAt))} 至 ${shanghaiDate(new Date(new Date(c.endsAt).getTime() - 1))}`
}

/** 已用 ¥30.00 / 预算 ¥1,000.00 · 已奖励 1 / 100 名 */
export function budgetText(c: Pick<CampaignView, 'budgetFen' | 'quantity' | 'spentFen' | 'grantedCount'>): string {
  const money = c.budgetFen !== null ? `已用 ${formatYuan(c.spentFen)} / 预算 ${formatYuan(c.budgetFen)}` : `已用 ${formatYuan(c.spentFen)}（不限预算）`
  const people = c.quantity !== null ? `已奖励 ${c.grantedCount} / ${c.quantity} 笔` : `已奖励 ${c.grantedCount} 笔`
  return `${money} · ${people}`
}
