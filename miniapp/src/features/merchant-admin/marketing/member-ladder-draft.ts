import { formatYuan, parseYuan, type MemberLadderRequest, type MemberLadderView, type MemberLevelInput } from '@jucard/shared'
import { yuanInputText } from '../../console/format'
import type { Option } from '../../console/controls'
import type { Checked } from '../../console/use-checked-submit'
import { discountRateZh, pointsMultiplierZh } from '../../marketing/member-level-labels'

/** The BFF's bounds (bff/src/marketing/member-levels-rules.ts and member-levels.dto.ts). */
export const MAX_LEVELS = 8
export const MAX_NAME_LENGTH = 16
const MAX_THRESHOLD_FEN = 1_000_000_000
const MIN_MULTIPLIER_PCT = 100
const MAX_MULTIPLIER_PCT = 500
const MIN_DISCOUNT_RATE = 50
const FULL_PRICE = 100

/** The multipliers the form offers, in percent of the product's points: ×1 … ×5. */
export const MULTIPLIER_PCTS = [100, 120, 150, 200, 250, 300, 400, 500] as const

/** The discounts the form offers, in percent of the price paid: 不打折, 9.8折 … 7折. */
export const DISCOUNT_RATES = [100, 98, 95, 92, 90, 88, 85, 80, 75, 70] as const

/** One row of the ladder as typed: the threshold in yuan text, parsed to fen only when checked. */
export interface LevelDraft {
  /** Stays with the row while others are added or removed (a saved level's id, or a new row's). */
  key: string
  name: string
  thresholdYuan: string
  pointsMultiplierPct: number
  /** Percent of the price its members pay at the till: 95 = 9.5折, 100 = 不打折. */
  discountRate: number
}

type LevelField = keyof MemberLevelInput
/** Keyed as the BFF keys a 422, so its messages land at the same fields: `levels.1.thresholdFen`. */
export type LadderField = 'levels' | `levels.${number}.${LevelField}`

const at = (i: number, field: LevelField): LadderField => `levels.${i}.${field}`

export function draftFromLadder(view: MemberLadderView): LevelDraft[] {
  return view.levels.map((level) => ({ key: level.id, name: level.name, thresholdYuan: yuanInputText(level.thresholdFen), pointsMultiplierPct: level.pointsMultiplierPct, discountRate: level.discountRate }))
}

let added = 0

/** A new top row: its multiplier and discount start at the one below it (a higher level may not give less). */
export function newLevelDraft(rows: LevelDraft[]): LevelDraft {
  added += 1
  const below = rows[rows.length - 1]
  return { key: `new-${added}`, name: '', thresholdYuan: '', pointsMultiplierPct: below?.pointsMultiplierPct ?? MIN_MULTIPLIER_PCT, discountRate: below?.discountRate ?? FULL_PRICE }
}

/** The select's choices; a multiplier saved outside them (set through the API) stays choosable. */
export function multiplierOptions(current: number): Option[] {
  const pcts: number[] = MULTIPLIER_PCTS.includes(current as (typeof MULTIPLIER_PCTS)[number]) ? [...MULTIPLIER_PCTS] : [...MULTIPLIER_PCTS, current].sort((a, b) => a - b)
  return pcts.map((pct) => ({ value: String(pct), label: pointsMultiplierZh(pct) }))
}

/** The discount select's choices, 不打折 first; a rate saved outside them (set through the API) stays choosable. */
export function discountOptions(current: number): Option[] {
  const rates: number[] = DISCOUNT_RATES.includes(current as (typeof DISCOUNT_RATES)[number]) ? [...DISCOUNT_RATES] : [...DISCOUNT_RATES, current].sort((a, b) => b - a)
  return rates.map((rate) => ({ value: String(rate), label: discountRateZh(rate) }))
}

/** The BFF's field for a 422's key, when the form has it. */
export function ladderField(key: string): LadderField | null {
  return /^levels(\.\d+\.(name|thresholdFen|pointsMultiplierPct|discountRate))?$/.test(key) ? (key as LadderField) : null
}

function threshold(text: string): { fen: number } | { problem: string } {
  if (text.trim() === '') return { problem: '请填写累计充值金额' }
  const fen = parseYuan(text)
  if (fen === null) return { problem: '金额格式不对，例如 1000 或 999.50' }
  if (fen === 0) return { problem: '金额必须大于 0' }
  if (fen > MAX_THRESHOLD_FEN) return { problem: `最高 ${formatYuan(MAX_THRESHOLD_FEN)}` }
  return { fen }
}

/**
 * The ladder as the BFF's request, or what is wrong at each field, checked as the BFF will: at most 8 levels; names
 * 1–16 characters and all different; each level's threshold above the one below it, its multiplier no lower and its
 * discount no smaller (a member going up never loses a benefit).
 */
export function checkLadderDraft(rows: LevelDraft[]): Checked<MemberLadderRequest, LadderField> {
  const errors: Partial<Record<LadderField, string>> = {}
  if (rows.length > MAX_LEVELS) errors.levels = `最多设置 ${MAX_LEVELS} 个会员等级`
  const levels: MemberLevelInput[] = []
  const firstWithName = new Map<string, number>()
  rows.forEach((row, i) => {
    const name = row.name.trim()
    const sameName = firstWithName.get(name)
    if (name === '') errors[at(i, 'name')] = '请填写等级名称，例如：银卡'
    else if ([...name].length > MAX_NAME_LENGTH) errors[at(i, 'name')] = `等级名称最多 ${MAX_NAME_LENGTH} 个字`
    else if (sameName !== undefined) errors[at(i, 'name')] = `与第 ${sameName + 1} 级重名，请换一个名称`
    else firstWithName.set(name, i)

    const amount = threshold(row.thresholdYuan)
    const below = rows[i - 1]
    const belowAmount = below ? threshold(below.thresholdYuan) : null
    if ('problem' in amount) errors[at(i, 'thresholdFen')] = amount.problem
    else if (below && belowAmount && 'fen' in belowAmount && amount.fen <= belowAmount.fen)
      errors[at(i, 'thresholdFen')] = `要高于上一级「${below.name.trim() || `第 ${i} 级`}」的 ${formatYuan(belowAmount.fen)}`

    const pct = row.pointsMultiplierPct
    if (!Number.isInteger(pct) || pct < MIN_MULTIPLIER_PCT || pct > MAX_MULTIPLIER_PCT) errors[at(i, 'pointsMultiplierPct')] = `请选择 ${pointsMultiplierZh(MIN_MULTIPLIER_PCT)} 到 ${pointsMultiplierZh(MAX_MULTIPLIER_PCT)} 的倍数`
    else if (below && pct < below.pointsMultiplierPct)
      errors[at(i, 'pointsMultiplierPct')] = `不能低于上一级「${below.name.trim() || `第 ${i} 级`}」的 ${pointsMultiplierZh(below.pointsMultiplierPct)}`

    const rate = row.discountRate
    if (!Number.isInteger(rate) || rate < MIN_DISCOUNT_RATE || rate > FULL_PRICE) errors[at(i, 'discountRate')] = `请从列表中选择折扣（最低 ${discountRateZh(MIN_DISCOUNT_RATE)}）`
    else if (below && rate > below.discountRate)
      errors[at(i, 'discountRate')] = `优惠不能少于上一级「${below.name.trim() || `第 ${i} 级`}」的 ${discountRateZh(below.discountRate)}`

    if ('fen' in amount) levels.push({ name, thresholdFen: amount.fen, pointsMultiplierPct: pct, discountRate: rate })
  })
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, input: { levels } }
}
