/**
 * Risk control (docs/risk.md): rules stored as data, the decision on each money request, and the operators' case
 * queue. Framework-free: the BFF and the operator console share these contracts.
 */

/** What a rule does when it trips; the most severe tripped rule decides (block > hold > review > allow). */
export const RISK_ACTIONS = ['allow', 'review', 'hold', 'block'] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number];

export const RISK_SCOPES = ['platform', 'merchant', 'product'] as const;
export type RiskScope = (typeof RISK_SCOPES)[number];

/** The money requests a rule can watch; DAY_SCAN is the nightly scan of a business day (a batch rule's finding). */
export const RISK_OPERATION_KINDS = ['TOPUP', 'REDEMPTION', 'BALANCE_REFUND', 'COOLING_OFF_REFUND', 'CARD_REPLACEMENT', 'PAYOUT', 'GIFT', 'DAY_SCAN', 'COUPON_CLAIM'] as const;
export type RiskOperationKind = (typeof RISK_OPERATION_KINDS)[number];

/**
 * What a rule measures. Windows are sliding (the last `windowMinutes`), amounts integer fen.
 * - TOPUP_VELOCITY_CARD / _CONSUMER: top-ups of one card / one consumer in the window, this one included, above maxCount
 * - TOPUP_AMOUNT_CONSUMER: one consumer's top-up amount in the window, this one included, above maxFen
 * - REFUND_AFTER_TOPUP: a refund of a card with a top-up paid within the window (cash-out, 套现)
 * - REAL_NAME_SINGLE: one top-up at or above thresholdFen
 * - REAL_NAME_DAILY: one consumer's top-ups in the window reaching thresholdFen
 * - STRUCTURING: at least minCount top-ups in the window just under thresholdFen (within bandFen of it)
 * - REDEMPTION_VELOCITY_CARD: sales of one card in the window, this one included, above maxCount
 * - REDEMPTION_AMOUNT_SINGLE: one sale at or above thresholdFen
 * - REPLACEMENT_BALANCE: a 补卡 moving a balance (principal + bonus) at or above thresholdFen to a new card
 * - PAYOUT_AMOUNT: one merchant payout at or above thresholdFen
 * - TOPUP_VELOCITY_DEVICE / _PAYER: top-ups from one device (the app's X-Device-Id) / one payer account (the WeChat
 *   openid the order is paid by) in the window, this one included, above maxCount
 * - CARDS_PER_DEVICE / CARDS_PER_PAYER: distinct cards topped up from one device / payer account in the window, this
 *   one's card included, above maxCount
 * - TOPUP_REDEEM_MIRROR: a sale within windowMinutes of a top-up of the same card at the same merchant, its amount
 *   within bandFen of the top-up's, for at least the minCount-th time in a day (套现 through the merchant)
 * - ROUND_AMOUNT_BURST: at least minCount top-ups in the window of one consumer in round amounts (multiples of
 *   roundFen) just under thresholdFen (within bandFen of it), a cap the burst stays under
 * - CLAIMS_PER_DEVICE: a coupon claimed from a device (the app's X-Device-Id) from which more than maxCount consumers,
 *   this one included, claimed coupons in the window (one phone behind many "new" consumers: 薅羊毛)
 * Batch rules, judged by the nightly scan of a business day (RiskScan), never on a single request:
 * - MERCHANT_CONCENTRATION: a merchant whose sales that day (at least thresholdFen over at least minCount sales) came
 *   sharePct % or more from at most maxCount cards, topped up (over the last 30 days) by at most maxCount payer
 *   accounts — a merchant laundering through its own cards
 * - CARD_CYCLING: a card topped up at least minCount times that day (at least thresholdFen in all) that spent
 *   sharePct % or more of it the same day at the same merchant — money passing straight through the card
 */
export const RISK_RULE_KINDS = [
  'TOPUP_VELOCITY_CARD',
  'TOPUP_VELOCITY_CONSUMER',
  'TOPUP_AMOUNT_CONSUMER',
  'REFUND_AFTER_TOPUP',
  'REAL_NAME_SINGLE',
  'REAL_NAME_DAILY',
  'STRUCTURING',
  'REDEMPTION_VELOCITY_CARD',
  'REDEMPTION_AMOUNT_SINGLE',
  'REPLACEMENT_BALANCE',
  'PAYOUT_AMOUNT',
  'TOPUP_VELOCITY_DEVICE',
  'TOPUP_VELOCITY_PAYER',
  'CARDS_PER_DEVICE',
  'CARDS_PER_PAYER',
  'TOPUP_REDEEM_MIRROR',
  'ROUND_AMOUNT_BURST',
  'MERCHANT_CONCENTRATION',
  'CARD_CYCLING',
  'CLAIMS_PER_DEVICE',
] as const;
export type RiskRuleKind = (typeof RISK_RULE_KINDS)[number];

/** The parameters each kind reads (others are ignored). */
export interface RiskRuleParameters {
  windowMinutes?: number;
  maxCount?: number;
  maxFen?: number;
  thresholdFen?: number;
  bandFen?: number;
  minCount?: number;
  roundFen?: number;
  /** A share in percent (1–100). */
  sharePct?: number;
}

/** The kinds the nightly scan judges; the others are judged on each request. */
export const RISK_BATCH_RULE_KINDS = ['MERCHANT_CONCENTRATION', 'CARD_CYCLING'] as const satisfies readonly RiskRuleKind[];
export type RiskBatchRuleKind = (typeof RISK_BATCH_RULE_KINDS)[number];

export interface RiskRuleView {
  id: string;
  version: number;
  scope: RiskScope;
  /** The merchant or product a scoped rule applies to; null for a platform rule. */
  scopeId: string | null;
  kind: RiskRuleKind;
  parameters: RiskRuleParameters;
  action: RiskAction;
  reason: string;
  enabled: boolean;
  /** The operator who wrote this version; null for a rule that shipped by default. */
  editedBy: string | null;
  createdAt: string;
}

/** An edit writes a new version; `expectedVersion` is the version the operator saw (an edit in between is a 409). */
export interface UpdateRiskRuleRequest {
  expectedVersion: number;
  parameters?: RiskRuleParameters;
  action?: RiskAction;
  reason?: string;
  enabled?: boolean;
}

export interface CreateRiskRuleRequest {
  kind: RiskRuleKind;
  scope: RiskScope;
  scopeId?: string;
  parameters: RiskRuleParameters;
  action: RiskAction;
  reason: string;
  enabled?: boolean;
}

export const RISK_CASE_STATUSES = ['OPEN', 'RELEASED', 'REJECTED', 'CARD_FROZEN', 'CLOSED'] as const;
export type RiskCaseStatus = (typeof RISK_CASE_STATUSES)[number];

/**
 * RELEASE: the operations were fine (a held one, asked again, goes through); REJECT: a held operation is refused for
 * good (asked again, it is blocked); FREEZE_CARD: the card moves no money; CLOSE: nothing to do.
 */
export const RISK_CASE_DECISIONS = ['RELEASE', 'REJECT', 'FREEZE_CARD', 'CLOSE'] as const;
export type RiskCaseDecision = (typeof RISK_CASE_DECISIONS)[number];

/** One operation a case is about (the one that opened it, and later ones the same rule caught on the same card). */
export interface RiskCaseOperation {
  kind: RiskOperationKind;
  id: string;
  amountFen: number;
  at: string;
  /** The counters the rule saw for this operation (e.g. { topUps: 11 } or { amountFen: 1200000 }). */
  counters: Record<string, number>;
}

export interface RiskCaseNoteView {
  operatorId: string;
  operatorName: string | null;
  note: string;
  createdAt: string;
}

export interface RiskCaseView {
  id: string;
  status: RiskCaseStatus;
  /** The operator's mark on a released or closed case: the rule caught normal business (the metrics count it). */
  falsePositive: boolean;
  rule: Pick<RiskRuleView, 'id' | 'version' | 'kind' | 'action' | 'reason' | 'parameters'>;
  /** Null for a case about a merchant (a payout). */
  cardId: string | null;
  cardNo: string | null;
  consumerId: string | null;
  merchantId: string;
  operations: RiskCaseOperation[];
  assigneeId: string | null;
  assigneeName: string | null;
  notes: RiskCaseNoteView[];
  decision: RiskCaseDecision | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RiskCaseList {
  items: RiskCaseView[];
}

export interface RiskCaseNoteRequest {
  note: string;
}

export interface RiskCaseDecisionRequest {
  decision: RiskCaseDecision;
  note: string;
  /** RELEASE or CLOSE only: the rule caught normal business. */
  falsePositive?: boolean;
}

/** One finding of the nightly scan: a merchant or a card a batch rule scored on a business day, with its evidence. */
export interface RiskScoreView {
  businessDate: string;
  ruleId: string;
  ruleVersion: number;
  kind: RiskBatchRuleKind;
  subjectType: 'merchant' | 'card';
  subjectId: string;
  merchantId: string;
  merchantName: string;
  cardNo: string | null;
  /** 0–100: how strongly the pattern shows (the share of the day's money it concerns). */
  score: number;
  /** The figures behind the score (sales, shares, cards, payers…). */
  counters: Record<string, number>;
  /** The rows that make the case: the cards with their sales, or the card's top-ups and sales. */
  evidence: RiskScoreEvidence[];
  /** The review case it opened (or added to). */
  caseId: string | null;
}

export interface RiskScoreEvidence {
  kind: 'CARD' | 'TOPUP' | 'REDEMPTION';
  /** The card's id (CARD), the top-up order's id or the sale's id. */
  id: string;
  cardNo: string | null;
  amountFen: number;
  /** CARD: the card's sales that day; otherwise 1. */
  count: number;
  /** CARD: the payer accounts behind the card's top-ups over the last 30 days. */
  payers: number | null;
  at: string | null;
}

export interface RiskScanView {
  businessDate: string;
  status: 'COMPLETED';
  trigger: 'SCHEDULED' | 'MANUAL';
  /** The subjects looked at and the findings. */
  merchantsScanned: number;
  cardsScanned: number;
  findings: number;
  finishedAt: string;
  scores: RiskScoreView[];
}

export interface RiskScanRequest {
  businessDate: string;
}

/** The decisions of one rule over a range of business days, and what operators made of its cases. */
export interface RiskRuleMetrics {
  ruleId: string;
  kind: RiskRuleKind;
  action: RiskAction;
  reason: string;
  enabled: boolean;
  /** Per business day, oldest first, every day of the range (zeros included). */
  days: Array<{ businessDate: string; decisions: number; fen: number }>;
  decisions: number;
  casesOpened: number;
  casesDecided: number;
  falsePositives: number;
  /** Money held now by this rule's open cases (hold rules). */
  heldFen: number;
}

export interface RiskMetricsView {
  from: string;
  to: string;
  rules: RiskRuleMetrics[];
  /** Totals over the range. */
  decisions: number;
  falsePositives: number;
  casesDecided: number;
  openCases: number;
  heldFen: number;
  heldOperations: number;
}

/**
 * A money request of a merchant's customer (or the merchant's own payout) that a hold rule stopped, as the merchant
 * sees it: what, how much, where the review stands, and what to tell the customer. Neither the rule nor the reason
 * is shown (a merchant must not be able to tip anyone off); the reference lets the platform find the case.
 */
export const RISK_HOLD_STATES = ['REVIEWING', 'RELEASED', 'REJECTED'] as const;
export type RiskHoldState = (typeof RISK_HOLD_STATES)[number];

export interface MerchantRiskHoldView {
  /** 审核编号: what the merchant quotes to the platform. */
  reference: string;
  operationKind: RiskOperationKind;
  amountFen: number;
  /** Null for a payout. */
  cardNo: string | null;
  at: string;
  state: RiskHoldState;
  decidedAt: string | null;
  /** What the merchant can tell the customer (for a payout: what it means for the merchant). */
  messageZh: string;
}

export interface MerchantRiskHoldList {
  items: MerchantRiskHoldView[];
}

export const RISK_HOLD_STATE_LABELS: Record<RiskHoldState, string> = {
  REVIEWING: '审核中',
  RELEASED: '已通过',
  REJECTED: '未通过',
};

/** The console's words for each rule kind, action and case state. */
export const RISK_RULE_KIND_LABELS: Record<RiskRuleKind, string> = {
  TOPUP_VELOCITY_CARD: '单卡充值频次',
  TOPUP_VELOCITY_CONSUMER: '单用户充值频次',
  TOPUP_AMOUNT_CONSUMER: '单用户充值金额',
  REFUND_AFTER_TOPUP: '充值后短时退卡（疑似套现）',
  REAL_NAME_SINGLE: '单笔大额充值（实名门槛）',
  REAL_NAME_DAILY: '单日累计大额充值（实名门槛）',
  STRUCTURING: '拆分充值规避门槛',
  REDEMPTION_VELOCITY_CARD: '单卡消费频次',
  REDEMPTION_AMOUNT_SINGLE: '单笔大额消费',
  REPLACEMENT_BALANCE: '补卡转移大额余额',
  PAYOUT_AMOUNT: '商户大额结算打款',
  TOPUP_VELOCITY_DEVICE: '单设备充值频次',
  TOPUP_VELOCITY_PAYER: '单付款账户充值频次',
  CARDS_PER_DEVICE: '同一设备为多张卡充值',
  CARDS_PER_PAYER: '同一付款账户为多张卡充值',
  TOPUP_REDEEM_MIRROR: '充值后同额消费（疑似套现）',
  ROUND_AMOUNT_BURST: '整额充值贴近上限',
  MERCHANT_CONCENTRATION: '商户消费集中于少数卡（疑似自充自消）',
  CARD_CYCLING: '当日充值即在同一商户消费完（资金过卡）',
  CLAIMS_PER_DEVICE: '同一设备为多个用户领券（疑似薅羊毛）',
};

export const RISK_OPERATION_KIND_LABELS: Record<RiskOperationKind, string> = {
  TOPUP: '充值',
  REDEMPTION: '消费',
  BALANCE_REFUND: '退卡',
  COOLING_OFF_REFUND: '冷静期全额退回',
  CARD_REPLACEMENT: '补卡',
  PAYOUT: '结算打款',
  GIFT: '转赠',
  DAY_SCAN: '日终扫描',
  COUPON_CLAIM: '领券',
};

export const RISK_ACTION_LABELS: Record<RiskAction, string> = {
  allow: '仅记录',
  review: '放行并人工复核',
  hold: '暂停待审核',
  block: '拒绝',
};

export const RISK_CASE_STATUS_LABELS: Record<RiskCaseStatus, string> = {
  OPEN: '待处理',
  RELEASED: '已放行',
  REJECTED: '已驳回',
  CARD_FROZEN: '已冻结卡',
  CLOSED: '已关闭',
};

export const RISK_CASE_DECISION_LABELS: Record<RiskCaseDecision, string> = {
  RELEASE: '放行',
  REJECT: '驳回',
  FREEZE_CARD: '冻结该卡',
  CLOSE: '关闭案件',
};
