import {
  BALANCE_REFUND_STATUSES,
  REDEMPTION_REPORT_STATUSES,
  TOPUP_STATUSES,
  type RedemptionReportRow,
  type RedemptionReportStatus,
  type RedemptionReportTotals,
  type RefundReportRow,
  type RefundReportTotals,
  type ReportKind,
  type ReportTotals,
  type TopUpReportRow,
  type TopUpReportTotals,
} from '@jucard/shared';

/** One merchant's rows of a report: the time range is the rows' creation time, both filters optional. */
export interface ReportFilter {
  merchantId: string;
  start: Date;
  end: Date;
  storeId?: string;
  status?: string;
}

/** Where a row sits in a report's order (time, then id): the keyset of paging and of export batches. */
export interface Keyset {
  at: Date;
  id: string;
}

/** What a report accepts as a status filter, and how its totals add up row by row (the SQL is in reports.repository.ts). */
export interface ReportRules<Row, Totals extends ReportTotals> {
  statuses: readonly string[];
  /** Adds one row to running totals (the CSV's 合计 is the sum of exactly the rows written). */
  accumulate(this: void, totals: Totals, row: Row): Totals;
  emptyTotals(this: void): Totals;
}

/** A redemption reads as reversed, partly or wholly, from what was refunded of it. */
export function redemptionStatus(amountFen: number, refundedFen: number): RedemptionReportStatus {
  if (refundedFen === 0) return 'NORMAL';
  return refundedFen < amountFen ? 'PARTIALLY_REVERSED' : 'REVERSED';
}

export const TOPUP_REPORT: ReportRules<TopUpReportRow, TopUpReportTotals> = {
  statuses: TOPUP_STATUSES,
  accumulate: (s, row) => ({
    count: s.count + 1,
    amountFen: s.amountFen + row.amountFen,
    bonusFen: s.bonusFen + row.bonusFen,
    refundedFen: s.refundedFen + row.refundedFen,
  }),
  emptyTotals: () => ({ count: 0, amountFen: 0, bonusFen: 0, refundedFen: 0 }),
};

export const REDEMPTION_REPORT: ReportRules<RedemptionReportRow, RedemptionReportTotals> = {
  statuses: REDEMPTION_REPORT_STATUSES,
  accumulate: (s, row) => ({
    count: s.count + 1,
    amountFen: s.amountFen + row.amountFen,
    principalFen: s.principalFen + row.principalFen,
    bonusFen: s.bonusFen + row.bonusFen,
    refundedFen: s.refundedFen + row.refundedFen,
    netFen: s.netFen + row.netFen,
  }),
  emptyTotals: () => ({ count: 0, amountFen: 0, principalFen: 0, bonusFen: 0, refundedFen: 0, netFen: 0 }),
};

export const REFUND_REPORT: ReportRules<RefundReportRow, RefundReportTotals> = {
  statuses: BALANCE_REFUND_STATUSES,
  accumulate: (s, row) => ({
    count: s.count + 1,
    amountFen: s.amountFen + row.principalFen,
    bonusForfeitedFen: s.bonusForfeitedFen + row.bonusForfeitedFen,
  }),
  emptyTotals: () => ({ count: 0, amountFen: 0, bonusForfeitedFen: 0 }),
};

export const REPORT_SOURCES: Record<ReportKind, ReportRules<object, ReportTotals>> = {
  topups: TOPUP_REPORT,
  redemptions: REDEMPTION_REPORT,
  refunds: REFUND_REPORT,
};
