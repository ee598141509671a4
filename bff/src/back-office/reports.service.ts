import { Injectable } from '@nestjs/common';
import type { ReportByKind, ReportKind, ReportTotals } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { placeholders, readTime, sqlTime } from '../database/sql-values';
import { StoreEntity } from '../merchants/merchant.entity';
import type { ReportFilterQuery, ReportPageQuery } from './back-office.dto';
import { reportRange, type ReportRange } from './report-range';
import { REPORT_SOURCES, type ReportFilter, type ReportSource, type SqlPart } from './report-sources';

/** Rows fetched per query when exporting: large enough to be quick, small enough to keep memory flat. */
export const EXPORT_BATCH_ROWS = 5_000;
const DEFAULT_PAGE_ROWS = 20;

type AnySource = ReportSource<object, ReportTotals>;

interface Keyset {
  at: Date;
  id: string;
}

/** A validated export: the rows come oldest first, in keyset batches, only as fast as they are consumed. */
export interface ReportExport {
  kind: ReportKind;
  range: ReportRange;
  source: AnySource;
  rows: AsyncGenerator<object, void, undefined>;
}

/** Top-ups, redemptions and balance refunds of one merchant: JSON pages with totals, and row streams for CSV. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async page<K extends ReportKind>(merchantId: string, kind: K, query: ReportPageQuery): Promise<ReportByKind[K]> {
    const { source, filter, range } = await this.prepare(merchantId, kind, query);
    const scope = this.scope(source, filter);
    const [totals] = (await this.dataSource.query(`SELECT ${source.totalsSelect} FROM ${source.table} WHERE ${scope.sql}`, scope.params)) as Array<
      Record<string, unknown>
    >;
    const limit = query.limit ?? DEFAULT_PAGE_ROWS;
    const fetched = await this.fetch(source, filter, decodeReportCursor(query.cursor), limit + 1, 'DESC');
    const items = fetched.slice(0, limit);
    const last = items[items.length - 1];
    const page = {
      items: items.map((f) => f.row),
      nextCursor: fetched.length > limit && last ? encodeReportCursor(last.key) : null,
      from: range.from,
      to: range.to,
      totals: source.toTotals(totals),
    };
    return page as unknown as ReportByKind[K];
  }

  /** Checks the filter (refusing before anything is sent) and returns the rows as a lazy stream. */
  async export(merchantId: string, kind: ReportKind, query: ReportFilterQuery): Promise<ReportExport> {
    const { source, filter, range } = await this.prepare(merchantId, kind, query);
    return { kind, range, source, rows: this.batches(source, filter) };
  }

  private async *batches(source: AnySource, filter: ReportFilter): AsyncGenerator<object, void, undefined> {
    let after: Keyset | null = null;
    for (;;) {
      const batch = await this.fetch(source, filter, after, EXPORT_BATCH_ROWS, 'ASC');
      for (const { row } of batch) yield row;
      const last = batch[batch.length - 1];
      if (!last || batch.length < EXPORT_BATCH_ROWS) return;
      after = last.key;
    }
  }

  private async prepare(merchantId: string, kind: ReportKind, query: ReportFilterQuery): Promise<{ source: AnySource; filter: ReportFilter; range: ReportRange }> {
    const source: AnySource = REPORT_SOURCES[kind];
    const range = reportRange(query.from, query.to, this.clock.now());
    if (query.status !== undefined && !source.statuses.includes(query.status)) {
      throw new DomainError('VALIDATION_FAILED', 'status', { status: [`status must be one of ${source.statuses.join(', ')}`] });
    }
    if (query.storeId !== undefined) {
      if (kind !== 'redemptions') throw new DomainError('VALIDATION_FAILED', 'storeId', { storeId: ['storeId filters redemptions only'] });
      // another merchant's store is answered exactly like one that does not exist
      if (!(await this.dataSource.getRepository(StoreEntity).existsBy({ id: query.storeId, merchantId }))) throw new DomainError('STORE_NOT_FOUND');
    }
    return { source, range, filter: { merchantId, start: range.start, end: range.end, storeId: query.storeId, status: query.status } };
  }

  private scope(source: AnySource, filter: ReportFilter): SqlPart {
    const extra = source.conditions(filter);
    return {
      sql: `${source.merchantColumn} = ? AND ${source.timeColumn} >= ? AND ${source.timeColumn} < ?${extra.sql}`,
      params: [filter.merchantId, sqlTime(filter.start), sqlTime(filter.end), ...extra.params],
    };
  }

  /**
   * Two steps: the keys of the next rows in order, from the (merchant, time, id …) index alone, then those rows by
   * primary key. Asked in one step, MariaDB reads the rows through the index from the merchant's first entry and
   * filters, so every batch of a large export would pass over all the rows before it.
   */
  private async fetch(source: AnySource, filter: ReportFilter, after: Keyset | null, limit: number, order: 'ASC' | 'DESC'): Promise<Array<{ row: object; key: Keyset }>> {
    const scope = this.scope(source, filter);
    const beyond = order === 'DESC' ? '<' : '>';
    const t = source.timeColumn;
    const id = source.idColumn;
    // the first condition is implied by the second; it lets the index range start at the cursor
    const keyset = after ? ` AND ${t} ${beyond}= ? AND (${t} ${beyond} ? OR (${t} = ? AND ${id} ${beyond} ?))` : '';
    const at = after ? sqlTime(after.at) : null;
    const keys: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${id} AS id, ${t} AS created_at FROM ${source.table} WHERE ${scope.sql}${keyset} ORDER BY ${t} ${order}, ${id} ${order} LIMIT ?`,
      [...scope.params, ...(after ? [at, at, at, after.id] : []), limit],
    );
    if (keys.length === 0) return [];
    const ids = keys.map((k) => String(k.id));
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(`SELECT ${source.select} FROM ${source.table} WHERE ${id} IN (${placeholders(ids.length)})`, ids);
    const byId = new Map(rows.map((raw) => [String(raw.id), raw]));
    return keys.map((k) => {
      const raw = byId.get(String(k.id));
      if (!raw) throw new Error(`report row ${String(k.id)} vanished between two reads`);
      return { row: source.toRow(raw), key: { at: readTime(k.created_at), id: String(k.id) } };
    });
  }
}

// A cursor is the last row's (time, id): 6 bytes of epoch milliseconds and the 16 bytes of its UUID, base64url.
export function encodeReportCursor(key: Keyset): string {
  const bytes = Buffer.alloc(22);
  bytes.writeUIntBE(key.at.getTime(), 0, 6);
  Buffer.from(key.id.replace(/-/g, ''), 'hex').copy(bytes, 6);
  return bytes.toString('base64url');
}

export function decodeReportCursor(cursor: string | undefined): Keyset | null {
  if (cursor === undefined) return null;
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length !== 22 || bytes.toString('base64url') !== cursor) {
    throw new DomainError('VALIDATION_FAILED', 'cursor', { cursor: ['cursor is not valid'] });
  }
  const hex = bytes.subarray(6).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { at: new Date(bytes.readUIntBE(0, 6)), id };
}
