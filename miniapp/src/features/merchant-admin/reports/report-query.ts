import {
  BALANCE_REFUND_STATUSES,
  DEFAULT_REPORT_DAYS,
  MAX_REPORT_DAYS,
  REDEMPTION_REPORT_STATUSES,
  REPORT_KIND_ZH,
  TOPUP_STATUSES,
  type BusinessDate,
  type ReportKind,
  type ReportQuery
} from '@jucard/shared'
import { addDays, dateRangeProblemZh, shanghaiToday } from '../../console/business-day'
import type { Option } from '../../console/controls'
import { REDEMPTION_STATUS, REFUND_STATUS, TOPUP_STATUS } from '../../console/labels'

export { REPORT_KIND_ZH }

/** What the person picked on the reports page; '' = no filter. */
export interface ReportFilters {
  kind: ReportKind
  from: string
  to: string
  storeId: string
  status: string
}

/** The last DEFAULT_REPORT_DAYS business days, today included: what the BFF shows without dates. */
export function defaultFilters(kind: ReportKind = 'redemptions', today: BusinessDate = shanghaiToday()): ReportFilters {
  return { kind, from: addDays(today, -(DEFAULT_REPORT_DAYS - 1)), to: today, storeId: '', status: '' }
}

/** The status filter's choices for a kind, "全部" first. */
export function statusOptions(kind: ReportKind): Option[] {
  const all: Option = { value: '', label: '全部状态' }
  switch (kind) {
    case 'topups':
      return [all, ...TOPUP_STATUSES.map((status) => ({ value: status, label: TOPUP_STATUS[status].zh }))]
    case 'redemptions':
      return [all, ...REDEMPTION_REPORT_STATUSES.map((status) => ({ value: status, label: REDEMPTION_STATUS[status].zh }))]
    case 'refunds':
      return [all, ...BALANCE_REFUND_STATUSES.map((status) => ({ value: status, label: REFUND_STATUS[status].zh }))]
  }
}

export type QueryCheck = { ok: true; query: ReportQuery } | { ok: false; problemZh: string }

/** The query the BFF is asked for, or why it cannot be asked. The store filter applies to redemptions only. */
export function reportQuery(filters: ReportFilters, today: BusinessDate = shanghaiToday()): QueryCheck {
  const problem = dateRangeProblemZh(filters.from, filters.to, MAX_REPORT_DAYS, today)
  if (problem) return { ok: false, problemZh: problem }
  const statuses = statusOptions(filters.kind).map((option) => option.value)
  return {
    ok: true,
    query: {
      from: filters.from,
      to: filters.to,
      storeId: filters.kind === 'redemptions' && filters.storeId ? filters.storeId : undefined,
      status: filters.status && statuses.includes(filters.status) ? filters.status : undefined
    }
  }
}

/** The CSV's name when the server suggests none: "消费报表_2026-11-19_2026-11-25.csv". */
export function reportFileName(kind: ReportKind, query: ReportQuery): string {
  return `${REPORT_KIND_ZH[kind]}报表_${query.from ?? ''}_${query.to ?? ''}.csv`
}
