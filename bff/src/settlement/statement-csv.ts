import { principalPart, TERMS, type Fen, type StatementLineView, type StatementView } from '@jucard/shared';
import { csvColumns, csvRecords, csvText, csvTime, csvYuan, type CsvFileNames, type CsvTotals } from '../back-office/report-csv';

/**
 * A statement's lines as the merchant's spreadsheet reads them, through the one CSV writer (formula guard, Shanghai
 * time, one card masking). Only principal is settled, so the amount column says it is the principal part.
 */
const LINE_COLUMNS = csvColumns<StatementLineView>(
  ['流水号', (l) => String(l.seq)],
  ['类型', (l) => (l.kind === 'REDEMPTION' ? TERMS.redemption : TERMS.reversal)],
  [`${principalPart('金额')}(元)`, (l) => csvYuan(l.principalFen)],
  ['商户订单号', (l) => csvText(l.merchantOrderNo ?? '')],
  ['门店', (l) => csvText(l.storeName ?? '')],
  ['卡号', (l) => l.cardNoMasked ?? ''],
  ['时间', (l) => csvTime(l.occurredAt)],
);

const LINE_TOTALS: CsvTotals<StatementLineView, Fen> = {
  empty: () => 0,
  add: (total, l) => total + l.principalFen,
  cells: (total) => ['合计', '', csvYuan(total), '', '', '', ''],
};

export function statementCsvRecords(lines: AsyncIterable<StatementLineView>): AsyncGenerator<string[], void, undefined> {
  return csvRecords(LINE_COLUMNS, lines, LINE_TOTALS);
}

/** `结算单_2026-11-25_42.csv`, with an ASCII fallback for clients that ignore filename*. */
export function statementCsvFileNames(statement: Pick<StatementView, 'id' | 'businessDate'>): CsvFileNames {
  return { ascii: `statement-${statement.businessDate}-${statement.id}.csv`, utf8: `结算单_${statement.businessDate}_${statement.id}.csv` };
}
