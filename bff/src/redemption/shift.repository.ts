import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { execute, isUniqueViolation } from '../database/transaction-runner';
import { readInt, readTime, sqlTime } from '../database/sql-values';

export interface ShiftTotalsRow {
  operatorType: 'staff' | 'pos';
  operatorId: string;
  count: number;
  amountFen: number;
  refundedFen: number;
}

/** 交班: staff_shifts (when each staff member's shift at a store began) and the sales of a shift, grouped by who took them. */
@Injectable()
export class ShiftRepository {
  constructor(private readonly dataSource: DataSource) {}

  async startOf(staffId: string, storeId: string): Promise<Date | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT started_at FROM staff_shifts WHERE staff_id = ? AND store_id = ?', [staffId, storeId]);
    return rows[0] ? readTime(rows[0].started_at) : null;
  }

  /**
   * Moves the shift on from `from` (null: no shift recorded yet) to `to`. False when another handover moved it first,
   * so two taps on 交班 end one shift, not two.
   */
  async moveStart(shift: { staffId: string; storeId: string; merchantId: string }, from: Date | null, to: Date): Promise<boolean> {
    if (from) {
      const sql = 'UPDATE staff_shifts SET started_at = ? WHERE staff_id = ? AND store_id = ? AND started_at = ?';
      return (await execute(this.dataSource.manager, sql, [sqlTime(to), shift.staffId, shift.storeId, sqlTime(from)])) === 1;
    }
    try {
      await this.dataSource.query('INSERT INTO staff_shifts (staff_id, store_id, merchant_id, started_at) VALUES (?, ?, ?, ?)', [shift.staffId, shift.storeId, shift.merchantId, sqlTime(to)]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** The store's sales in [from, to), by operator; `operatorId` narrows them to one staff member's. */
  async totals(filter: { merchantId: string; storeId: string; from: Date; to: Date; operatorId: string | null }): Promise<ShiftTotalsRow[]> {
    const mine = filter.operatorId ? " AND operator_type = 'staff' AND operator_id = ?" : '';
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT operator_type, operator_id, COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(refunded_fen) AS refunded
         FROM redemptions WHERE merchant_id = ? AND store_id = ? AND created_at >= ? AND created_at < ?${mine}
        GROUP BY operator_type, operator_id ORDER BY operator_type DESC, operator_id`,
      [filter.merchantId, filter.storeId, sqlTime(filter.from), sqlTime(filter.to), ...(filter.operatorId ? [filter.operatorId] : [])],
    );
    return rows.map(toTotalsRow);
  }
}

function toTotalsRow(r: Record<string, unknown>): ShiftTotalsRow {
  return {
    operatorType: String(r.operator_type) === 'pos' ? 'pos' : 'staff',
    operatorId: String(r.operator_id),
    count: readInt(r.n),
    amountFen: readInt(r.amount ?? 0),
    refundedFen: readInt(r.refunded ?? 0),
  };
}
