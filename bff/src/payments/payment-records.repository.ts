import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { readInt, sqlTime } from '../database/sql-values';

/** A payment attempt as reconciliation matches it against a bill line. */
export interface ReconPayment {
  outTradeNo: string;
  status: string;
  amountFen: Fen;
}

/** A refund part as reconciliation matches it against a bill line. */
export interface ReconRefund {
  outTradeNo: string;
  outRefundNo: string;
  status: string;
  amountFen: Fen;
}

/**
 * What the payments context recorded, as reconciliation reads it against a channel's bill: the attempts that credited
 * their orders and the refund parts the channels confirmed, by day or by number.
 */
@Injectable()
export class PaymentRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Attempts that credited their order, paid on the channel within [start, end). */
  async succeededPaymentsPaidBetween(channel: string, start: Date, end: Date): Promise<ReconPayment[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.out_trade_no, a.status, o.amount_fen FROM payment_attempts a JOIN topup_orders o ON o.id = a.order_id
        WHERE a.channel = ? AND a.status = 'SUCCEEDED' AND o.current_attempt_id = a.id AND o.paid_at >= ? AND o.paid_at < ?`,
      [channel, sqlTime(start), sqlTime(end)],
    );
    return rows.map(toReconPayment);
  }

  /** Attempts by channel order number, whatever their state or day. */
  async paymentsByOutTradeNo(outTradeNos: string[]): Promise<ReconPayment[]> {
    if (outTradeNos.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.out_trade_no, a.status, o.amount_fen FROM payment_attempts a JOIN topup_orders o ON o.id = a.order_id WHERE a.out_trade_no IN (${outTradeNos.map(() => '?').join(', ')})`,
      outTradeNos,
    );
    return rows.map(toReconPayment);
  }

  /** Refund parts the channel confirmed within [start, end) (the confirmation is the row's last change). */
  async succeededRefundsBetween(channel: string, start: Date, end: Date): Promise<ReconRefund[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT out_trade_no, out_refund_no, amount_fen, status FROM refund_parts WHERE channel = ? AND status = 'SUCCEEDED' AND updated_at >= ? AND updated_at < ?",
      [channel, sqlTime(start), sqlTime(end)],
    );
    return rows.map(toReconRefund);
  }

  /** Refund parts by refund number, whatever their state or day. */
  async refundsByOutRefundNo(outRefundNos: string[]): Promise<ReconRefund[]> {
    if (outRefundNos.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT out_trade_no, out_refund_no, amount_fen, status FROM refund_parts WHERE out_refund_no IN (${outRefundNos.map(() => '?').join(', ')})`,
      outRefundNos,
    );
    return rows.map(toReconRefund);
  }
}

function toReconPayment(r: Record<string, unknown>): ReconPayment {
  return { outTradeNo: String(r.out_trade_no), status: String(r.status), amountFen: readInt(r.amount_fen) };
}

function toReconRefund(r: Record<string, unknown>): ReconRefund {
  return { outTradeNo: String(r.out_trade_no), outRefundNo: String(r.out_refund_no), status: String(r.status), amountFen: readInt(r.amount_fen) };
}
