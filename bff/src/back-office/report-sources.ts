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

/** A report's totals: the rows counted, and one figure of each row added up per field. */
function sums<Row, Totals extends ReportTotals>(
  figures: { [K in Exclude<keyof Totals, 'count'>]: (row: Row) => number },
): Pick<ReportRules<Row, Totals>, 'accumulate' | 'emptyTotals'> {
  const fields = Object.entries<(row: Row) => number>(figures);
  return {
    accumulate: (totals, row) => {
      const next: Record<string, number> = { count: totals.count + 1 };
      for (const [field, figure] of fields) next[field] = (totals as unknown as Record<string, number>)[field]! + figure(row);
      return next as unknown as Totals;
    },
    emptyTotals: () => Object.fromEntries([['count', 0], ...fields.map(([field]) => [field, 0])]) as Totals,
  };
}

export const TOPUP_REPORT: ReportRules<TopUpReportRow, TopUpReportTotals> = {
  statuses: TOPUP_STATUSES,
  ...sums<TopUpReportRow, TopUpReportTotals>({ amountFen: (r) => r.amountFen, bonusFen: (r) => r.bonusFen, refundedFen: (r) => r.refundedFen }),
};

export const REDEMPTION_REPORT: ReportRules<RedemptionReportRow, RedemptionReportTotals> = {
  statuses: REDEMPTION_REPORT_STATUSES,
  ...sums<RedemptionReportRow, RedemptionReportTotals>({
    amountFen: (r) => r.amountFen,
    principalFen: (r) => r.principalFen,
    bonusFen: (r) => r.bonusFen,
    refundedFen: (r) => r.refundedFen,
    netFen: (r) => r.netFen,
  }),
};

export const REFUND_REPORT: ReportRules<RefundReportRow, RefundReportTotals> = {
  statuses: BALANCE_REFUND_STATUSES,
  // a refund's amount is the principal paid back; the forfeited bonus is its own column
  ...sums<RefundReportRow, RefundReportTotals>({ amountFen: (r) => r.principalFen, bonusForfeitedFen: (r) => r.bonusForfeitedFen }),
};

export const REPORT_SOURCES: Record<ReportKind, ReportRules<object, ReportTotals>> = {
  topups: TOPUP_REPORT,
  redemptions: REDEMPTION_REPORT,
  refunds: REFUND_REPORT,
};
