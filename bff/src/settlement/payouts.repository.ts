import { Injectable } from '@nestjs/common';
import type { Fen, StatementView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readInt, readTextOrNull, readTime, sqlTime } from '../database/sql-values';

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

/** A payout waiting for the custody reserve to hold its money (the console's list). */
export interface HeldPayout {
  statementId: number;
  merchantId: string;
  businessDate: string;
  payoutFen: Fen;
  reason: string | null;
  heldSince: Date;
}

/** Statuses a statement may be paid from: waiting for its payout, or held until the reserve covers it. */
const PAYABLE = "status IN ('PENDING_PAYOUT', 'AWAITING_FUNDS')";

/**
 * The payout columns of settlement statements. Every change is guarded on the statement's current status. A payout
 * number is assigned only while the reserve covers the payout (claimPayoutNo), so the statements that hold one and
 * are not yet paid are the reserve's commitments.
 */
@Injectable()
export class PayoutsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async pendingOfRun(runId: number): Promise<number[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id FROM settlement_statements WHERE run_id = ? AND ${PAYABLE} ORDER BY id`,
      [runId],
    );
    return rows.map((r) => readInt(r.id));
  }

  /** Statements waiting for a payout whose next try is due, held ones included (oldest first: they wait longest). */
  async due(now: Date, limit: number): Promise<number[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id FROM settlement_statements WHERE ${PAYABLE} AND (next_payout_at IS NULL OR next_payout_at <= ?) ORDER BY id LIMIT ${limit}`,
      [sqlTime(now)],
    );
    return rows.map((r) => readInt(r.id));
  }

  async find(statementId: number): Promise<PayoutDue | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM settlement_statements WHERE id = ?', [statementId]);
    return row ? toPayoutDue(row) : null;
  }

  /** Payouts sent (or about to be) and not yet paid: the money the reserve has promised. */
  async committedFen(em: EntityManager = this.dataSource.manager): Promise<Fen> {
    const [row] = await em.query<Array<Record<string, unknown>>>(
      "SELECT COALESCE(SUM(payout_fen), 0) AS fen FROM settlement_statements WHERE status = 'PENDING_PAYOUT' AND payout_no IS NOT NULL",
    );
    return readInt(row?.fen ?? 0);
  }

  /**
   * Stores `payoutNo` unless one is already outstanding (a held statement goes back to waiting for its payout), and
   * returns the one that stands.
   */
  async claimPayoutNo(em: EntityManager, statementId: number, payoutNo: string, at: Date): Promise<string> {
    await execute(
      em,
      `UPDATE settlement_statements SET status = 'PENDING_PAYOUT', payout_no = ?, payout_error = NULL, next_payout_at = NULL, updated_at = ? WHERE id = ? AND ${PAYABLE} AND payout_no IS NULL`,
      [payoutNo, sqlTime(at), statementId],
    );
    const [stored] = await em.query<Array<Record<string, unknown>>>('SELECT payout_no FROM settlement_statements WHERE id = ?', [statementId]);
    return String(stored?.payout_no);
  }

  /**
   * Holds a payout with no number yet until the reserve covers it; `reason` says what it waits for. updated_at is set
   * first (MySQL reads later assignments' columns as already updated), so it keeps the moment of the first hold.
   */
  async holdForFunds(em: EntityManager, statementId: number, reason: string, at: Date): Promise<void> {
    await execute(
      em,
      `UPDATE settlement_statements SET updated_at = CASE WHEN status = 'AWAITING_FUNDS' THEN updated_at ELSE ? END, status = 'AWAITING_FUNDS', payout_error = ? WHERE id = ? AND ${PAYABLE} AND payout_no IS NULL`,
      [sqlTime(at), reason, statementId],
    );
  }

  /** Every payout held for the reserve, oldest first; `heldSince` is when it was first held. */
  async held(): Promise<HeldPayout[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT id, merchant_id, business_date, payout_fen, payout_error, updated_at FROM settlement_statements WHERE status = 'AWAITING_FUNDS' ORDER BY id",
    );
    return rows.map((r) => ({
      statementId: readInt(r.id),
      merchantId: String(r.merchant_id),
      businessDate: String(r.business_date),
      payoutFen: readInt(r.payout_fen),
      reason: readTextOrNull(r.payout_error),
      heldSince: readTime(r.updated_at),
    }));
  }

  async markPaid(em: EntityManager, statementId: number, reference: string, paidAt: Date, at: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE settlement_statements SET status = 'PAID', payout_reference = ?, payout_error = NULL, paid_at = ?, payout_attempts = payout_attempts + 1, updated_at = ? WHERE id = ? AND status = 'PENDING_PAYOUT'",
      [reference, sqlTime(paidAt), sqlTime(at), statementId],
    );
    return changed === 1;
  }

  /** False when the statement was no longer waiting for its payout (nothing changed). */
  async markFailed(em: EntityManager, statementId: number, error: string, at: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE settlement_statements SET status = 'PAYOUT_FAILED', payout_error = ?, payout_attempts = payout_attempts + 1, updated_at = ? WHERE id = ? AND status = 'PENDING_PAYOUT'",
      [error, sqlTime(at), statementId],
    );
    return changed === 1;
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
