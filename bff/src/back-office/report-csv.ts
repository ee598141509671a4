import { Logger } from '@nestjs/common';
import {
  BALANCE_REFUND_STATUS_ZH,
  CHANNEL_NAME_ZH,
  formatYuan,
  REDEMPTION_STATUS_ZH,
  TOPUP_STATUS_ZH,
  type Fen,
  type ReportKind,
} from '@jucard/shared';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import { shanghaiDateTime } from './report-range';
import type { ReportRowOf, ReportTotalsOf } from './report-sources';
import type { ReportExport } from './reports.service';

/** One column of a spreadsheet: its header and how a row fills the cell. */
export type CsvColumn<Row> = readonly [header: string, cell: (row: Row) => string];

/** A spreadsheet's columns in order: the header record and one record per row. */
export interface CsvColumns<Row> {
  headers: string[];
  cells(row: Row): string[];
}

/** A 合计 record over exactly the rows written: start from `empty`, `add` each row, `cells` at the end. */
export interface CsvTotals<Row, Totals> {
  empty(): Totals;
  add(totals: Totals, row: Row): Totals;
  cells(totals: Totals): string[];
}

/** The file as downloaded: a Chinese name (sent as RFC 5987 `filename*`) and an ASCII one for older clients. */
export interface CsvFileNames {
  ascii: string;
  utf8: string;
}

export function csvColumns<Row>(...columns: Array<CsvColumn<Row>>): CsvColumns<Row> {
  return { headers: columns.map(([header]) => header), cells: (row) => columns.map(([, cell]) => cell(row)) };
}

/** Cells as people read them: yuan with two decimals, Shanghai time, and text a spreadsheet will not run. */
export const csvYuan = (fen: Fen): string => formatYuan(fen, { symbol: false, grouping: false });
export const csvTime = (instant: string | Date | null): string => (instant ? shanghaiDateTime(new Date(instant)) : '');
// a cell a spreadsheet would run as a formula (=, +, -, @) is kept as text
export const csvText = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The records of a file: the header, one per row, then 合计 when totals are given. */
export async function* csvRecords<Row, Totals>(
  columns: CsvColumns<Row>,
  rows: AsyncIterable<Row> | Iterable<Row>,
  totals?: CsvTotals<Row, Totals>,
): AsyncGenerator<string[], void, undefined> {
  yield columns.headers;
  let sum = totals?.empty();
  for await (const row of rows) {
    if (totals) sum = totals.add(sum as Totals, row);
    yield columns.cells(row);
  }
  if (totals) yield totals.cells(sum as Totals);
}

/** The response headers of a CSV download. */
export function csvDownloadHeaders(names: CsvFileNames): Record<string, string> {
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${names.ascii}"; filename*=UTF-8''${rfc5987(names.utf8)}`,
    'Cache-Control': 'no-store',
  };
}

// RFC 5987 attr-chars: encodeURIComponent leaves ' ( ) * as they are, which a header value must not carry
const rfc5987 = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** How one report reads as a spreadsheet: its title (the file name), Chinese headers, yuan amounts, a last 合计 row. */
interface CsvLayout<K extends ReportKind = ReportKind> extends CsvColumns<ReportRowOf<K>> {
  title: string;
  totals(this: void, totals: ReportTotalsOf<K>): string[];
}

const yuan = csvYuan;
const time = csvTime;
const text = csvText;

// The words of docs/glossary.md, shared with the back office's screens (冲正 a sale, 退卡 a card's balance).
const CHANNEL_NAMES = CHANNEL_NAME_ZH;
const TOPUP_STATUS_NAMES = TOPUP_STATUS_ZH;
const REDEMPTION_STATUS_NAMES = REDEMPTION_STATUS_ZH;
const REFUND_STATUS_NAMES = BALANCE_REFUND_STATUS_ZH;

const TOPUP_CSV: CsvLayout<'topups'> = {
  title: '充值明细',
  headers: ['下单时间', '支付时间', '充值单号', '支付渠道单号', '卡号', '支付方式', '状态', '充值金额(元)', '赠送金(元)', '已原路退回(元)'],
  cells: (r) => [
    time(r.createdAt),
    time(r.paidAt),
    r.orderId,
    r.outTradeNo ?? '',
    r.cardNoMasked,
    r.channel ? CHANNEL_NAMES[r.channel] : '',
    TOPUP_STATUS_NAMES[r.status],
    yuan(r.amountFen),
    yuan(r.bonusFen),
    yuan(r.refundedFen),
  ],
  totals: (t) => ['合计', `${t.count}笔`, '', '', '', '', '', yuan(t.amountFen), yuan(t.bonusFen), yuan(t.refundedFen)],
};

const REDEMPTION_CSV: CsvLayout<'redemptions'> = {
  title: '消费明细',
  headers: ['消费时间', '商户订单号', '门店', '卡号', '消费金额(元)', '本金(元)', '赠送金(元)', '积分', '已冲正(元)', '实收(元)', '状态', '收银方式'],
  cells: (r) => [
    time(r.createdAt),
    text(r.merchantOrderNo),
    text(r.storeName),
    r.cardNoMasked,
    yuan(r.amountFen),
    yuan(r.principalFen),
    yuan(r.bonusFen),
    String(r.points),
    yuan(r.refundedFen),
    yuan(r.netFen),
    REDEMPTION_STATUS_NAMES[r.status],
    r.operatorType === 'pos' ? '收银系统' : '店员',
  ],
  totals: (t) => ['合计', `${t.count}笔`, '', '', yuan(t.amountFen), yuan(t.principalFen), yuan(t.bonusFen), '', yuan(t.refundedFen), yuan(t.netFen), '', ''],
};

const REFUND_CSV: CsvLayout<'refunds'> = {
  title: '退卡明细',
  headers: ['申请时间', '退卡单号', '卡号', '退还本金(元)', '作废赠送金(元)', '状态', '原路退回渠道'],
  cells: (r) => [
    time(r.createdAt),
    r.refundId,
    r.cardNoMasked,
    yuan(r.principalFen),
    yuan(r.bonusForfeitedFen),
    REFUND_STATUS_NAMES[r.status],
    r.channels.map((c) => CHANNEL_NAMES[c]).join('、'),
  ],
  totals: (t) => ['合计', `${t.count}笔`, '', yuan(t.amountFen), yuan(t.bonusForfeitedFen), '', ''],
};

const CSV_LAYOUTS: { [K in ReportKind]: CsvLayout<K> } = {
  topups: TOPUP_CSV,
  redemptions: REDEMPTION_CSV,
  refunds: REFUND_CSV,
};

/** `充值明细_2026-11-19_2026-11-25.csv`, with an ASCII fallback for clients that ignore filename*. */
export function csvFileNames(report: Pick<ReportExport, 'kind' | 'range'>): CsvFileNames {
  const days = `${report.range.from}_${report.range.to}`;
  return { ascii: `jucard-${report.kind}_${days}.csv`, utf8: `${CSV_LAYOUTS[report.kind].title}_${days}.csv` };
}

const logger = new Logger('ReportCsv');

/**
 * Streams records straight into the response as a download (UTF-8 with a BOM, CRLF). `pipeline` pulls a record
 * only when the stringifier has room, and Fastify pipes it to the socket as it drains, so memory stays flat however
 * many rows there are; a client that goes away destroys the stream, which stops the queries. `label` names the file
 * in logs. Resolves when the download has ended, either way.
 */
export function sendCsvDownload(reply: FastifyReply, names: CsvFileNames, records: AsyncIterable<string[]>, label: string): Promise<void> {
  return new Promise((resolve) => {
    // BOM first, so Excel reads the file as UTF-8 (Chinese headers and store names)
    const body = pipeline(Readable.from(records), stringify({ bom: true, record_delimiter: 'windows' }), (error) => {
      // the status line is already out (or the client left): the download is cut short so it cannot pass for complete
      if (error) {
        logger.warn(`${label} export stopped: ${error.message}`);
        reply.raw.destroy();
      }
      resolve();
    });
    void reply.code(200).headers(csvDownloadHeaders(names)).send(body);
  });
}

/** A report's export: its layout, and 合计 over exactly the rows written. */
export function sendCsv(response: FastifyReply, report: ReportExport): Promise<void> {
  const layout: CsvLayout = CSV_LAYOUTS[report.kind];
  const totals: CsvTotals<ReportRowOf<ReportKind>, ReportTotalsOf<ReportKind>> = { empty: report.source.emptyTotals, add: report.source.accumulate, cells: layout.totals };
  return sendCsvDownload(response, csvFileNames(report), csvRecords(layout, report.rows, totals), report.kind);
}
