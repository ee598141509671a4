import type { PointsItemInput } from '@jucard/shared'
import type { Checked } from '../../console/use-checked-submit'

/** The add form as typed: the coupon chosen, and points and stock as text. */
export interface PointsItemDraft {
  couponTemplateId: string
  pointsText: string
  stockText: string
}

export const EMPTY_POINTS_ITEM: PointsItemDraft = { couponTemplateId: '', pointsText: '', stockText: '' }

export type PointsItemField = keyof PointsItemDraft

/** The BFF's own bounds (points-mall.dto.ts): what one exchange may cost, how many one item may offer. */
const MAX_POINTS_PRICE = 100_000_000
const MAX_STOCK = 1_000_000

const wholeNumber = (text: string, max: number): number | null => {
  const n = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : NaN
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null
}

/** The draft as the BFF's request, or what is wrong with each field, in Chinese. */
export function checkPointsItemDraft(draft: PointsItemDraft): Checked<PointsItemInput, PointsItemField> {
  const errors: Partial<Record<PointsItemField, string>> = {}
  if (!draft.couponTemplateId) errors.couponTemplateId = '请选择顾客用积分兑换的优惠券'
  const pointsPrice = wholeNumber(draft.pointsText, MAX_POINTS_PRICE)
  if (pointsPrice === null) errors.pointsText = `请填写兑换所需积分：1 到 ${MAX_POINTS_PRICE} 的整数`
  const stock = wholeNumber(draft.stockText, MAX_STOCK)
  if (stock === null) errors.stockText = `请填写库存：1 到 ${MAX_STOCK} 张`
  if (pointsPrice === null || stock === null || Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, input: { couponTemplateId: draft.couponTemplateId, pointsPrice, stock } }
}
