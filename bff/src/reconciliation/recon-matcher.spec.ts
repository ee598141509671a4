import type { BillLine } from '../payments/channel.port';
import { differenceKey, matchBill, type MatchInput, type PlatformPayment, type PlatformRefund } from './recon-matcher';

const at = new Date('2026-11-25T02:00:00Z');
const pay = (outTradeNo: string, amountFen: number): BillLine => ({ outTradeNo, channelTradeNo: `CH${outTradeNo}`, kind: 'PAYMENT', outRefundNo: null, amountFen, status: 'SUCCESS', occurredAt: at });
const refund = (outTradeNo: string, outRefundNo: string, amountFen: number): BillLine => ({ ...pay(outTradeNo, amountFen), kind: 'REFUND', outRefundNo });
const ours = (outTradeNo: string, amountFen: number, status = 'SUCCEEDED'): PlatformPayment => ({ outTradeNo, amountFen, status });
const ourRefund = (outTradeNo: string, outRefundNo: string, amountFen: number, status = 'SUCCEEDED'): PlatformRefund => ({ outTradeNo, outRefundNo, amountFen, status });

function input(partial: Partial<MatchInput>): MatchInput {
  return { lines: [], dayPayments: [], dayRefunds: [], otherPayments: new Map(), otherRefunds: new Map(), ...partial };
}

describe('matchBill', () => {
  it('matches equal payments and refunds and totals both sides', () => {
    const result = matchBill(
      input({
        lines: [pay('A', 50000), pay('B', 100), refund('A', 'RA', 2000)],
        dayPayments: [ours('A', 50000), ours('B', 100)],
        dayRefunds: [ourRefund('A', 'RA', 2000)],
      }),
    );
    expect(result.matched).toBe(3);
    expect(result.differences).toEqual([]);
    expect([result.channelPaymentsFen, result.channelRefundsFen, result.platformPaymentsFen, result.platformRefundsFen]).toEqual([50100, 2000, 50100, 2000]);
  });

  it('classifies every kind of difference once', () => {
    const result = matchBill(
      input({
        lines: [pay('KNOWN_UNPAID', 300), pay('STRANGER', 700), pay('WRONG', 999), refund('A', 'R_PENDING', 50), refund('A', 'R_UNKNOWN', 60)],
        dayPayments: [ours('WRONG', 1000), ours('MISSING', 400)],
        dayRefunds: [ourRefund('A', 'R_LOST', 80)],
        otherPayments: new Map([['KNOWN_UNPAID', ours('KNOWN_UNPAID', 300, 'PENDING')]]),
        otherRefunds: new Map([['R_PENDING', ourRefund('A', 'R_PENDING', 50, 'PROCESSING')]]),
      }),
    );
    const summary = result.differences.map((d) => [d.kind, d.lineKind, d.outRefundNo ?? d.outTradeNo, d.repairable]);
    expect(summary).toEqual([
      ['CHANNEL_ONLY', 'PAYMENT', 'KNOWN_UNPAID', true],
      ['CHANNEL_ONLY', 'PAYMENT', 'STRANGER', false],
      ['AMOUNT_MISMATCH', 'PAYMENT', 'WRONG', false],
      ['STATUS_MISMATCH', 'REFUND', 'R_PENDING', true],
      ['CHANNEL_ONLY', 'REFUND', 'R_UNKNOWN', false],
      ['PLATFORM_ONLY', 'PAYMENT', 'MISSING', false],
      ['PLATFORM_ONLY', 'REFUND', 'R_LOST', false],
    ]);
    expect(result.matched).toBe(0);
    const wrong = result.differences.find((d) => d.outTradeNo === 'WRONG')!;
    expect([wrong.channelAmountFen, wrong.platformAmountFen]).toEqual([999, 1000]);
  });

  it('accepts a payment the platform recorded on a neighbouring day', () => {
    const result = matchBill(input({ lines: [pay('LATE', 500)], otherPayments: new Map([['LATE', ours('LATE', 500)]]) }));
    expect(result.matched).toBe(1);
    expect(result.differences).toEqual([]);
  });

  it('files a payment listed twice as money the platform cannot account for', () => {
    const result = matchBill(input({ lines: [pay('A', 100), pay('A', 100)], dayPayments: [ours('A', 100)] }));
    expect(result.matched).toBe(1);
    expect(result.differences.map((d) => d.kind)).toEqual(['CHANNEL_ONLY']);
  });

  it('keys differences stably', () => {
    expect(differenceKey('2026-11-25', 'WECHATPAY', { kind: 'PLATFORM_ONLY', lineKind: 'REFUND', outTradeNo: 'A', outRefundNo: 'R' })).toBe(
      '2026-11-25|WECHATPAY|PLATFORM_ONLY|REFUND|A|R',
    );
  });
});
