import { Injectable } from '@nestjs/common';
import type { Fen, StatementView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readInt, readTextOrNull, sqlTime } from '../database/sql-values';

export interface Payee {
  accountNo: string;
  accountName: string;
  bankName: string;
}

/** What paying a statement out needs of it. */
export interface PayoutDue {
  id: number;
  merchantId: string;
  businessDate: string;
  status: StatementView['status'];
  payoutFen: Fen;
  payoutAttempts: number;
  payoutNo: string | null;
  payee: Payee | null;
}

/** The payout columns of settlement statements. Every change is guarded on the statement's current status. */
@Injectable()
export class PayoutsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async pendingOfRun(runId: number): Promise<number[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT id FROM settlement_statements WHERE run_id = ? AND status = 'PENDING_PAYOUT' ORDER BY id",
      [runId],
    );
    return rows.map((r) => readInt(r.id));
  }

  /** Statements waiting for a payout whose next try is due. */
  async due(now: Date, limit: number): Promise<number[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id FROM settlement_statements WHERE status = 'PENDING_PAYOUT' AND (next_payout_at IS NULL OR next_payout_at <= ?) ORDER BY id LIMIT ${limit}`,
      [sqlTime(now)],
    );
    return rows.map((r) => readInt(r.id));
  }

  async find(statementId: number): Promise<PayoutDue | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM settlement_statements WHERE id = ?', [statementId]);
    return row ? toPayoutDue(row) : null;
  }

  /** Stores `payoutNo` unless one is already outstanding, and returns the one that stands. */
  async assignPayoutNo(em: EntityManager, statementId: number, payoutNo: string, at: Date): Promise<string> {
    await execute(em, 'UPDATE settlement_statements SET payout_no = ?, updated_at = ? WHERE id = ? AND payout_no IS NULL', [payoutNo, sqlTime(at), statementId]);
    const [stored] = await em.query<Array<Record<string, unknown>>>('SELECT payout_no FROM settlement_statements WHERE id = ?', [statementId]);
    return String(stored?.payout_no);
  }

  async markPaid(em: EntityManager, statementId: number, reference: string, paidAt: Date, at: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE settlement_statements SET status = 'PAID', payout_reference = ?, payout_error = NULL, paid_at = ?, payout_attempts = payout_attempts + 1, updated_at = ? WHERE id = ? AND status = 'PENDING_PAYOUT'",
      [reference, sqlTime(paidAt), sqlTime(at), statementId],
    );
    return changed === 1;
  }

  async markFailed(em: EntityManager, statementId: number, error: string, at: Date): Promise<void> {
    await execute(
      em,
      "UPDATE settlement_statements SET status = 'PAYOUT_FAILED', payout_error = ?, payout_attempts = payout_attempts + 1, updated_at = ? WHERE id = ? AND status = 'PENDING_PAYOUT'",
      [error, sqlTime(at), statementId],
    );
  }

  async postpone(em: EntityManager, statementId: number, attempts: number, error: string | null, next: Date, at: Date): Promise<void> {
    await execute(
      em,
      'UPDATE settlement_statements SET payout_attempts = ?, payout_error = ?, next_payout_at = ?, updated_at = ? WHERE id = ? AND status = ?',
      [attempts, error, sqlTime(next), sqlTime(at), statementId, 'PENDING_PAYOUT'],
    );
  }

  /** A refused payout back to pending, without its number (the retry gets a new one); false unless it was refused. */
  async reopenFailed(em: EntityManager, statementId: number, at: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE settlement_statements SET status = 'PENDING_PAYOUT', payout_no = NULL, payout_error = NULL, next_payout_at = NULL, updated_at = ? WHERE id = ? AND status = 'PAYOUT_FAILED'",
      [sqlTime(at), statementId],
    );
    return changed === 1;
  }
}

function toPayoutDue(row: Record<string, unknown>): PayoutDue {
  return {
    id: readInt(row.id),
    merchantId: String(row.merchant_id),
    businessDate: String(row.business_date),
    status: String(row.status) as StatementView['status'],
    payoutFen: readInt(row.payout_fen),
    payoutAttempts: readInt(row.payout_attempts),
    payoutNo: readTextOrNull(row.payout_no),
    payee: JSON.parse(String(row.payee)) as Payee | null,
  };
}
