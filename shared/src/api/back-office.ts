import type { Fen } from '../money';
import type { CardKind, CardStatus, MerchantStatus, StaffRole } from '../status';
import type { CardBalance, Page } from './cards';
import type { StaffView } from './merchants';
import type { PaymentChannelName, TopUpStatus } from './payments';
import type { RedemptionView } from './redemption';
import type { BusinessDate } from './settlement';

// ---- merchant dashboard: GET /merchant/dashboard (OWNER, MANAGER) ----

/** What happened on one business day (Asia/Shanghai) or over a range of them. */
export interface DashboardFigures {
  /** Top-ups paid in the period (by time of payment). */
  topUpCount: number;
  /** What consumers paid; bonus granted with it is not included. */
  topUpFen: Fen;
  topUpBonusFen: Fen;
  redemptionCount: number;
  /** Redeemed in the period, before reversals. */
  redemptionFen: Fen;
  /** Reversals made in the period (of redemptions of any day). */
  reversedFen: Fen;
  /** redemptionFen − reversedFen. */
  netRedemptionFen: Fen;
  /** Cards claimed in the period. */
  newCards: number;
}

/** A period with nothing in it: where a sum starts, and what a quiet day shows. */
export const emptyDashboardFigures = (): DashboardFigures => ({
  topUpCount: 0,
  topUpFen: 0,
  topUpBonusFen: 0,
  redemptionCount: 0,
  redemptionFen: 0,
  reversedFen: 0,
  netRedemptionFen: 0,
  newCards: 0,
});

export interface DashboardDay extends DashboardFigures {
  date: BusinessDate;
}

/** Consumers' money held on the merchant's cards right now. */
export interface CardLiability {
  principalFen: Fen;
  bonusFen: Fen;
  totalFen: Fen;
  /** Cards with a positive principal or bonus balance. */
  cardsWithBalance: number;
  cardCount: number;
}

export interface MerchantDashboard {
  generatedAt: string;
  today: DashboardDay;
  /** The 30 business days ending today (today included). */
  last30Days: DashboardFigures & { from: BusinessDate; to: BusinessDate };
  /** One point per day of last30Days, oldest first, zero-filled: always 30 entries. */
  series: DashboardDay[];
  liability: CardLiability;
}

// ---- reports: GET /merchant/reports/{kind} and GET /merchant/reports/{kind}.csv (OWNER, MANAGER) ----

export const REPORT_KINDS = ['topups', 'redemptions', 'refunds'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Longest span one report may cover, in business days (both ends included). */
export const MAX_REPORT_DAYS = 366;
/** Span used when `from`/`to` are omitted: the last 7 business days, today included. */
export const DEFAULT_REPORT_DAYS = 7;

/**
 * A redemption's state for the report filter: NORMAL (nothing reversed), PARTIALLY_REVERSED, REVERSED (all of it).
 */
export const REDEMPTION_REPORT_STATUSES = ['NORMAL', 'PARTIALLY_REVERSED', 'REVERSED'] as const;
export type RedemptionReportStatus = (typeof REDEMPTION_REPORT_STATUSES)[number];

export const BALANCE_REFUND_STATUSES = ['PROCESSING', 'SUCCEEDED', 'FAILED'] as const;
export type BalanceRefundStatus = (typeof BALANCE_REFUND_STATUSES)[number];

/**
 * Query string of every report (JSON and CSV). Dates are Asia/Shanghai business days, both ends included;
 * without them the last DEFAULT_REPORT_DAYS days. `cursor`/`limit` (1–100, default 20) only for the JSON pages.
 */
export interface ReportQuery {
  from?: BusinessDate;
  to?: BusinessDate;
  /** Redemptions only: one store of the merchant. */
  storeId?: string;
  /**
   * topups: one TopUpStatus; without it, the paid orders (PAID, PARTIALLY_REFUNDED, REFUNDED).
   * redemptions: one RedemptionReportStatus; refunds: one BalanceRefundStatus; without it, all of them.
   */
  status?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Every report is filtered and ordered by the rows' `createdAt` (order / redemption / refund request time),
 * newest first in the JSON pages, oldest first in the CSV.
 */
export interface TopUpReportRow {
  orderId: string;
  /** The payment channel's order number (our out_trade_no) of the current attempt, when one was made. */
  outTradeNo: string | null;
  createdAt: string;
  paidAt: string | null;
  cardNoMasked: string;
  status: TopUpStatus;
  channel: PaymentChannelName | null;
  amountFen: Fen;
  bonusFen: Fen;
  /** Principal of this top-up returned to the consumer by balance refunds. */
  refundedFen: Fen;
}

/** A sale in the redemptions report: the fields of its RedemptionView, `refundedFen` being what is reversed so far (any day). */
export interface RedemptionReportRow
  extends Pick<
    RedemptionView,
    'redemptionId' | 'merchantOrderNo' | 'createdAt' | 'storeId' | 'storeName' | 'cardNoMasked' | 'amountFen' | 'principalFen' | 'bonusFen' | 'refundedFen'
  > {
  points: number;
  /** amountFen − refundedFen. */
  netFen: Fen;
  status: RedemptionReportStatus;
  /** 'staff' (a cashier in the app) or 'pos' (the merchant's till system). */
  operatorType: 'staff' | 'pos';
}

export interface RefundReportRow {
  refundId: string;
  createdAt: string;
  cardNoMasked: string;
  /** Unused principal returned to the consumer's original payments. */
  principalFen: Fen;
  bonusForfeitedFen: Fen;
  status: BalanceRefundStatus;
  /** Channels the money goes back through (one part per original top-up). */
  channels: PaymentChannelName[];
}

/** `amountFen` is what the report is about: paid top-up amount, redeemed amount, refunded principal. */
export interface ReportTotals {
  count: number;
  amountFen: Fen;
}

export interface TopUpReportTotals extends ReportTotals {
  bonusFen: Fen;
  refundedFen: Fen;
}

export interface RedemptionReportTotals extends ReportTotals {
  principalFen: Fen;
  bonusFen: Fen;
  refundedFen: Fen;
  netFen: Fen;
}

export interface RefundReportTotals extends ReportTotals {
  bonusForfeitedFen: Fen;
}

/** One page of a report, newest first, with the totals of the whole filter (not only of this page). */
export interface ReportPage<Row, Totals extends ReportTotals> extends Page<Row> {
  from: BusinessDate;
  to: BusinessDate;
  totals: Totals;
}

export type TopUpReport = ReportPage<TopUpReportRow, TopUpReportTotals>;
export type RedemptionReport = ReportPage<RedemptionReportRow, RedemptionReportTotals>;
export type RefundReport = ReportPage<RefundReportRow, RefundReportTotals>;

export interface ReportByKind {
  topups: TopUpReport;
  redemptions: RedemptionReport;
  refunds: RefundReport;
}

/**
 * The CSV of a report (same query, no cursor/limit) is UTF-8 with a BOM, Chinese headers, amounts in yuan with
 * two decimals, oldest rows first, and a last row 合计 with the totals. Fetch it with the staff bearer token.
 */
export function reportCsvPath(kind: ReportKind): string {
  return `/merchant/reports/${kind}.csv`;
}

// ---- stores and staff (OWNER, MANAGER) ----

/** PUT /merchant/stores/:storeId → StoreView. */
export interface UpdateStoreRequest {
  name: string;
  address: string;
}

/**
 * PUT /merchant/staff/:staffId → StaffMemberView. Omitted fields stay as they are. The owner's role and active
 * flag never change (OWNER_PROTECTED); only the owner edits managers or appoints them; nobody deactivates or
 * re-roles themselves. A deactivated member can no longer log in, and their tokens stop working at once
 * (401 STAFF_DEACTIVATED); a new role or new stores apply from the next request.
 */
export interface UpdateStaffRequest {
  displayName?: string;
  role?: Exclude<StaffRole, 'OWNER'>;
  storeIds?: string[];
  active?: boolean;
}

/** GET /merchant/staff-members → StaffMemberView[] (every member, deactivated ones included). */
export interface StaffMemberView extends StaffView {
  active: boolean;
}

// ---- operator: freeze / unfreeze, card look-up, audit trail ----

/**
 * POST /operator/merchants/:merchantId/freeze|unfreeze → MerchantView (APPROVED ⇄ FROZEN).
 * POST /operator/cards/:cardNo/freeze|unfreeze → OperatorCardView (ACTIVE ⇄ FROZEN).
 * A frozen merchant cannot redeem and its consumers cannot top up (MERCHANT_FROZEN); a frozen card cannot move
 * money (CARD_NOT_ACTIVE).
 */
export interface FreezeRequest {
  /** 2–200 characters, kept in the audit trail. */
  reason: string;
}

/** GET /operator/cards/:cardNo. */
export interface OperatorCardView {
  id: string;
  cardNo: string;
  status: CardStatus;
  kind: CardKind;
  productId: string;
  productName: string;
  consumerId: string;
  expiresAt: string | null;
  createdAt: string;
  merchant: { id: string; displayName: string; status: MerchantStatus };
  balance: CardBalance;
  /** Who holds the card, masked (`林*`, `138****0000`); null where the consumer never gave one. */
  holder: { nameMasked: string | null; phoneMasked: string | null };
}

/** GET /operator/cards?phone=13800000000 → OperatorCardView[]: every card of the consumer with that phone. */
export interface OperatorCardSearch {
  phone: string;
}

/** GET /operator/audit?targetType=&targetId=&cursor=&limit= → Page<AuditEntryView>, newest first. */
export interface AuditQuery {
  /** e.g. 'merchant', 'card', 'staff', 'store'. */
  targetType?: string;
  /** The target's id: for a card its `id` (OperatorCardView.id), not its number. */
  targetId?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditEntryView {
  id: string;
  actorType: 'consumer' | 'staff' | 'operator' | 'system';
  actorId: string | null;
  /** e.g. 'merchant.frozen', 'card.unfrozen', 'staff.updated'. */
  action: string;
  targetType: string;
  targetId: string;
  /** Freeze actions: { reason, before, after } (statuses). */
  detail: Record<string, unknown> | null;
  createdAt: string;
  /** Who acted, in words: an operator's or staff member's display name, a consumer's masked phone; null for the system or one since removed. */
  actorName: string | null;
  /** The merchant of a staff actor (display name); null otherwise. */
  actorMerchant: string | null;
  /** The target in words: a merchant's or store's name, a card's number, a product's name, an order number…; null when unknown. */
  targetLabel: string | null;
  /** The store named by `detail.storeId` (a sale's store), when there is one. */
  storeName: string | null;
}

export type AuditPage = Page<AuditEntryView>;
