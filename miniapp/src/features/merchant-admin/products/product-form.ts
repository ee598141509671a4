import { findVoidClauses, formatYuan, MAX_AMOUNT_FEN, parseYuan, type CardKind, type CardProductInput, type CardProductView, type DeductionRule, type Fen } from '@jucard/shared'
import { yuanInputText } from '../../console/format'

/** Regulatory caps, which are also the defaults (the BFF enforces the same: card-product-rules.ts). */
export const MAX_BALANCE_CAP_FEN: Record<CardKind, Fen> = { NAMED: 500_000, ANONYMOUS: 100_000 }
export const MIN_ANONYMOUS_VALIDITY_MONTHS = 36
export const MAX_TIERS = 10

export const COVER_STYLES: Array<{ value: string; label: string }> = [
  { value: 'jade', label: '翠绿' },
  { value: 'ink', label: '墨黑' },
  { value: 'rose', label: '玫红' },
  { value: 'gold', label: '金色' },
  { value: 'sky', label: '天蓝' }
]

export interface TierDraft {
  /** Yuan, as typed. */
  pay: string
  bonus: string
}

/** The product form as typed: money in yuan text, parsed to fen only when checked. */
export interface ProductDraft {
  name: string
  coverStyle: string
  /** Uploaded card-face images (id + path); null = none. */
  logo: { id: string; url: string } | null
  cover: { id: string; url: string } | null
  kind: CardKind
  tiers: TierDraft[]
  allowCustomAmount: boolean
  minTopUp: string
  /** '' = the regulatory default for the kind. */
  maxBalance: string
  /** Anonymous cards only; '' = 36. */
  validityMonths: string
  /** Empty = every store. */
  storeIds: string[]
  deductionRule: DeductionRule
  pointsPerYuan: string
  /** Points earned in year Y expire at the end of year Y + this; '0' = never. */
  pointsValidYears: string
  description: string
  /** 预付卡章程 / 充值协议; each saved change is a new version the consumer accepts. */
  terms: string
}

export type DraftField = keyof ProductDraft | `tiers.${number}.pay` | `tiers.${number}.bonus`
export type DraftCheck = { ok: true; input: CardProductInput } | { ok: false; errors: Partial<Record<DraftField, string>> }

export function emptyDraft(): ProductDraft {
  return {
    name: '',
    coverStyle: 'jade',
    logo: null,
    cover: null,
    kind: 'NAMED',
    tiers: [{ pay: '', bonus: '0' }],
    allowCustomAmount: true,
    minTopUp: '10',
    maxBalance: '',
    validityMonths: '',
    storeIds: [],
    deductionRule: 'PRO_RATA',
    pointsPerYuan: '1',
    pointsValidYears: '1',
    description: '',
    terms: ''
  }
}

export function draftFromProduct(product: CardProductView): ProductDraft {
  return {
    name: product.name,
    coverStyle: product.coverStyle,
    logo: product.logoFileId && product.logoUrl ? { id: product.logoFileId, url: product.logoUrl } : null,
    cover: product.coverFileId && product.coverUrl ? { id: product.coverFileId, url: product.coverUrl } : null,
    kind: product.kind,
    tiers: product.tiers.map((tier) => ({ pay: yuanInputText(tier.payFen), bonus: yuanInputText(tier.bonusFen) })),
    allowCustomAmount: product.allowCustomAmount,
    minTopUp: yuanInputText(product.minTopUpFen),
    maxBalance: yuanInputText(product.maxBalanceFen),
    validityMonths: product.validityMonths === null ? '' : String(product.validityMonths),
    storeIds: [...product.storeIds],
    deductionRule: product.deductionRule,
    pointsPerYuan: String(product.pointsPerYuan),
    pointsValidYears: String(product.pointsValidYears ?? 1),
    description: product.description,
    terms: product.contract?.text ?? ''
  }
}

/** An amount typed in yuan: digits with up to two decimals, positive (or zero where allowed), within one request's limit. */
function money(text: string, allowZero: boolean): { fen: Fen } | { problem: string } {
  const fen = parseYuan(text)
  if (text.trim() === '') return { problem: '请填写金额' }
  if (fen === null) return { problem: '金额格式不对，例如 500 或 36.50' }
  if (!allowZero && fen === 0) return { problem: '金额必须大于 0' }
  if (fen > MAX_AMOUNT_FEN) return { problem: `不能超过 ${formatYuan(MAX_AMOUNT_FEN)}` }
  return { fen }
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\s*\d{1,4}\s*$/.test(text)) return null
  const value = Number(text)
  return value >= min && value <= max ? value : null
}

/**
 * Checks the form the way the BFF will (card-product-rules.ts), so a person sees every problem at its field
 * before sending; the BFF still decides.
 */
export function checkDraft(draft: ProductDraft): DraftCheck {
  const errors: Partial<Record<DraftField, string>> = {}
  const name = draft.name.trim()
  if (name.length === 0) errors.name = '请填写卡名称'
  else if (name.length > 64) errors.name = '卡名称最多 64 个字'

  const cap = MAX_BALANCE_CAP_FEN[draft.kind]
  let maxBalanceFen: Fen = cap
  if (draft.maxBalance.trim() !== '') {
    const max = money(draft.maxBalance, false)
    if ('problem' in max) errors.maxBalance = max.problem
    else if (max.fen > cap) errors.maxBalance = `${draft.kind === 'NAMED' ? '记名卡' : '不记名卡'}余额上限最高 ${formatYuan(cap)}`
    else maxBalanceFen = max.fen
  }

  let validityMonths: number | null = null
  if (draft.kind === 'ANONYMOUS') {
    if (draft.validityMonths.trim() === '') validityMonths = MIN_ANONYMOUS_VALIDITY_MONTHS
    else {
      validityMonths = wholeNumber(draft.validityMonths, MIN_ANONYMOUS_VALIDITY_MONTHS, 1200)
      if (validityMonths === null) errors.validityMonths = `不记名卡有效期至少 ${MIN_ANONYMOUS_VALIDITY_MONTHS} 个月`
    }
  }

  const tiers: CardProductInput['tiers'] = []
  const seen = new Set<Fen>()
  if (draft.tiers.length > MAX_TIERS) errors.tiers = `最多 ${MAX_TIERS} 个充值档位`
  draft.tiers.forEach((tier, i) => {
    const pay = money(tier.pay, false)
    const bonus = money(tier.bonus.trim() === '' ? '0' : tier.bonus, true)
    if ('problem' in pay) errors[`tiers.${i}.pay`] = pay.problem
    if ('problem' in bonus) errors[`tiers.${i}.bonus`] = bonus.problem
    if ('problem' in pay || 'problem' in bonus) return
    if (seen.has(pay.fen)) errors[`tiers.${i}.pay`] = '与其他档位金额重复'
    else if (bonus.fen > pay.fen) errors[`tiers.${i}.bonus`] = '赠送不能超过充值金额'
    else if (pay.fen + bonus.fen > maxBalanceFen) errors[`tiers.${i}.pay`] = `充值加赠送超过余额上限 ${formatYuan(maxBalanceFen)}`
    seen.add(pay.fen)
    tiers.push({ payFen: pay.fen, bonusFen: bonus.fen })
  })
  if (draft.tiers.length === 0 && !draft.allowCustomAmount) errors.tiers = '至少设置一个充值档位，或允许自定义金额'

  const min = money(draft.minTopUp, false)
  if ('problem' in min) errors.minTopUp = min.problem
  else if (min.fen > maxBalanceFen) errors.minTopUp = '最低充值金额超过了余额上限'

  const pointsPerYuan = wholeNumber(draft.pointsPerYuan, 0, 100)
  if (pointsPerYuan === null) errors.pointsPerYuan = '请填写 0–100 的整数'
  if (draft.description.length > 2000) errors.description = '说明最多 2000 个字'
  if (draft.terms.length > 20000) errors.terms = '章程最多 20000 个字'
  // the BFF refuses the same clauses (422 TERMS_VOID_CLAUSE); shown here at the field before anything is sent
  for (const field of ['description', 'terms'] as const) {
    const found = findVoidClauses(draft[field], draft.kind)[0]
    if (found) errors[field] = `「${found.clause}」（原文：${found.matched}）无效：${found.reason}`
  }

  if (Object.keys(errors).length > 0 || 'problem' in min || pointsPerYuan === null) return { ok: false, errors }
  return {
    ok: true,
    input: {
      name,
      coverStyle: draft.coverStyle,
      logoFileId: draft.logo?.id ?? null,
      coverFileId: draft.cover?.id ?? null,
      kind: draft.kind,
      tiers,
      allowCustomAmount: draft.allowCustomAmount,
      minTopUpFen: min.fen,
      maxBalanceFen,
      validityMonths: draft.kind === 'ANONYMOUS' ? validityMonths : null,
      storeIds: draft.storeIds,
      deductionRule: draft.deductionRule,
      pointsPerYuan,
      pointsValidYears: Number(draft.pointsValidYears),
      description: draft.description.trim(),
      terms: draft.terms.trim()
    }
  }
}

/** 积分有效期 choices: '1' (the end of the next year) is the default; a product saved with another number keeps its own. */
export function pointsValidityOptions(current: string): Array<{ value: string; label: string }> {
  const label = (years: number) => (years === 0 ? '永久有效' : years === 1 ? '获得后次年年底过期' : `获得后第 ${years + 1} 年年底过期`)
  const years = [0, 1, 2, 3]
  if (!years.includes(Number(current))) years.push(Number(current))
  return years.map((y) => ({ value: String(y), label: label(y) }))
}

/** "充500送50 · 充1000送150"; "自定义金额" when there are no tiers. */
export function tiersSummary(product: Pick<CardProductView, 'tiers' | 'allowCustomAmount'>): string {
  const parts = product.tiers.map((tier) =>
    tier.bonusFen > 0 ? `充${formatYuan(tier.payFen, { symbol: false }).replace(/\.00$/, '')}送${formatYuan(tier.bonusFen, { symbol: false }).replace(/\.00$/, '')}` : `充${formatYuan(tier.payFen, { symbol: false }).replace(/\.00$/, '')}`
  )
  if (product.allowCustomAmount) parts.push('可自定义金额')
  return parts.join(' · ') || '—'
}
