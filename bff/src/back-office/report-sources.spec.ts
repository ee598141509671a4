import type { RedemptionReportRow, RefundReportRow, TopUpReportRow } from '@jucard/shared';
import { REDEMPTION_REPORT, REFUND_REPORT, TOPUP_REPORT } from './report-sources';

describe('report totals', () => {
  it('should count top-ups and add up amount, bonus and refunded', () => {
    const rows = [{ amountFen: 50_000, bonusFen: 5_000, refundedFen: 0 }, { amountFen: 20_000, bonusFen: 0, refundedFen: 1_000 }] as TopUpReportRow[];
    const totals = rows.reduce(TOPUP_REPORT.accumulate, TOPUP_REPORT.emptyTotals());
    expect(totals).toEqual({ count: 2, amountFen: 70_000, bonusFen: 5_000, refundedFen: 1_000 });
    expect(Object.keys(TOPUP_REPORT.emptyTotals())).toEqual(['count', 'amountFen', 'bonusFen', 'refundedFen']);
  });

  it('should add up every figure of a redemption', () => {
    const row = { amountFen: 11_000, principalFen: 10_000, bonusFen: 1_000, refundedFen: 2_000, netFen: 9_000 } as RedemptionReportRow;
    expect([row, row].reduce(REDEMPTION_REPORT.accumulate, REDEMPTION_REPORT.emptyTotals())).toEqual({ count: 2, amountFen: 22_000, principalFen: 20_000, bonusFen: 2_000, refundedFen: 4_000, netFen: 18_000 });
  });

  it('should total a balance refund by the principal paid back, the forfeited bonus apart', () => {
    const row = { principalFen: 30_000, bonusForfeitedFen: 2_500 } as RefundReportRow;
    expect(REFUND_REPORT.accumulate(REFUND_REPORT.emptyTotals(), row)).toEqual({ count: 1, amountFen: 30_000, bonusForfeitedFen: 2_500 });
  });

  it('should start each export from fresh totals', () => {
    const first = TOPUP_REPORT.emptyTotals();
    TOPUP_REPORT.accumulate(first, { amountFen: 1, bonusFen: 1, refundedFen: 1 } as TopUpReportRow);
    expect(TOPUP_REPORT.emptyTotals()).toEqual({ count: 0, amountFen: 0, bonusFen: 0, refundedFen: 0 });
  });
});
