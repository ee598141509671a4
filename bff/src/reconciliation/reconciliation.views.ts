import type { ReconChannel, ReconDifferenceView, ReconRunView } from '@jucard/shared';
import { readInt, readIntOrNull, readTextOrNull, readTimeOrNull } from '../database/sql-values';

const iso = (value: unknown) => readTimeOrNull(value)?.toISOString() ?? null;

/** What a run and a difference both are: a numbered row of one channel's business day. */
const dayOfChannel = (r: Record<string, unknown>) => ({ id: readInt(r.id), businessDate: String(r.business_date), channel: String(r.channel) as ReconChannel });

export function toRunView(r: Record<string, unknown>): ReconRunView {
  return {
    ...dayOfChannel(r),
    status: String(r.status) as ReconRunView['status'],
    billLines: readInt(r.bill_lines),
    matched: readInt(r.matched),
    differences: readInt(r.differences),
    openDifferences: readInt(r.open_differences),
    channelPaymentsFen: readInt(r.channel_payments_fen),
    channelRefundsFen: readInt(r.channel_refunds_fen),
    platformPaymentsFen: readInt(r.platform_payments_fen),
    platformRefundsFen: readInt(r.platform_refunds_fen),
    error: readTextOrNull(r.error),
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  };
}

export function toDifferenceView(r: Record<string, unknown>): ReconDifferenceView {
  return {
    ...dayOfChannel(r),
    kind: String(r.kind) as ReconDifferenceView['kind'],
    lineKind: String(r.line_kind) as ReconDifferenceView['lineKind'],
    outTradeNo: String(r.out_trade_no),
    outRefundNo: readTextOrNull(r.out_refund_no),
    channelTradeNo: readTextOrNull(r.channel_trade_no),
    channelAmountFen: readIntOrNull(r.channel_amount_fen),
    platformAmountFen: readIntOrNull(r.platform_amount_fen),
    platformStatus: readTextOrNull(r.platform_status),
    status: String(r.status) as ReconDifferenceView['status'],
    resolution: readTextOrNull(r.resolution) as ReconDifferenceView['resolution'],
    note: readTextOrNull(r.note),
    resolvedBy: readTextOrNull(r.resolved_by),
    resolvedAt: iso(r.resolved_at),
    createdAt: iso(r.created_at)!,
  };
}
