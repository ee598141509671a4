import { Injectable } from '@nestjs/common';
import type { ReportByKind, ReportKind } from '@jucard/shared';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { MerchantsRepository } from '../merchants/merchants.repository';
import type { ReportFilterQuery, ReportPageQuery } from './back-office.dto';
import { reportRange, type ReportRange } from './report-range';
import { REPORT_SOURCES, type Keyset, type ReportFilter, type ReportRules } from './report-sources';
import { ReportsRepository } from './reports.repository';

/** Rows fetched per query when exporting: large enough to be quick, small enough to keep memory flat. */
export const EXPORT_BATCH_ROWS = 5_000;
const DEFAULT_PAGE_ROWS = 20;

/** A validated export: the rows come oldest first, in keyset batches, only as fast as they are consumed. */
export interface ReportExport {
  kind: ReportKind;
  range: ReportRange;
  source: ReportRules;
  rows: AsyncGenerator<object, void, undefined>;
}

/** Top-ups, redemptions and balance refunds of one merchant: JSON pages with totals, and row streams for CSV. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly clock: Clock,
  ) {}

  async page<K extends ReportKind>(merchantId: string, kind: K, query: ReportPageQuery): Promise<ReportByKind[K]> {
    const { filter, range } = await this.prepare(merchantId, kind, query);
    const totals = await this.reports.totals(kind, filter);
    const limit = query.limit ?? DEFAULT_PAGE_ROWS;
    const fetched = await this.reports.rowsAfter(kind, filter, decodeReportCursor(query.cursor), limit + 1, 'DESC');
    const items = fetched.slice(0, limit);
    const last = items[items.length - 1];
    const page = {
      items: items.map((f) => f.row),
      nextCursor: fetched.length > limit && last ? encodeReportCursor(last.key) : null,
      from: range.from,
      to: range.to,
      totals,
    };
    return page as unknown as ReportByKind[K];
  }

  /** Checks the filter (refusing before anything is sent) and returns the rows as a lazy stream. */
  async export(merchantId: string, kind: ReportKind, query: ReportFilterQuery): Promise<ReportExport> {
    const { source, filter, range } = await this.prepare(merchantId, kind, query);
    return { kind, range, source, rows: this.batches(kind, filter) };
  }

  private async *batches(kind: ReportKind, filter: ReportFilter): AsyncGenerator<object, void, undefined> {
    let after: Keyset | null = null;
    for (;;) {
      const batch = await this.reports.rowsAfter(kind, filter, after, EXPORT_BATCH_ROWS, 'ASC');
      for (const { row } of batch) yield row;
      const last = batch[batch.length - 1];
      if (!last || batch.length < EXPORT_BATCH_ROWS) return;
      after = last.key;
    }
  }

  private async prepare(merchantId: string, kind: ReportKind, query: ReportFilterQuery): Promise<{ source: ReportRules; filter: ReportFilter; range: ReportRange }> {
    const source = REPORT_SOURCES[kind];
    const range = reportRange(query.from, query.to, this.clock.now());
    if (query.status !== undefined && !source.statuses.includes(query.status)) {
      throw new DomainError('VALIDATION_FAILED', 'status', { status: [`status must be one of ${source.statuses.join(', ')}`] });
    }
    if (query.storeId !== undefined) {
      if (kind !== 'redemptions') throw new DomainError('VALIDATION_FAILED', 'storeId', { storeId: ['storeId filters redemptions only'] });
      // another merchant's store is answered exactly like one that does not exist
      if (!(await this.merchants.findStore(merchantId, query.storeId))) throw new DomainError('STORE_NOT_FOUND');
    }
    return { source, range, filter: { merchantId, start: range.start, end: range.end, storeId: query.storeId, status: query.status } };
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
