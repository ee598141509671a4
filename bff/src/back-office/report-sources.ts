import {
  BALANCE_REFUND_STATUSES,
  REDEMPTION_REPORT_STATUSES,
  TOPUP_STATUSES,
  type RedemptionReportStatus,
  type ReportByKind,
  type ReportKind,
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

/** A report's row and its totals, by kind (the page shapes of ReportByKind). */
export type ReportRowOf<K extends ReportKind> = ReportByKind[K]['items'][number];
export type ReportTotalsOf<K extends ReportKind> = ReportByKind[K]['totals'];

/**
 * What a report accepts as a status filter, and how its totals add up row by row (the SQL is in reports.repository.ts).
 * Without a kind, any report's (what the service hands on without looking inside).
 */
export interface ReportRules<K extends ReportKind = ReportKind> {
  statuses: readonly string[];
  /** Adds one row to running totals (the CSV's 合计 is the sum of exactly the rows written). */
  accumulate(this: void, totals: ReportTotalsOf<K>, row: ReportRowOf<K>): ReportTotalsOf<K>;
  emptyTotals(this: void): ReportTotalsOf<K>;
}

/** A redemption reads as reversed, partly or wholly, from what was refunded of it. */
export function redemptionStatus(amountFen: number, refundedFen: number): RedemptionReportStatus {
  if (refundedFen === 0) return 'NORMAL';
  return refundedFen < amountFen ? 'PARTIALLY_REVERSED' : 'REVERSED';
}

/** A report's totals: the rows counted, and one figure of each row added up per field. */
function sums<K extends ReportKind>(
  figures: { [F in Exclude<keyof ReportTotalsOf<K>, 'count'>]: (row: ReportRowOf<K>) => number },
): Pick<ReportRules<K>, 'accumulate' | 'emptyTotals'> {
  const fields = Object.entries<(row: ReportRowOf<K>) => number>(figures);
  return {
    accumulate: (totals, row) => {
      const next: Record<string, number> = { count: totals.count + 1 };
      for (const [field, figure] of fields) next[field] = (totals as unknown as Record<string, number>)[field]! + figure(row);
      return next as unknown as ReportTotalsOf<K>;
    },
    emptyTotals: () => Object.fromEntries([['count', 0], ...fields.map(([field]) => [field, 0])]) as ReportTotalsOf<K>,
  };
}

export const TOPUP_REPORT: ReportRules<'topups'> = {
  statuses: TOPUP_STATUSES,
  ...sums<'topups'>({ amountFen: (r) => r.amountFen, bonusFen: (r) => r.bonusFen, refundedFen: (r) => r.refundedFen }),
};

export const REDEMPTION_REPORT: ReportRules<'redemptions'> = {
  statuses: REDEMPTION_REPORT_STATUSES,
  ...sums<'redemptions'>({
    amountFen: (r) => r.amountFen,
    principalFen: (r) => r.principalFen,
    bonusFen: (r) => r.bonusFen,
    refundedFen: (r) => r.refundedFen,
    netFen: (r) => r.netFen,
  }),
};

export const REFUND_REPORT: ReportRules<'refunds'> = {
  statuses: BALANCE_REFUND_STATUSES,
  // a refund's amount is the principal paid back; the forfeited bonus is its own column
  ...sums<'refunds'>({ amountFen: (r) => r.principalFen, bonusForfeitedFen: (r) => r.bonusForfeitedFen }),
};

export const REPORT_SOURCES: { [K in ReportKind]: ReportRules<K> } = {
  topups: TOPUP_REPORT,
  redemptions: REDEMPTION_REPORT,
  refunds: REFUND_REPORT,
};
