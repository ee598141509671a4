import {
  BALANCE_REFUND_STATUS_ZH,
  CHANNEL_NAME_ZH,
  REDEMPTION_STATUS_ZH,
  TOPUP_STATUS_ZH,
  type BalanceRefundStatus,
  type CardKind,
  type CardStatus,
  type DeductionRule,
  type MerchantStatus,
  type PaymentChannelName,
  type ProductStatus,
  type ReconDifferenceKind,
  type ReconRunStatus,
  type RedemptionReportStatus,
  type StaffRole,
  type StatementStatus,
  type TopUpStatus
} from '@jucard/shared'

/** Chinese words for the status unions the back office shows. Records keyed by the union: a new state fails to compile here. */

export type Tone = 'neutral' | 'good' | 'warn' | 'bad'

export const ROLE_ZH: Record<StaffRole, string> = { OWNER: '店主', MANAGER: '店长', CASHIER: '收银员' }

/**
 * Who is signed in, for a header: "莲花健身 · 林小莲（店主）". An owner's account is named after the shop at sign-up,
 * so a name that only repeats the shop's shows the role alone: "莲花健身 · 店主".
 */
export function signedInLabel(merchantName: string, staffName: string, role: StaffRole): string {
  const name = staffName.trim()
  return name === '' || name === merchantName.trim() ? `${merchantName} · ${ROLE_ZH[role]}` : `${merchantName} · ${name}（${ROLE_ZH[role]}）`
}

export const MERCHANT_STATUS: Record<MerchantStatus, { zh: string; tone: Tone }> = {
  DRAFT: { zh: '待提交资料', tone: 'neutral' },
  PENDING_REVIEW: { zh: '待审核', tone: 'warn' },
  APPROVED: { zh: '已通过', tone: 'good' },
  REJECTED: { zh: '已驳回', tone: 'bad' },
  FROZEN: { zh: '已冻结', tone: 'bad' }
}

export const CARD_STATUS: Record<CardStatus, { zh: string; tone: Tone }> = {
  ACTIVE: { zh: '正常', tone: 'good' },
  FROZEN: { zh: '已冻结', tone: 'bad' },
  CLOSED: { zh: '已注销', tone: 'neutral' },
  LOST: { zh: '已挂失', tone: 'warn' }
}

export const CARD_KIND_ZH: Record<CardKind, string> = { NAMED: '记名卡', ANONYMOUS: '不记名卡' }

export const PRODUCT_STATUS: Record<ProductStatus, { zh: string; tone: Tone }> = {
  ACTIVE: { zh: '在售', tone: 'good' },
  RETIRED: { zh: '已停售', tone: 'neutral' }
}

export const DEDUCTION_RULE_ZH: Record<DeductionRule, string> = {
  PRO_RATA: '本金与赠送金按比例扣',
  PRINCIPAL_FIRST: '先扣本金',
  BONUS_FIRST: '先扣赠送金'
}

export const CHANNEL_ZH: Record<PaymentChannelName, string> = CHANNEL_NAME_ZH

export const STATEMENT_STATUS: Record<StatementStatus, { zh: string; tone: Tone }> = {
  PENDING_PAYOUT: { zh: '待打款', tone: 'warn' },
  AWAITING_FUNDS: { zh: '等待渠道资金到账', tone: 'warn' },
  PAID: { zh: '已打款', tone: 'good' },
  PAYOUT_FAILED: { zh: '打款失败', tone: 'bad' }
}

export const TOPUP_STATUS: Record<TopUpStatus, { zh: string; tone: Tone }> = {
  INIT: { zh: '待支付', tone: 'neutral' },
  PAYING: { zh: '支付中', tone: 'warn' },
  PAID: { zh: '已支付', tone: 'good' },
  FAILED: { zh: '支付失败', tone: 'bad' },
  CLOSED: { zh: '已关闭', tone: 'neutral' },
  PARTIALLY_REFUNDED: { zh: TOPUP_STATUS_ZH.PARTIALLY_REFUNDED, tone: 'warn' },
  REFUNDED: { zh: TOPUP_STATUS_ZH.REFUNDED, tone: 'neutral' }
}

export const REDEMPTION_STATUS: Record<RedemptionReportStatus, { zh: string; tone: Tone }> = {
  NORMAL: { zh: '正常', tone: 'good' },
  PARTIALLY_REVERSED: { zh: REDEMPTION_STATUS_ZH.PARTIALLY_REVERSED, tone: 'warn' },
  REVERSED: { zh: REDEMPTION_STATUS_ZH.REVERSED, tone: 'neutral' }
}

export const REFUND_STATUS: Record<BalanceRefundStatus, { zh: string; tone: Tone }> = {
  PROCESSING: { zh: BALANCE_REFUND_STATUS_ZH.PROCESSING, tone: 'warn' },
  SUCCEEDED: { zh: BALANCE_REFUND_STATUS_ZH.SUCCEEDED, tone: 'good' },
  FAILED: { zh: BALANCE_REFUND_STATUS_ZH.FAILED, tone: 'bad' }
}

// Settlement runs have the same three states today; one that grows a state no longer indexes this and must decide.
export const RUN_STATUS: Record<ReconRunStatus, { zh: string; tone: Tone }> = {
  RUNNING: { zh: '进行中', tone: 'warn' },
  COMPLETED: { zh: '已完成', tone: 'good' },
  FAILED: { zh: '失败', tone: 'bad' }
}

export const DIFFERENCE_KIND_ZH: Record<ReconDifferenceKind, string> = {
  CHANNEL_ONLY: '长款（渠道有、平台无）',
  PLATFORM_ONLY: '短款（平台有、渠道无）',
  AMOUNT_MISMATCH: '金额不一致',
  STATUS_MISMATCH: '状态不一致'
}
