import { formatYuan, RISK_ACTION_LABELS, RISK_OPERATION_KIND_LABELS, RISK_RULE_KIND_LABELS, type RiskCaseOperation, type RiskCaseStatus, type RiskRuleKind, type RiskRuleParameters, type RiskRuleView } from '@jucard/shared'

/** "60 分钟", "24 小时", "7 天". */
export function windowZh(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '24 小时' : `${minutes / 1440} 天`
  if (minutes % 60 === 0) return `${minutes / 60} 小时`
  return `${minutes} 分钟`
}

const COUNTERS: Record<string, (value: number) => string> = {
  topUps: (v) => `充值 ${v} 次`,
  maxCount: (v) => `上限 ${v} 次`,
  amountFen: (v) => `金额 ${formatYuan(v)}`,
  maxFen: (v) => `上限 ${formatYuan(v)}`,
  thresholdFen: (v) => `门槛 ${formatYuan(v)}`,
  topUpsJustUnder: (v) => `略低于门槛 ${v} 笔`,
  minCount: (v) => `达 ${v} 笔即提示`,
  recentTopUps: (v) => `近期充值 ${v} 笔`,
  redemptions: (v) => `消费 ${v} 笔`,
  windowMinutes: (v) => `窗口 ${windowZh(v)}`,
  mirroredSales: (v) => `同额消费 ${v} 笔`,
  salesFen: (v) => `消费 ${formatYuan(v)}`,
  sales: (v) => `共 ${v} 笔`,
  cards: (v) => `涉及 ${v} 张卡`,
  topCards: (v) => `前 ${v} 张卡`,
  sharePct: (v) => `占比 ${v}%`,
  payers: (v) => `付款账户 ${v} 个`,
  topUpFen: (v) => `充值 ${formatYuan(v)}`,
  claimants: (v) => `领券用户 ${v} 个`
}

/** What the rule saw, in words: "充值 11 次 · 上限 10 次 · 窗口 1 小时"; a counter this console does not know as recorded. */
export function countersZh(counters: RiskCaseOperation['counters']): string {
  return Object.entries(counters)
    .map(([key, value]) => COUNTERS[key]?.(value) ?? `${key}: ${value}`)
    .join(' · ')
}

/** A rule's thresholds in words ("上限 10 次 · 窗口 1 小时"); a batch rule's as the sentence it checks. */
export function parametersZh(parameters: RiskRuleParameters, kind?: RiskRuleKind): string {
  const p = parameters
  if (kind === 'MERCHANT_CONCENTRATION') {
    return `当日消费 ≥ ${formatYuan(p.thresholdFen ?? 200_000)} 且 ≥ ${p.minCount ?? 10} 笔，前 ${p.maxCount ?? 3} 张卡占比 ≥ ${p.sharePct ?? 80}%，付款账户 ≤ ${p.maxCount ?? 3} 个`
  }
  if (kind === 'CARD_CYCLING') return `当日充值 ≥ ${p.minCount ?? 3} 次且 ≥ ${formatYuan(p.thresholdFen ?? 50_000)}，当日消费占比 ≥ ${p.sharePct ?? 90}%`
  return countersZh(parameters as Record<string, number>)
}

/** "单卡充值频次 · 放行并人工复核". */
export function ruleZh(rule: Pick<RiskRuleView, 'kind' | 'action'>): string {
  return `${RISK_RULE_KIND_LABELS[rule.kind]} · ${RISK_ACTION_LABELS[rule.action]}`
}

export const OPERATION_ZH: Record<RiskCaseOperation['kind'], string> = RISK_OPERATION_KIND_LABELS

export const CASE_TONE: Record<RiskCaseStatus, 'neutral' | 'good' | 'warn' | 'bad'> = {
  OPEN: 'warn',
  RELEASED: 'good',
  REJECTED: 'bad',
  CARD_FROZEN: 'bad',
  CLOSED: 'neutral'
}
