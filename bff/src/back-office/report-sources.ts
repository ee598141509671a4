import {
  BALANCE_REFUND_STATUSES,
  REDEMPTION_REPORT_STATUSES,
  TOPUP_STATUSES,
  isTopUpSettled,
  type BalanceRefundStatus,
  type PaymentChannelName,
  type RedemptionReportRow,
  type RedemptionReportStatus,
  type RedemptionReportTotals,
  type RefundReportRow,
  type RefundReportTotals,
  type ReportTotals,
  type TopUpReportRow,
  type TopUpReportTotals,
  type TopUpStatus,
} from '@jucard/shared';
import { readInt, readTime } from '../database/sql-values';
import { maskCardNo } from '../redemption/redemption.views';

type Raw = Record<string, unknown>;

/** One merchant's rows of a report: the time range is the rows' creation time, both filters optional. */
export interface ReportFilter {
  merchantId: string;
  start: Date;
  end: Date;
  storeId?: string;
  status?: string;
}

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * How one report reads the database. Rows are keyed by (time, id) for keyset paging; every query is scoped to
 * the merchant first. SQL is plain and portable (MariaDB and SQLite alike).
 */
export interface ReportSource<Row, Totals extends ReportTotals> {
  statuses: readonly string[];
  /** Table (with alias) the filter and keyset apply to; what rows show from other tables `select` reads by subquery. */
  table: string;
  /** Column holding the merchant id (the tenancy scope of every query). */
  merchantColumn: string;
  timeColumn: string;
  idColumn: string;
  select: string;
  /** The filters beyond merchant and time (status, store), as ` AND …` conditions. */
  conditions(filter: ReportFilter): SqlPart;
  toRow(raw: Raw): Row;
  totalsSelect: string;
  toTotals(raw: Raw | undefined): Totals;
  /** Adds one row to running totals (the CSV's 合计 is the sum of exactly the rows written). */
  accumulate(totals: Totals, row: Row): Totals;
  emptyTotals(): Totals;
}

const SETTLED_TOPUP_STATUSES: readonly TopUpStatus[] = TOPUP_STATUSES.filter(isTopUpSettled);

function inList(column: string, values: readonly string[]): SqlPart {
  return { sql: ` AND ${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

const time = (value: unknown) => readTime(value).toISOString();
const timeOrNull = (value: unknown) => (value === null || value === undefined ? null : time(value));

export const TOPUP_REPORT: ReportSource<TopUpReportRow, TopUpReportTotals> = {
  statuses: TOPUP_STATUSES,
  table: 'topup_orders t',
  merchantColumn: 't.merchant_id',
  timeColumn: 't.created_at',
  idColumn: 't.id',
  select:
    't.id, t.created_at, t.paid_at, t.status, t.channel, t.amount_fen, t.bonus_fen, t.refunded_fen, ' +
    '(SELECT c.card_no FROM cards c WHERE c.id = t.card_id) AS card_no, ' +
    '(SELECT a.out_trade_no FROM payment_attempts a WHERE a.id = t.current_attempt_id) AS out_trade_no',
  conditions(filter) {
    // without a status the report is the money that came in: paid orders, including those refunded since
    return inList('t.status', filter.status ? [filter.status] : SETTLED_TOPUP_STATUSES);
  },
  toRow: (r) => ({
    orderId: String(r.id),
    outTradeNo: r.out_trade_no === null || r.out_trade_no === undefined ? null : String(r.out_trade_no),
    createdAt: time(r.created_at),
    paidAt: timeOrNull(r.paid_at),
    cardNoMasked: maskCardNo(String(r.card_no)),
    status: String(r.status) as TopUpStatus,
    channel: r.channel === null || r.channel === undefined ? null : (String(r.channel) as PaymentChannelName),
    amountFen: readInt(r.amount_fen),
    bonusFen: readInt(r.bonus_fen),
    refundedFen: readInt(r.refunded_fen),
  }),
  totalsSelect: 'COUNT(*) AS n, COALESCE(SUM(t.amount_fen), 0) AS amount, COALESCE(SUM(t.bonus_fen), 0) AS bonus, COALESCE(SUM(t.refunded_fen), 0) AS refunded',
  toTotals: (r) => ({ count: readInt(r?.n), amountFen: readInt(r?.amount), bonusFen: readInt(r?.bonus), refundedFen: readInt(r?.refunded) }),
  accumulate: (s, row) => ({
    count: s.count + 1,
    amountFen: s.amountFen + row.amountFen,
    bonusFen: s.bonusFen + row.bonusFen,
    refundedFen: s.refundedFen + row.refundedFen,
  }),
  emptyTotals: () => ({ count: 0, amountFen: 0, bonusFen: 0, refundedFen: 0 }),
};

const REDEMPTION_STATUS_SQL: Record<RedemptionReportStatus, string> = {
  NORMAL: ' AND r.refunded_fen = 0',
  PARTIALLY_REVERSED: ' AND r.refunded_fen > 0 AND r.refunded_fen < r.amount_fen',
  REVERSED: ' AND r.refunded_fen = r.amount_fen',
};

function redemptionStatus(amountFen: number, refundedFen: number): RedemptionReportStatus {
  if (refundedFen === 0) return 'NORMAL';
  return refundedFen < amountFen ? 'PARTIALLY_REVERSED' : 'REVERSED';
}

export const REDEMPTION_REPORT: ReportSource<RedemptionReportRow, RedemptionReportTotals> = {
  statuses: REDEMPTION_REPORT_STATUSES,
  table: 'redemptions r',
  merchantColumn: 'r.merchant_id',
  timeColumn: 'r.created_at',
  idColumn: 'r.id',
  select:
    'r.id, r.merchant_order_no, r.created_at, r.store_id, r.amount_fen, r.principal_fen, r.bonus_fen, r.points, r.refunded_fen, r.operator_type, ' +
    '(SELECT s.name FROM stores s WHERE s.id = r.store_id) AS store_name, (SELECT c.card_no FROM cards c WHERE c.id = r.card_id) AS card_no',
  conditions(filter) {
    const store = filter.storeId ? { sql: ' AND r.store_id = ?', params: [filter.storeId] } : { sql: '', params: [] };
    const status = filter.status ? REDEMPTION_STATUS_SQL[filter.status as RedemptionReportStatus] : '';
    return { sql: store.sql + status, params: store.params };
  },
  toRow: (r) => {
    const amountFen = readInt(r.amount_fen);
    const refundedFen = readInt(r.refunded_fen);
    return {
      redemptionId: String(r.id),
      merchantOrderNo: String(r.merchant_order_no),
      createdAt: time(r.created_at),
      storeId: String(r.store_id),
      storeName: String(r.store_name),
      cardNoMasked: maskCardNo(String(r.card_no)),
      amountFen,
      principalFen: readInt(r.principal_fen),
      bonusFen: readInt(r.bonus_fen),
      points: readInt(r.points),
      refundedFen,
      netFen: amountFen - refundedFen,
      status: redemptionStatus(amountFen, refundedFen),
      operatorType: String(r.operator_type) === 'pos' ? 'pos' : 'staff',
    };
  },
  totalsSelect:
    'COUNT(*) AS n, COALESCE(SUM(r.amount_fen), 0) AS amount, COALESCE(SUM(r.principal_fen), 0) AS principal, COALESCE(SUM(r.bonus_fen), 0) AS bonus, COALESCE(SUM(r.refunded_fen), 0) AS refunded',
  toTotals: (r) => {
    const amountFen = readInt(r?.amount);
    const refundedFen = readInt(r?.refunded);
    return { count: readInt(r?.n), amountFen, principalFen: readInt(r?.principal), bonusFen: readInt(r?.bonus), refundedFen, netFen: amountFen - refundedFen };
  },
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

export const REFUND_REPORT: ReportSource<RefundReportRow, RefundReportTotals> = {
  statuses: BALANCE_REFUND_STATUSES,
  // balance refunds carry no merchant id: the card says whose they are (they are few, so the join is cheap)
  table: 'card_refunds f JOIN cards c ON c.id = f.card_id',
  merchantColumn: 'c.merchant_id',
  timeColumn: 'f.created_at',
  idColumn: 'f.id',
  select:
    'f.id, f.created_at, c.card_no, f.principal_fen, f.bonus_forfeited_fen, f.status, (SELECT GROUP_CONCAT(DISTINCT p.channel) FROM refund_parts p WHERE p.card_refund_id = f.id) AS channels',
  conditions(filter) {
    return filter.status ? inList('f.status', [filter.status]) : { sql: '', params: [] };
  },
  toRow: (r) => ({
    refundId: String(r.id),
    createdAt: time(r.created_at),
    cardNoMasked: maskCardNo(String(r.card_no)),
    principalFen: readInt(r.principal_fen),
    bonusForfeitedFen: readInt(r.bonus_forfeited_fen),
    status: String(r.status) as BalanceRefundStatus,
    channels: typeof r.channels === 'string' && r.channels ? (r.channels.split(',').sort() as PaymentChannelName[]) : [],
  }),
  totalsSelect: 'COUNT(*) AS n, COALESCE(SUM(f.principal_fen), 0) AS amount, COALESCE(SUM(f.bonus_forfeited_fen), 0) AS forfeited',
  toTotals: (r) => ({ count: readInt(r?.n), amountFen: readInt(r?.amount), bonusForfeitedFen: readInt(r?.forfeited) }),
  accumulate: (s, row) => ({
    count: s.count + 1,
    amountFen: s.amountFen + row.principalFen,
    bonusForfeitedFen: s.bonusForfeitedFen + row.bonusForfeitedFen,
  }),
  emptyTotals: () => ({ count: 0, amountFen: 0, bonusForfeitedFen: 0 }),
};

export const REPORT_SOURCES = { topups: TOPUP_REPORT, redemptions: REDEMPTION_REPORT, refunds: REFUND_REPORT } as const;
