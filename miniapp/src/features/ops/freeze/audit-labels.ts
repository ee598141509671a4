import { CHANNEL_NAME_ZH, formatYuan, TERMS, type ApiKeyScope, type AuditEntryView, type PaymentChannelName, type StaffRole } from '@jucard/shared'
import { feeRateText } from '../../console/format'
import { CARD_STATUS, MERCHANT_STATUS, ROLE_ZH } from '../../console/labels'
import { discountRateZh, pointsMultiplierZh } from '../../marketing/member-level-labels'

// The audit trail in an operator's words: every action the BFF records (grep `action:` under bff/src), every
// field of their details, and names instead of ids (GET /operator/audit carries them: actorName, targetLabel…).

const ACTION_ZH: Record<string, string> = {
  'merchant.register': '商户注册',
  'merchant.kyc_submitted': '提交资质审核',
  'merchant.approved': '审核通过',
  'merchant.rejected': '审核驳回',
  'merchant.frozen': '冻结商户',
  'merchant.unfrozen': '解冻商户',
  'merchant.closing_announced': '发布停业公告',
  'merchant.closing_withdrawn': '撤回停业公告',
  'store.created': '新建门店',
  'store.updated': '修改门店',
  'staff.created': '新增员工',
  'staff.updated': '修改员工',
  'product.created': '新建卡产品',
  'product.updated': '修改卡产品',
  'product.retired': '停售卡产品',
  'pos_app.created': '开通收银系统接入',
  'api_key.created': '新建接口密钥',
  'api_key.rotated': '更换接口密钥',
  'api_key.revoked': '停用接口密钥',
  'webhook_endpoint.created': '添加回调地址',
  'webhook_endpoint.disabled': '停用回调地址',
  'webhook_endpoint.replayed': '重发回调',
  'card.claimed': '领取会员卡',
  'card.topped_up': TERMS.topUp,
  'card.redeemed': TERMS.redemption,
  'card.frozen': '冻结会员卡',
  'card.unfrozen': '解冻会员卡',
  'card.reported_lost': '挂失会员卡',
  'card.loss_lifted': '解除挂失',
  'card.replaced': '补卡',
  'card.reactivated': '过期卡重新激活',
  'card.expiry_replaced': '过期卡换新卡',
  'card.gift_offered': '发起转赠',
  'card.gift_cancelled': '取消转赠',
  'card.gift_given': '转赠送出',
  'card.gift_received': '领取转赠',
  'campaign.created': '新建充值活动',
  'campaign.rewards_changed': '修改充值活动奖励',
  'card.balance_refund_requested': `申请${TERMS.balanceRefund}`,
  'card.cooling_off_refund_requested': '冷静期全额退回',
  'payment.double_payment_refunded': `重复支付${TERMS.channelRefund}`,
  'redemption.reversed': TERMS.reversal,
  'coupon_template.created': '新建优惠券',
  'coupon_template.stopped': '停发优惠券',
  'coupon.issued': '发放优惠券',
  'coupon.claimed': '领取优惠券',
  'points_item.created': '上架积分商品',
  'points_item.stopped': '下架积分商品',
  'points.exchanged': '积分兑换优惠券',
  'member_levels.updated': '修改会员等级',
  'settlement.override_unreconciled': `未对平时${TERMS.settlement}`,
  'settlement.payout_retried': `重新${TERMS.payout}`,
  'recon.difference_resolved': '处理对账差异',
  'payment.notification_merchant_mismatch': '支付通知商户号不符',
  'payment.notification_amount_mismatch': '支付通知金额不符',
  'payment.notification_unknown_order': '支付通知找不到订单',
  'risk.case_opened': '开立风控案件',
  'risk.case_assigned': '认领风控案件',
  'risk.case_noted': '风控案件备注',
  'risk.case_released': '风控案件放行',
  'risk.case_rejected': '风控案件驳回',
  'real_name.verified': '实名认证通过',
  'risk.case_card_frozen': '风控案件冻结会员卡',
  'risk.case_closed': '关闭风控案件',
  'risk.rule_created': '新建风控规则',
  'risk.rule_edited': '修改风控规则'
}

/** The action in words; an action this console does not know yet is shown as recorded. */
export function auditActionZh(action: string): string {
  return ACTION_ZH[action] ?? action
}

type ActorFields = Pick<AuditEntryView, 'actorType' | 'actorId'> & Partial<Pick<AuditEntryView, 'actorName' | 'actorMerchant' | 'action'>>

/** "收银员小王（莲花健身）", "张敏（平台运营）", "顾客 138****0000", "系统"; the kind alone when the name is gone. */
export function auditActorZh(entry: ActorFields): string {
  const name = entry.actorName ?? null
  switch (entry.actorType) {
    case 'operator':
      return name ? `${name}（平台运营）` : '平台运营'
    case 'staff': {
      const merchant = entry.actorMerchant ?? null
      if (!name) return merchant ? `${merchant}的员工` : '商户员工'
      // an owner's account is named after the shop at sign-up: say it once
      if (!merchant || merchant === name) return `${name}（商户员工）`
      return `${name}（${merchant}）`
    }
    case 'consumer':
      return name ? `顾客 ${name}` : '顾客'
    case 'system':
      // a sale with no staff behind it came from the merchant's own POS server
      return entry.action === 'card.redeemed' ? '商户收银系统' : '系统'
  }
}

const TARGET_ZH: Record<string, string> = {
  merchant: '商户',
  card: '会员卡',
  staff: '员工',
  store: '门店',
  card_product: '卡产品',
  coupon_template: '优惠券',
  points_item: '积分商品',
  redemption: '消费单',
  pos_app: '接口密钥',
  webhook_endpoint: '回调地址',
  topup_order: '充值单',
  settlement_run: '结算批次',
  settlement_statement: TERMS.statement,
  recon_difference: '对账差异',
  payment_notification: '支付通知',
  risk_case: '风控案件',
  risk_rule: '风控规则'
}

/** Targets named by their name get 「」; numbers (a card, an order) stand as they are. */
const QUOTED = new Set(['merchant', 'store', 'card_product', 'staff', 'pos_app', 'webhook_endpoint'])

type TargetFields = Pick<AuditEntryView, 'targetType' | 'targetId' | 'detail'> & Partial<Pick<AuditEntryView, 'targetLabel'>>

/** "会员卡 8800000000001234", "商户「莲花健身」", "消费单 ORD-1"; without a label, a short id: "对账差异 #12". */
export function auditTargetZh(entry: TargetFields): string {
  const kind = TARGET_ZH[entry.targetType] ?? entry.targetType
  const cardNo = entry.detail?.cardNo
  const label = entry.targetLabel ?? (typeof cardNo === 'string' ? cardNo : null)
  if (label) return QUOTED.has(entry.targetType) ? `${kind}「${label}」` : `${kind} ${label}`
  // serial ids (a run, a statement, a difference) are short; uuids are cut to what a person can compare
  return /^\d+$/.test(entry.targetId) ? `${kind} #${entry.targetId}` : `${kind} ${entry.targetId.slice(0, 8)}`
}

const STATUS_ZH: Record<string, string> = {
  ...Object.fromEntries(Object.entries(MERCHANT_STATUS).map(([status, { zh }]) => [status, zh])),
  ...Object.fromEntries(Object.entries(CARD_STATUS).map(([status, { zh }]) => [status, zh]))
}

const yuan = (value: unknown) => (typeof value === 'number' ? formatYuan(value) : null)
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null)
const count = (unit: string) => (value: unknown) => (typeof value === 'number' ? `${value} ${unit}` : null)
const list = (words: Record<string, string>) => (value: unknown) =>
  Array.isArray(value) ? (value.length ? value.map((v) => (typeof v === 'string' ? (words[v] ?? v) : String(v))).join('、') : '全部') : null
const SCOPE_ZH: Record<ApiKeyScope, string> = { read_cards: '查询会员卡', redeem: '收款', topup_orders: '充值订单', refunds: TERMS.balanceRefund, coupons: '优惠券', webhooks: '回调' }
const role = (value: unknown) => (typeof value === 'string' ? (ROLE_ZH[value as StaffRole] ?? value) : null)

/** One detail field: its Chinese label and how its value reads; `amountFen`'s label depends on the action. */
interface Field {
  label: string | ((action: string | undefined) => string)
  show: (value: unknown) => string | null
}

const AMOUNT_LABEL: Record<string, string> = {
  'card.redeemed': `${TERMS.redemption}金额`,
  'card.topped_up': `${TERMS.topUp}金额`,
  'redemption.reversed': `${TERMS.reversal}金额`
}

const FIELDS: Record<string, Field> = {
  amountFen: { label: (action) => (action && AMOUNT_LABEL[action]) ?? '金额', show: yuan },
  bonusFen: { label: TERMS.bonus, show: yuan },
  // a sale with a coupon: amountFen is what the card paid
  listPriceFen: { label: '原价', show: yuan },
  discountFen: { label: '优惠券', show: yuan },
  // a sale at a member level's discount (after any coupon)
  memberLevel: { label: '会员等级', show: text },
  memberDiscountFen: { label: '会员折扣', show: yuan },
  principalFen: { label: (action) => (action === 'card.replaced' ? `转入新卡的${TERMS.principal}` : `退回${TERMS.principal}`), show: yuan },
  points: { label: '积分', show: count('分') },
  pointsPrice: { label: '兑换所需积分', show: count('分') },
  stock: { label: '库存', show: count('张') },
  byStaff: { label: '办理', show: (v) => (v === true ? '商户员工代为挂失' : null) },
  refundFen: { label: '退回金额', show: yuan },
  bonusForfeitedFen: { label: `作废${TERMS.bonus}`, show: yuan },
  coolingOffDays: { label: '冷静期', show: count('天') },
  feeRateBps: { label: `${TERMS.fee}费率`, show: (v) => (typeof v === 'number' ? feeRateText(v) : null) },
  channel: { label: '支付渠道', show: (v) => (typeof v === 'string' ? (CHANNEL_NAME_ZH[v as PaymentChannelName] ?? v) : null) },
  outTradeNo: { label: '支付单号', show: text },
  businessDate: { label: '营业日', show: text },
  closingDate: { label: '停业日期', show: text },
  openDifferences: { label: '未处理差异', show: (v) => (typeof v === 'number' ? `${v} 条` : null) },
  role: { label: '角色', show: role },
  note: { label: '备注', show: text },
  scopes: { label: '权限', show: list(SCOPE_ZH) },
  overlapSeconds: { label: '旧密钥保留', show: count('秒') },
  url: { label: '地址', show: text },
  eventTypes: { label: '事件', show: list({}) },
  queued: { label: '重发', show: count('条') },
  since: { label: '起始时间', show: text },
  falsePositive: { label: '标记', show: (v) => (v === true ? '误报' : null) }
}

/** Ids that the target or store column already shows in words, or that mean nothing to a person. */
const HIDDEN = new Set(['cardNo', 'storeId', 'storeIds', 'redemptionId', 'orderId', 'orderIds', 'reversalId', 'refundId', 'operator', 'creditedAttemptId', 'messageId', 'couponId', 'replacementCardId', 'couponTemplateId', 'itemId', 'exchangeId'])

/** The parts of a staff member or a store that an edit changes (team.service.ts snapshots). */
const SNAPSHOT_FIELDS: Record<string, { label: string; show: (value: unknown) => string | null }> = {
  displayName: { label: '姓名', show: text },
  role: { label: '角色', show: role },
  storeIds: { label: '可用门店', show: (v) => (Array.isArray(v) ? (v.length ? `${v.length} 家` : '全部') : null) },
  active: { label: '账号', show: (v) => (typeof v === 'boolean' ? (v ? '启用' : '停用') : null) },
  name: { label: '名称', show: text },
  address: { label: '地址', show: text }
}

type Detail = Record<string, unknown>

const isDetail = (value: unknown): value is Detail => typeof value === 'object' && value !== null && !Array.isArray(value)

/** "角色：收银员 → 店长" for each field an edit changed. */
function changes(before: Detail, after: Detail): string[] {
  const parts: string[] = []
  for (const [key, field] of Object.entries(SNAPSHOT_FIELDS)) {
    const was = field.show(before[key])
    const now = field.show(after[key])
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) parts.push(`${field.label}：${was ?? '—'} → ${now ?? '—'}`)
  }
  return parts.length ? parts : ['没有改动']
}

/** A member ladder as recorded (member_levels.updated): "银卡 满¥1,000.00 积分×1、金卡 满¥5,000.00 积分×1.5 9.5折"; none: 无等级. */
function ladderZh(steps: unknown[]): string {
  if (steps.length === 0) return '无等级'
  return steps
    .map((step) => {
      if (!isDetail(step)) return String(step)
      const multiplier = typeof step.pointsMultiplierPct === 'number' ? pointsMultiplierZh(step.pointsMultiplierPct) : '—'
      const discount = typeof step.discountRate === 'number' && step.discountRate < 100 ? ` ${discountRateZh(step.discountRate)}` : ''
      return `${text(step.name) ?? '—'} 满${yuan(step.thresholdFen) ?? '—'} 积分${multiplier}${discount}`
    })
    .join('、')
}

/**
 * The detail in words: "正常 → 已冻结 · 原因：顾客挂失", "消费金额：¥12.00 · 门店：静安店", "手续费费率：0.60%".
 * A field this console does not know yet is shown as recorded (nested values left out).
 */
export function auditDetailZh(detail: AuditEntryView['detail'], context: { action?: string; storeName?: string | null } = {}): string {
  const parts: string[] = []
  const { reason, before, after, ...rest } = detail ?? {}
  if (typeof before === 'string' && typeof after === 'string') parts.push(`${STATUS_ZH[before] ?? before} → ${STATUS_ZH[after] ?? after}`)
  else if (isDetail(before) && isDetail(after)) parts.push(...changes(before, after))
  else if (Array.isArray(before) && Array.isArray(after)) parts.push(`${ladderZh(before)} → ${ladderZh(after)}`)
  // known fields in the order of FIELDS (money first), then anything newer as recorded
  for (const [key, field] of Object.entries(FIELDS)) {
    const shown = rest[key] === null || rest[key] === undefined ? null : field.show(rest[key])
    if (shown !== null) parts.push(`${typeof field.label === 'string' ? field.label : field.label(context.action)}：${shown}`)
  }
  for (const [key, value] of Object.entries(rest)) {
    if (HIDDEN.has(key) || key in FIELDS) continue
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}: ${String(value)}`)
  }
  if (context.storeName) parts.push(`门店：${context.storeName}`)
  if (typeof reason === 'string' && reason.trim() !== '') parts.push(`原因：${reason}`)
  return parts.join(' · ')
}
