import { csvColumns, csvDownloadHeaders, csvRecords, csvText, csvTime, csvYuan } from './report-csv';

interface Line {
  seq: number;
  amountFen: number;
  orderNo: string;
}

const LINES = csvColumns<Line>(['流水号', (l) => String(l.seq)], ['金额(元)', (l) => csvYuan(l.amountFen)], ['商户订单号', (l) => csvText(l.orderNo)]);

describe('report-csv', () => {
  it('should write the header, one record per row and 合计 over exactly those rows', async () => {
    const rows = [{ seq: 1, amountFen: 1_050, orderNo: 'A1' }, { seq: 2, amountFen: -50, orderNo: '=HYPERLINK("x")' }];
    const totals = { empty: () => 0, add: (sum: number, l: Line) => sum + l.amountFen, cells: (sum: number) => ['合计', csvYuan(sum), ''] };
    const records: string[][] = [];
    for await (const record of csvRecords(LINES, rows, totals)) records.push(record);
    expect(records).toEqual([
      ['流水号', '金额(元)', '商户订单号'],
      ['1', '10.50', 'A1'],
      ['2', '-0.50', `'=HYPERLINK("x")`],
      ['合计', '10.00', ''],
    ]);
  });

  it('should show instants in Shanghai time and nothing for a missing one', () => {
    expect(csvTime('2026-11-24T16:30:00.000Z')).toBe('2026-11-25 00:30:00');
    expect(csvTime(null)).toBe('');
  });

  it('should name the download in Chinese through filename* with an ASCII fallback', () => {
    const headers = csvDownloadHeaders({ ascii: 'statement-2026-11-25.csv', utf8: "结算单(2026-11-25)'.csv" });
    expect(headers['Content-Type']).toBe('text/csv; charset=utf-8');
    expect(headers['Content-Disposition']).toBe(
      `attachment; filename="statement-2026-11-25.csv"; filename*=UTF-8''%E7%BB%93%E7%AE%97%E5%8D%95%282026-11-25%29%27.csv`,
    );
  });
});
