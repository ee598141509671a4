import { Injectable } from '@nestjs/common';
import {
  TOPUP_STATUSES,
  isTopUpSettled,
  maskCardNo,
  type BalanceRefundStatus,
  type PaymentChannelName,
  type RedemptionReportRow,
  type RedemptionReportStatus,
  type RefundReportRow,
  type ReportKind,
  type TopUpReportRow,
  type TopUpStatus,
} from '@jucard/shared';
import { DataSource } from 'typeorm';
import { placeholders, readInt, readTextOrNull, readTime, sqlTime } from '../database/sql-values';
import { redemptionStatus, type Keyset, type ReportFilter, type ReportRowOf, type ReportTotalsOf } from './report-sources';

type Raw = Record<string, unknown>;

interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * How one report reads the database. Rows are keyed by (time, id) for keyset paging; every query is scoped to
 * the merchant first.
 */
interface ReportSql<K extends ReportKind = ReportKind> {
  /** Table (with alias) the filter and keyset apply to; what rows show from other tables `select` reads by subquery. */
  table: string;
  /** Column holding the merchant id (the tenancy scope of every query). */
  merchantColumn: string;
  timeColumn: string;
  idColumn: string;
  select: string;
  /** The filters beyond merchant and time (status, store), as ` AND …` conditions. */
  conditions(filter: ReportFilter): SqlPart;
  toRow(raw: Raw): ReportRowOf<K>;
  totalsSelect: string;
  toTotals(raw: Raw | undefined): ReportTotalsOf<K>;
}

/** A report row with its place in the order. */
export interface KeyedRow {
  row: object;
  key: Keyset;
}

/**
 * The reports' read model (top-ups, redemptions, balance refunds of one merchant), joined across the contexts
 * that own those rows. Reads only. SQL is plain and portable (MariaDB and SQLite alike); mappers at the bottom.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Totals of every row the filter takes (not just one page). */
  async totals(kind: ReportKind, filter: ReportFilter): Promise<ReportTotalsOf<ReportKind>> {
    const source = REPORT_SQL[kind];
    const scope = scopeOf(source, filter);
    const rows: Raw[] = await this.dataSource.query(`SELECT ${source.totalsSelect} FROM ${source.table} WHERE ${scope.sql}`, scope.params);
    return source.toTotals(rows[0]);
  }

  /**
   * The next `limit` rows beyond `after` in (time, id) order. Two steps: the keys from the (merchant, time, id …)
   * index alone, then those rows by primary key. Asked in one step, MariaDB reads the rows through the index from
   * the merchant's first entry and filters, so every batch of a large export would pass over all the rows before it.
   */
  async rowsAfter(kind: ReportKind, filter: ReportFilter, after: Keyset | null, limit: number, order: 'ASC' | 'DESC'): Promise<KeyedRow[]> {
    const source = REPORT_SQL[kind];
    const scope = scopeOf(source, filter);
    const beyond = order === 'DESC' ? '<' : '>';
    const t = source.timeColumn;
    const id = source.idColumn;
    // the first condition is implied by the second; it lets the index range start at the cursor
    const keyset = after ? ` AND ${t} ${beyond}= ? AND (${t} ${beyond} ? OR (${t} = ? AND ${id} ${beyond} ?))` : '';
    const at = after ? sqlTime(after.at) : null;
    const keys: Raw[] = await this.dataSource.query(
      `SELECT ${id} AS id, ${t} AS created_at FROM ${source.table} WHERE ${scope.sql}${keyset} ORDER BY ${t} ${order}, ${id} ${order} LIMIT ?`,
      [...scope.params, ...(after ? [at, at, at, after.id] : []), limit],
    );
    if (keys.length === 0) return [];
    const ids = keys.map((k) => String(k.id));
    const rows: Raw[] = await this.dataSource.query(`SELECT ${source.select} FROM ${source.table} WHERE ${id} IN (${placeholders(ids.length)})`, ids);
    const byId = new Map(rows.map((raw) => [String(raw.id), raw]));
    return keys.map((k) => {
      const raw = byId.get(String(k.id));
      if (!raw) throw new Error(`report row ${String(k.id)} vanished between two reads`);
      return { row: source.toRow(raw), key: { at: readTime(k.created_at), id: String(k.id) } };
    });
  }
}

function scopeOf(source: ReportSql, filter: ReportFilter): SqlPart {
  const extra = source.conditions(filter);
  return {
    sql: `${source.merchantColumn} = ? AND ${source.timeColumn} >= ? AND ${source.timeColumn} < ?${extra.sql}`,
    params: [filter.merchantId, sqlTime(filter.start), sqlTime(filter.end), ...extra.params],
  };
}

const SETTLED_TOPUP_STATUSES: readonly TopUpStatus[] = TOPUP_STATUSES.filter(isTopUpSettled);

function inList(column: string, values: readonly string[]): SqlPart {
  return { sql: ` AND ${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

const TOPUP_SQL: ReportSql<'topups'> = {
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
  toRow: toTopUpRow,
  totalsSelect: 'COUNT(*) AS n, COALESCE(SUM(t.amount_fen), 0) AS amount, COALESCE(SUM(t.bonus_fen), 0) AS bonus, COALESCE(SUM(t.refunded_fen), 0) AS refunded',
  toTotals: (r) => ({ count: readInt(r?.n), amountFen: readInt(r?.amount), bonusFen: readInt(r?.bonus), refundedFen: readInt(r?.refunded) }),
};

const REDEMPTION_STATUS_SQL: Record<RedemptionReportStatus, string> = {
  NORMAL: ' AND r.refunded_fen = 0',
  PARTIALLY_REVERSED: ' AND r.refunded_fen > 0 AND r.refunded_fen < r.amount_fen',
  REVERSED: ' AND r.refunded_fen = r.amount_fen',
};

const REDEMPTION_SQL: ReportSql<'redemptions'> = {
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
  toRow: toRedemptionRow,
  totalsSelect:
    'COUNT(*) AS n, COALESCE(SUM(r.amount_fen), 0) AS amount, COALESCE(SUM(r.principal_fen), 0) AS principal, COALESCE(SUM(r.bonus_fen), 0) AS bonus, COALESCE(SUM(r.refunded_fen), 0) AS refunded',
  toTotals: (r) => {
    const amountFen = readInt(r?.amount);
    const refundedFen = readInt(r?.refunded);
    return { count: readInt(r?.n), amountFen, principalFen: readInt(r?.principal), bonusFen: readInt(r?.bonus), refundedFen, netFen: amountFen - refundedFen };
  },
};

const REFUND_SQL: ReportSql<'refunds'> = {
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
  toRow: toRefundRow,
  totalsSelect: 'COUNT(*) AS n, COALESCE(SUM(f.principal_fen), 0) AS amount, COALESCE(SUM(f.bonus_forfeited_fen), 0) AS forfeited',
  toTotals: (r) => ({ count: readInt(r?.n), amountFen: readInt(r?.amount), bonusForfeitedFen: readInt(r?.forfeited) }),
};

const REPORT_SQL: { [K in ReportKind]: ReportSql<K> } = {
  topups: TOPUP_SQL,
  redemptions: REDEMPTION_SQL,
  refunds: REFUND_SQL,
};

const time = (value: unknown) => readTime(value).toISOString();
const timeOrNull = (value: unknown) => (value === null || value === undefined ? null : time(value));

function toTopUpRow(r: Raw): TopUpReportRow {
  return {
    orderId: String(r.id),
    outTradeNo: readTextOrNull(r.out_trade_no),
    createdAt: time(r.created_at),
    paidAt: timeOrNull(r.paid_at),
    cardNoMasked: maskCardNo(String(r.card_no)),
    status: String(r.status) as TopUpStatus,
    channel: readTextOrNull(r.channel) as PaymentChannelName | null,
    amountFen: readInt(r.amount_fen),
    bonusFen: readInt(r.bonus_fen),
    refundedFen: readInt(r.refunded_fen),
  };
}

function toRedemptionRow(r: Raw): RedemptionReportRow {
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
}

function toRefundRow(r: Raw): RefundReportRow {
  return {
    refundId: String(r.id),
    createdAt: time(r.created_at),
    cardNoMasked: maskCardNo(String(r.card_no)),
    principalFen: readInt(r.principal_fen),
    bonusForfeitedFen: readInt(r.bonus_forfeited_fen),
    status: String(r.status) as BalanceRefundStatus,
    channels: typeof r.channels === 'string' && r.channels ? (r.channels.split(',').sort() as PaymentChannelName[]) : [],
  };
}
