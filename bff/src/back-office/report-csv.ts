import { Logger } from '@nestjs/common';
import {
  formatYuan,
  type BalanceRefundStatus,
  type Fen,
  type PaymentChannelName,
  type RedemptionReportRow,
  type RedemptionReportStatus,
  type RedemptionReportTotals,
  type RefundReportRow,
  type RefundReportTotals,
  type ReportKind,
  type ReportTotals,
  type TopUpReportRow,
  type TopUpReportTotals,
  type TopUpStatus,
} from '@jucard/shared';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { shanghaiDateTime } from './report-range';
import type { ReportExport } from './reports.service';

/** How one report reads as a spreadsheet: Chinese headers, yuan with two decimals, a last 合计 row. */
interface CsvLayout<Row, Totals extends ReportTotals> {
  title: string;
  headers: string[];
  cells(row: Row): string[];
  totals(totals: Totals): string[];
}

const yuan = (fen: Fen) => formatYuan(fen, { symbol: false, grouping: false });
const time = (iso: string | null) => (iso ? shanghaiDateTime(new Date(iso)) : '');
// a cell a spreadsheet would run as a formula (=, +, -, @) is kept as text
const text = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const CHANNEL_NAMES: Record<PaymentChannelName, string> = { WECHATPAY: '微信支付', ALIPAY: '支付宝', UNIONPAY: '银联' };
const TOPUP_STATUS_NAMES: Record<TopUpStatus, string> = {
  INIT: '待支付',
  PAYING: '支付中',
  PAID: '已支付',
  FAILED: '支付失败',
  CLOSED: '已关闭',
  PARTIALLY_REFUNDED: '部分退款',
  REFUNDED: '已退款',
};
const REDEMPTION_STATUS_NAMES: Record<RedemptionReportStatus, string> = { NORMAL: '正常', PARTIALLY_REVERSED: '部分冲正', REVERSED: '已冲正' };
const REFUND_STATUS_NAMES: Record<BalanceRefundStatus, string> = { PROCESSING: '处理中', SUCCEEDED: '退款成功', FAILED: '退款失败' };

const TOPUP_CSV: CsvLayout<TopUpReportRow, TopUpReportTotals> = {
  title: '充值明细',
  headers: ['下单时间', '支付时间', '充值单号', '支付渠道单号', '卡号', '支付方式', '状态', '充值金额(元)', '赠送金额(元)', '已退款(元)'],
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

const REDEMPTION_CSV: CsvLayout<RedemptionReportRow, RedemptionReportTotals> = {
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

const REFUND_CSV: CsvLayout<RefundReportRow, RefundReportTotals> = {
  title: '退款明细',
  headers: ['申请时间', '退款单号', '卡号', '退还本金(元)', '作废赠送金(元)', '状态', '原路退回渠道'],
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

const CSV_LAYOUTS: Record<ReportKind, CsvLayout<object, ReportTotals>> = {
  topups: TOPUP_CSV as CsvLayout<object, ReportTotals>,
  redemptions: REDEMPTION_CSV as CsvLayout<object, ReportTotals>,
  refunds: REFUND_CSV as CsvLayout<object, ReportTotals>,
};

/** The spreadsheet's records: the header, one line per row, and 合计 over exactly the rows written. */
async function* records(report: ReportExport): AsyncGenerator<string[], void, undefined> {
  const layout = CSV_LAYOUTS[report.kind];
  yield layout.headers;
  let totals = report.source.emptyTotals();
  for await (const row of report.rows) {
    totals = report.source.accumulate(totals, row);
    yield layout.cells(row);
  }
  yield layout.totals(totals);
}

/** `充值明细_2026-11-19_2026-11-25.csv`, with an ASCII fallback for clients that ignore filename*. */
export function csvFileNames(report: Pick<ReportExport, 'kind' | 'range'>): { ascii: string; utf8: string } {
  const days = `${report.range.from}_${report.range.to}`;
  return { ascii: `jucard-${report.kind}_${days}.csv`, utf8: `${CSV_LAYOUTS[report.kind].title}_${days}.csv` };
}

const logger = new Logger('ReportCsv');

/**
 * Streams the export straight into the response. `pipeline` pulls a row from the database batches only when the
 * stringifier has room, and the stringifier only writes when the socket has drained, so memory stays flat
 * however many rows there are; a client that goes away stops the queries.
 */
export async function sendCsv(response: Response, report: ReportExport): Promise<void> {
  const names = csvFileNames(report);
  response.status(200);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${names.ascii}"; filename*=UTF-8''${encodeURIComponent(names.utf8)}`);
  response.setHeader('Cache-Control', 'no-store');
  try {
    // BOM first, so Excel reads the file as UTF-8 (Chinese headers and store names)
    await pipeline(Readable.from(records(report)), stringify({ bom: true, record_delimiter: 'windows' }), response);
  } catch (error) {
    // the status line is already out (or the client left): the download is cut short so it cannot pass for complete
    logger.warn(`${report.kind} export stopped: ${(error as Error).message}`);
    response.destroy();
  }
}
