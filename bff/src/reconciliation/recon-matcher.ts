import type { Fen, ReconDifferenceKind, ReconDifferenceView } from '@jucard/shared';
import type { BillLine } from '../payments/channel.port';

/** A top-up attempt as the platform knows it. */
export interface PlatformPayment {
  outTradeNo: string;
  amountFen: Fen;
  /** payment_attempts.status: SUCCEEDED once the card was credited. */
  status: string;
}

/** A refund part as the platform knows it. */
export interface PlatformRefund {
  outRefundNo: string;
  outTradeNo: string;
  amountFen: Fen;
  /** refund_parts.status: SUCCEEDED once the channel confirmed it. */
  status: string;
}

export interface MatchInput {
  lines: BillLine[];
  /** What the platform recorded as succeeded on the business day. */
  dayPayments: PlatformPayment[];
  dayRefunds: PlatformRefund[];
  /** Records of other days or states, looked up for bill lines the day's records do not explain. */
  otherPayments: Map<string, PlatformPayment>;
  otherRefunds: Map<string, PlatformRefund>;
}

/** A difference as the matcher finds it: the line's side of ReconDifferenceView, before it is stored. */
export interface Difference
  extends Pick<
    ReconDifferenceView,
    'kind' | 'lineKind' | 'outTradeNo' | 'outRefundNo' | 'channelTradeNo' | 'channelAmountFen' | 'platformAmountFen' | 'platformStatus'
  > {
  /** The channel has it and the platform has the record in another state: a channel query may repair it. */
  repairable: boolean;
}

export interface MatchResult {
  matched: number;
  differences: Difference[];
  channelPaymentsFen: Fen;
  channelRefundsFen: Fen;
  platformPaymentsFen: Fen;
  platformRefundsFen: Fen;
}

const SUCCEEDED = 'SUCCEEDED';

/**
 * Matches a channel's bill for one day against the platform's records, line by line: payments by out_trade_no,
 * refunds by out_refund_no. Every bill line and every platform record of the day ends up either matched or in
 * exactly one difference.
 */
export function matchBill(input: MatchInput): MatchResult {
  const dayPayments = new Map(input.dayPayments.map((p) => [p.outTradeNo, p]));
  const dayRefunds = new Map(input.dayRefunds.map((r) => [r.outRefundNo, r]));
  const seenPayments = new Set<string>();
  const seenRefunds = new Set<string>();
  const differences: Difference[] = [];
  let matched = 0;

  const differ = (line: BillLine, kind: ReconDifferenceKind, platform: { amountFen: Fen; status: string } | null, repairable = false) =>
    differences.push({
      kind,
      lineKind: line.kind,
      outTradeNo: line.outTradeNo,
      outRefundNo: line.outRefundNo,
      channelTradeNo: line.channelTradeNo || null,
      channelAmountFen: line.amountFen,
      platformAmountFen: platform?.amountFen ?? null,
      platformStatus: platform?.status ?? null,
      repairable,
    });

  for (const line of input.lines) {
    const key = line.kind === 'PAYMENT' ? line.outTradeNo : (line.outRefundNo ?? '');
    const seen = line.kind === 'PAYMENT' ? seenPayments : seenRefunds;
    const record = line.kind === 'PAYMENT' ? (dayPayments.get(key) ?? input.otherPayments.get(key)) : (dayRefunds.get(key) ?? input.otherRefunds.get(key));
    if (seen.has(key)) {
      // the same payment or refund listed twice: the second line is money the platform cannot account for
      differ(line, 'CHANNEL_ONLY', record ?? null);
      continue;
    }
    seen.add(key);
    if (!record) differ(line, 'CHANNEL_ONLY', null);
    else if (record.status !== SUCCEEDED) differ(line, line.kind === 'PAYMENT' ? 'CHANNEL_ONLY' : 'STATUS_MISMATCH', record, true);
    else if (record.amountFen !== line.amountFen) differ(line, 'AMOUNT_MISMATCH', record);
    else matched += 1;
  }

  for (const payment of input.dayPayments) {
    if (seenPayments.has(payment.outTradeNo)) continue;
    differences.push(platformOnly('PAYMENT', payment.outTradeNo, null, payment));
  }
  for (const refund of input.dayRefunds) {
    if (seenRefunds.has(refund.outRefundNo)) continue;
    differences.push(platformOnly('REFUND', refund.outTradeNo, refund.outRefundNo, refund));
  }

  const sum = (values: Fen[]) => values.reduce((a, b) => a + b, 0);
  return {
    matched,
    differences,
    channelPaymentsFen: sum(input.lines.filter((l) => l.kind === 'PAYMENT').map((l) => l.amountFen)),
    channelRefundsFen: sum(input.lines.filter((l) => l.kind === 'REFUND').map((l) => l.amountFen)),
    platformPaymentsFen: sum(input.dayPayments.map((p) => p.amountFen)),
    platformRefundsFen: sum(input.dayRefunds.map((r) => r.amountFen)),
  };
}

function platformOnly(lineKind: 'PAYMENT' | 'REFUND', outTradeNo: string, outRefundNo: string | null, record: { amountFen: Fen; status: string }): Difference {
  return {
    kind: 'PLATFORM_ONLY',
    lineKind,
    outTradeNo,
    outRefundNo,
    channelTradeNo: null,
    channelAmountFen: null,
    platformAmountFen: record.amountFen,
    platformStatus: record.status,
    repairable: false,
  };
}

/** The stable identity of a difference: a re-run of the same day finds the same keys. */
export function differenceKey(day: string, channel: string, d: Pick<Difference, 'kind' | 'lineKind' | 'outTradeNo' | 'outRefundNo'>): string {
  return [day, channel, d.kind, d.lineKind, d.outTradeNo, d.outRefundNo ?? ''].join('|');
}
