import type { QuarterlyFigures, QuarterlyMerchantRow, QuarterlyReportView } from '@jucard/shared';
import { csvColumns, csvRecords, csvText, csvYuan, type CsvFileNames, type CsvTotals } from '../back-office/report-csv';

/** The quarterly report as the filing's spreadsheet reads it, through the one CSV writer (formula guard, yuan). */
const COLUMNS = csvColumns<QuarterlyMerchantRow>(
  ['商户', (r) => csvText(r.merchantName)],
  ['商户编号', (r) => r.merchantId],
  ['新发卡数(张)', (r) => String(r.cardsIssued)],
  ['充值本金(元)', (r) => csvYuan(r.toppedUpFen)],
  ['消费本金(元)', (r) => csvYuan(r.redeemedFen)],
  ['退卡本金(元)', (r) => csvYuan(r.refundedFen)],
  ['期初预收余额(元)', (r) => csvYuan(r.openingFen)],
  ['期末预收余额(元)', (r) => csvYuan(r.closingFen)],
);

export function quarterlyCsvRecords(report: QuarterlyReportView): AsyncGenerator<string[], void, undefined> {
  // the report's own 合计, summed over exactly these rows by CustodyService.quarterly
  const totals: CsvTotals<QuarterlyMerchantRow, QuarterlyFigures> = {
    empty: () => report.totals,
    add: (t) => t,
    cells: (t) => ['合计', '', String(t.cardsIssued), csvYuan(t.toppedUpFen), csvYuan(t.redeemedFen), csvYuan(t.refundedFen), csvYuan(t.openingFen), csvYuan(t.closingFen)],
  };
  return csvRecords(COLUMNS, report.rows, totals);
}

/** `预付卡季度报表_2026Q4.csv`, with an ASCII fallback for clients that ignore filename*. */
export function quarterlyCsvFileNames(report: Pick<QuarterlyReportView, 'quarter'>): CsvFileNames {
  return { ascii: `jucard-quarterly_${report.quarter}.csv`, utf8: `预付卡季度报表_${report.quarter}.csv` };
}
