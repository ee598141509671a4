import type { SettlementRunView, StatementView } from '@jucard/shared';
import { readInt, readTextOrNull, readTimeOrNull } from '../database/sql-values';

const iso = (value: unknown) => readTimeOrNull(value)?.toISOString() ?? null;

export function toRunView(r: Record<string, unknown>): SettlementRunView {
  return {
    id: readInt(r.id),
    businessDate: String(r.business_date),
    status: String(r.status) as SettlementRunView['status'],
    trigger: String(r.trigger_kind) as SettlementRunView['trigger'],
    partialDay: r.partial_day === true || readInt(r.partial_day) === 1,
    overrideReason: readTextOrNull(r.override_reason),
    requestedBy: readTextOrNull(r.requested_by),
    merchantsTotal: readInt(r.merchants_total),
    merchantsDone: readInt(r.merchants_done),
    statements: readInt(r.statements),
    grossFen: readInt(r.gross_fen),
    feeFen: readInt(r.fee_fen),
    payoutFen: readInt(r.payout_fen),
    error: readTextOrNull(r.error),
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  };
}

export function toStatementView(r: Record<string, unknown>): StatementView {
  return {
    id: readInt(r.id),
    merchantId: String(r.merchant_id),
    merchantName: readTextOrNull(r.merchant_name) ?? '',
    businessDate: String(r.business_date),
    redeemedPrincipalFen: readInt(r.redeemed_fen),
    reversedPrincipalFen: readInt(r.reversed_fen),
    redeemedFen: readInt(r.redeemed_fen), // deprecated alias, kept for clients of the first API
    reversedFen: readInt(r.reversed_fen),
    netFen: readInt(r.net_fen),
    feeRateBps: readInt(r.fee_rate_bps),
    feeFen: readInt(r.fee_fen),
    payoutFen: readInt(r.payout_fen),
    redemptionCount: readInt(r.redemption_count),
    reversalCount: readInt(r.reversal_count),
    status: String(r.status) as StatementView['status'],
    payoutAttempts: readInt(r.payout_attempts),
    payoutReference: readTextOrNull(r.payout_reference),
    payoutError: readTextOrNull(r.payout_error),
    paidAt: iso(r.paid_at),
    createdAt: iso(r.created_at)!,
  };
}
