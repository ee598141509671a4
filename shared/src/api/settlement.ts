import type { Fen } from '../money';
import { PAYMENT_CHANNELS, type PaymentChannelName } from './payments';

/** A business day in Asia/Shanghai, `YYYY-MM-DD`. */
export type BusinessDate = string;

/** Every payment channel's bill is reconciled. */
export const RECON_CHANNELS = PAYMENT_CHANNELS;
export type ReconChannel = PaymentChannelName;

export const RECON_RUN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED'] as const;
export type ReconRunStatus = (typeof RECON_RUN_STATUSES)[number];

/** One channel's reconciliation of one business day (re-running it updates the same run). */
export interface ReconRunView {
  id: number;
  businessDate: BusinessDate;
  channel: ReconChannel;
  status: ReconRunStatus;
  /** Lines in the channel's bill. */
  billLines: number;
  matched: number;
  /** Differences found by this run (open or since resolved). */
  differences: number;
  openDifferences: number;
  channelPaymentsFen: Fen;
  channelRefundsFen: Fen;
  platformPaymentsFen: Fen;
  platformRefundsFen: Fen;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/**
 * CHANNEL_ONLY (长款): the channel has it, we do not; a payment is repaired by querying the channel.
 * PLATFORM_ONLY (短款): we have it, the channel's bill does not. AMOUNT_MISMATCH / STATUS_MISMATCH: both have it.
 */
export const RECON_DIFFERENCE_KINDS = ['CHANNEL_ONLY', 'PLATFORM_ONLY', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH'] as const;
export type ReconDifferenceKind = (typeof RECON_DIFFERENCE_KINDS)[number];

export const RECON_DIFFERENCE_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type ReconDifferenceStatus = (typeof RECON_DIFFERENCE_STATUSES)[number];

export interface ReconDifferenceView {
  id: number;
  businessDate: BusinessDate;
  channel: ReconChannel;
  kind: ReconDifferenceKind;
  /** PAYMENT or REFUND line. */
  lineKind: 'PAYMENT' | 'REFUND';
  outTradeNo: string;
  outRefundNo: string | null;
  channelTradeNo: string | null;
  channelAmountFen: Fen | null;
  platformAmountFen: Fen | null;
  /** What the platform's record says (attempt or refund status), when it has one. */
  platformStatus: string | null;
  status: ReconDifferenceStatus;
  /** AUTO_REPAIRED (applied after a channel query), CLEARED (a later run found both sides agree), MANUAL (an operator's note). */
  resolution: 'AUTO_REPAIRED' | 'CLEARED' | 'MANUAL' | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface ResolveDifferenceRequest {
  note: string;
}

export interface RunReconciliationRequest {
  businessDate: BusinessDate;
}

export interface ReconDayView {
  businessDate: BusinessDate;
  runs: ReconRunView[];
  /** Every channel completed and no difference is open. */
  reconciled: boolean;
  openDifferences: number;
}

export const SETTLEMENT_RUN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED'] as const;
export type SettlementRunStatus = (typeof SETTLEMENT_RUN_STATUSES)[number];

export interface RunSettlementRequest {
  businessDate: BusinessDate;
  /** Required to settle a day that is not reconciled; recorded with the run. */
  overrideReason?: string;
}

export interface SettlementRunView {
  id: number;
  businessDate: BusinessDate;
  status: SettlementRunStatus;
  trigger: 'SCHEDULED' | 'MANUAL';
  /** Settled before the business day ended (cut-off = the run's start rather than midnight). */
  partialDay: boolean;
  overrideReason: string | null;
  requestedBy: string | null;
  /** Merchants with something to settle, and how many of them are done (progress). */
  merchantsTotal: number;
  merchantsDone: number;
  statements: number;
  grossFen: Fen;
  feeFen: Fen;
  payoutFen: Fen;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** AWAITING_FUNDS: the payout waits until the custody reserve holds its money (the channels settle into it first). */
export const STATEMENT_STATUSES = ['PENDING_PAYOUT', 'AWAITING_FUNDS', 'PAID', 'PAYOUT_FAILED'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/**
 * What one merchant is paid for one business day: 消费（本金部分） − 冲正（本金部分） = net; fee = round-half-up of
 * net × rate; payout = net − fee. Bonus is merchant-funded and never paid out, so these figures are smaller than
 * the dashboard's (which count whole sales, bonus included).
 */
export interface StatementView {
  id: number;
  merchantId: string;
  merchantName: string;
  businessDate: BusinessDate;
  /** The principal part of the day's sales (消费（本金部分）). */
  redeemedPrincipalFen: Fen;
  /** The principal part of the day's reversals (冲正（本金部分）). */
  reversedPrincipalFen: Fen;
  /** @deprecated the same figure as redeemedPrincipalFen, whose name says it counts principal only. */
  redeemedFen: Fen;
  /** @deprecated the same figure as reversedPrincipalFen. */
  reversedFen: Fen;
  netFen: Fen;
  feeRateBps: number;
  feeFen: Fen;
  payoutFen: Fen;
  redemptionCount: number;
  reversalCount: number;
  status: StatementStatus;
  payoutAttempts: number;
  payoutReference: string | null;
  payoutError: string | null;
  paidAt: string | null;
  createdAt: string;
}

export interface StatementLineView {
  /** Ledger transfer sequence number. */
  seq: number;
  kind: 'REDEMPTION' | 'REVERSAL';
  /** The principal part of the sale or reversal: positive for a redemption, negative for a reversal. */
  principalFen: Fen;
  /** @deprecated the same figure as principalFen (it was never the sale's whole amount). */
  amountFen: Fen;
  merchantOrderNo: string | null;
  storeName: string | null;
  cardNoMasked: string | null;
  occurredAt: string;
}

export interface CustodyReport {
  checkedAt: string;
  /** Money confirmed in the custody account. */
  reserveFen: Fen;
  /** Collected by the channels, not yet settled into the reserve. */
  inTransitFen: Fen;
  /** Consumers' principal on every card. */
  cardLiabilitiesFen: Fen;
  /** Redeemed, not yet paid out (payables plus payouts under way). */
  unsettledPayablesFen: Fen;
  /** Owed back to consumers whose refunds are with the channels. */
  refundsInFlightFen: Fen;
  /** reserve + in transit − liabilities − payables − refunds in flight; never negative when covered. */
  surplusFen: Fen;
  /** The surplus is not negative and neither is the reserve (a bank account cannot be overdrawn). */
  covered: boolean;
  /** The reserve less the payouts sent to the bank and not yet paid: what a new payout may take. */
  reserveAvailableFen: Fen;
  /** Payouts held until the reserve covers them (等待渠道资金到账), oldest first. */
  heldPayouts: Array<{ statementId: number; merchantId: string; merchantName: string; businessDate: BusinessDate; payoutFen: Fen; reason: string | null; heldSince: string }>;
  perMerchant: Array<{ merchantId: string; merchantName: string; cardLiabilitiesFen: Fen; unsettledPayablesFen: Fen }>;
}

/**
 * GET /operator/reports/quarterly?quarter=2026Q4 (and quarterly.csv): each merchant's prepaid-card business in one
 * quarter, as the quarterly filing (单用途卡业务情况, research/cards.md §5) asks — principal only, the money consumers
 * paid; bonus is the merchant's own gift. Merchants with nothing in the quarter and nothing outstanding are left out.
 */
export interface QuarterlyReportView {
  quarter: string;
  /** First and last business days of the quarter, Shanghai time. */
  from: BusinessDate;
  to: BusinessDate;
  rows: QuarterlyMerchantRow[];
  totals: QuarterlyFigures;
}

export interface QuarterlyFigures {
  /** Cards claimed or bought in the quarter. */
  cardsIssued: number;
  /** Principal topped up (paid top-ups). */
  toppedUpFen: Fen;
  /** Principal spent at the till, less reversals. */
  redeemedFen: Fen;
  /** Principal refunded to consumers (退卡, cooling-off, closing refunds). */
  refundedFen: Fen;
  /** Principal outstanding on cards when the quarter began, and when it ended (or now, for the quarter under way). */
  openingFen: Fen;
  closingFen: Fen;
}

export interface QuarterlyMerchantRow extends QuarterlyFigures {
  merchantId: string;
  merchantName: string;
}

export interface DayCloseView {
  businessDate: BusinessDate;
  reconciliation: ReconDayView;
  settlement: SettlementRunView | null;
  ledgerVerified: { ok: boolean; violations: number; checkedAt: string } | null;
}
