import { parseYuan, shanghaiDate, type CouponKind, type CouponTemplateInput, type CouponTemplateView } from '@jucard/shared'

/** The create form as typed: yuan and counts as text. */
export interface CouponDraft {
  name: string
  kind: CouponKind
  amountOffYuan: string
  /** 折扣 as the shopper reads it: 9 = 9折 (10% off), 8.5 = 85折. */
  rateText: string
  capYuan: string
  thresholdYuan: string
  validDaysText: string
  perConsumerLimitText: string
  totalQuantityText: string
}

export const EMPTY_DRAFT: CouponDraft = {
  name: '',
  kind: 'AMOUNT_OFF',
  amountOffYuan: '',
  rateText: '',
  capYuan: '',
  thresholdYuan: '',
  validDaysText: '30',
  perConsumerLimitText: '1',
  totalQuantityText: '100'
}

export type DraftProblems = Partial<Record<keyof CouponDraft, string>>

const wholeNumber = (text: string, min: number, max: number): number | null => {
  const n = /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : NaN
  return Number.isInteger(n) && n >= min && n <= max ? n : null
}

/** The draft as the BFF's request, or what is wrong with each field, in Chinese. */
export function checkDraft(draft: CouponDraft): { ok: true; input: CouponTemplateInput } | { ok: false; problems: DraftProblems } {
  const problems: DraftProblems = {}
  const name = draft.name.trim()
  if (!name) problems.name = '请填写券的名称'
  const thresholdFen = draft.thresholdYuan.trim() === '' ? 0 : parseYuan(draft.thresholdYuan.trim())
  if (thresholdFen === null) problems.thresholdYuan = '请填写金额，如 100 或 99.5（不填为无门槛）'
  let amountOffFen: number | null = null
  let percentOff: number | null = null
  let capFen: number | null = null
  if (draft.kind === 'AMOUNT_OFF') {
    amountOffFen = parseYuan(draft.amountOffYuan.trim())
    if (!amountOffFen) problems.amountOffYuan = '请填写减免金额，如 10'
    else if (thresholdFen && amountOffFen >= thresholdFen) problems.amountOffYuan = '减免金额应小于使用门槛'
  } else {
    const rate = /^\d(\.\d)?$/.test(draft.rateText.trim()) ? Number(draft.rateText.trim()) : NaN
    if (!(rate >= 1 && rate <= 9.9)) problems.rateText = '请填写 1 到 9.9 之间的折扣，如 9 表示 9 折'
    else percentOff = Math.round(100 - rate * 10)
    if (draft.capYuan.trim() !== '') {
      capFen = parseYuan(draft.capYuan.trim())
      if (!capFen) problems.capYuan = '请填写最高减免金额，或留空不设上限'
    }
  }
  const validDays = wholeNumber(draft.validDaysText, 1, 3650)
  if (validDays === null) problems.validDaysText = '请填写 1 到 3650 天'
  const perConsumerLimit = wholeNumber(draft.perConsumerLimitText, 1, 100)
  if (perConsumerLimit === null) problems.perConsumerLimitText = '请填写 1 到 100 张'
  const totalQuantity = wholeNumber(draft.totalQuantityText, 1, 1_000_000)
  if (totalQuantity === null) problems.totalQuantityText = '请填写 1 到 1000000 张'
  else if (perConsumerLimit !== null && perConsumerLimit > totalQuantity) problems.perConsumerLimitText = '每人限领不能超过发行总量'
  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return {
    ok: true,
    input: { name, kind: draft.kind, amountOffFen, percentOff, capFen, thresholdFen: thresholdFen!, validDays, storeIds: [], perConsumerLimit: perConsumerLimit!, totalQuantity: totalQuantity! }
  }
}

/** 30 天（领取后） or 2026-12-01 至 2026-12-31 */
export function validityText(t: Pick<CouponTemplateView, 'validDays' | 'validFrom' | 'validUntil'>): string {
  if (t.validDays !== null) return `领取后 ${t.validDays} 天内有效`
  const day = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : '')
  return `${day(t.validFrom)} 至 ${day(t.validUntil)}`
}
