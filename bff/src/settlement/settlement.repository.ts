import { Injectable } from '@nestjs/common';
import type { Fen, SettlementRunView, StatementView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, insertReturningId } from '../database/transaction-runner';
import { readInt, readTime, sqlTime, whereGiven } from '../database/sql-values';
import { toRunView, toStatementView } from './settlement.views';

export interface NewRun {
  day: string;
  trigger: 'SCHEDULED' | 'MANUAL';
  partialDay: boolean;
  cutoff: Date;
  overrideReason: string | null;
  requestedBy: string | null;
  startedAt: Date;
}

export interface NewStatement {
  merchantId: string;
  day: string;
  runId: number;
  feeRateBps: number;
  payee: { accountNo: string; accountName: string; bankName: string } | null;
  createdAt: Date;
}

export interface StatementTotals {
  redeemedFen: Fen;
  reversedFen: Fen;
  netFen: Fen;
  feeFen: Fen;
  payoutFen: Fen;
  redemptionCount: number;
  reversalCount: number;
}

export interface StatementFilter {
  merchantId?: string;
  day?: string;
  status?: string;
  beforeId: number | null;
  limit: number;
}

// statements are shown with their merchant's name: a read across contexts, never a write of `merchants`
const STATEMENT_SELECT = 'SELECT s.*, m.display_name AS merchant_name FROM settlement_statements s JOIN merchants m ON m.id = s.merchant_id';

/** Settlement runs and statements: the settlement context's SQL (payouts: payouts.repository.ts). */
@Injectable()
export class SettlementRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ── runs ──

  async runningRunId(day: string): Promise<number | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>("SELECT id FROM settlement_runs WHERE business_date = ? AND status = 'RUNNING' ORDER BY id LIMIT 1", [
      day,
    ]);
    return row ? readInt(row.id) : null;
  }

  /** The oldest RUNNING run of any day: the settlement job's next. */
  async oldestRunningRunId(): Promise<number | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>("SELECT id FROM settlement_runs WHERE status = 'RUNNING' ORDER BY id LIMIT 1");
    return row ? readInt(row.id) : null;
  }

  /** A new RUNNING run; `running_day` is unique, so a second one for a day that has one fails (a unique violation). */
  insertRun(em: EntityManager, run: NewRun): Promise<number> {
    return insertReturningId(
      em,
      `INSERT INTO settlement_runs (business_date, running_day, status, trigger_kind, partial_day, cutoff_at, override_reason, requested_by, started_at)
       VALUES (?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)`,
      [run.day, run.day, run.trigger, run.partialDay, sqlTime(run.cutoff), run.overrideReason, run.requestedBy, sqlTime(run.startedAt)],
    );
  }

  async run(id: number): Promise<{ run: SettlementRunView; cutoff: Date } | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM settlement_runs WHERE id = ?', [id]);
    return row ? { run: toRunView(row), cutoff: readTime(row.cutoff_at) } : null;
  }

  async runs(beforeId: number | null, limit: number): Promise<SettlementRunView[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT * FROM settlement_runs${beforeId === null ? '' : ' WHERE id < ?'} ORDER BY id DESC LIMIT ?`,
      beforeId === null ? [limit] : [beforeId, limit],
    );
    return rows.map(toRunView);
  }

  async latestRun(day: string): Promise<SettlementRunView | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM settlement_runs WHERE business_date = ? ORDER BY id DESC LIMIT 1', [day]);
    return row ? toRunView(row) : null;
  }

  /** The merchants still to settle, on top of those a resumed run has already done. */
  async setMerchantsToSettle(em: EntityManager, runId: number, remaining: number): Promise<void> {
    await execute(em, "UPDATE settlement_runs SET merchants_total = merchants_done + ? WHERE id = ? AND status = 'RUNNING'", [remaining, runId]);
  }

  async countMerchantDone(em: EntityManager, runId: number): Promise<void> {
    await execute(em, "UPDATE settlement_runs SET merchants_done = merchants_done + 1 WHERE id = ? AND status = 'RUNNING'", [runId]);
  }

  /** Completes a run with the totals of its statements (and frees its day for a later run). */
  async completeRun(em: EntityManager, runId: number, at: Date): Promise<void> {
    await execute(
      em,
      `UPDATE settlement_runs SET status = 'COMPLETED', running_day = NULL, finished_at = ?,
         statements = (SELECT COUNT(*) FROM settlement_statements s WHERE s.run_id = settlement_runs.id),
         gross_fen = (SELECT COALESCE(SUM(net_fen), 0) FROM settlement_statements s WHERE s.run_id = settlement_runs.id),
         fee_fen = (SELECT COALESCE(SUM(fee_fen), 0) FROM settlement_statements s WHERE s.run_id = settlement_runs.id),
         payout_fen = (SELECT COALESCE(SUM(payout_fen), 0) FROM settlement_statements s WHERE s.run_id = settlement_runs.id)
       WHERE id = ? AND status = 'RUNNING'`,
      [sqlTime(at), runId],
    );
  }

  async failRun(em: EntityManager, runId: number, error: string, at: Date): Promise<void> {
    await execute(em, "UPDATE settlement_runs SET status = 'FAILED', running_day = NULL, error = ?, finished_at = ? WHERE id = ? AND status = 'RUNNING'", [
      error,
      sqlTime(at),
      runId,
    ]);
  }

  // ── statements ──

  async statements(filter: StatementFilter): Promise<StatementView[]> {
    const where = whereGiven([
      ['s.merchant_id = ?', filter.merchantId],
      ['s.business_date = ?', filter.day],
      ['s.status = ?', filter.status],
      ['s.id < ?', filter.beforeId],
    ]);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(`${STATEMENT_SELECT}${where.sql} ORDER BY s.id DESC LIMIT ?`, [...where.params, filter.limit]);
    return rows.map(toStatementView);
  }

  async statement(id: number): Promise<StatementView | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>(`${STATEMENT_SELECT} WHERE s.id = ?`, [id]);
    return row ? toStatementView(row) : null;
  }

  /** A new statement; unique per merchant and day, so a second one for the same day fails (the caller's proof of a re-run). */
  insertStatement(em: EntityManager, s: NewStatement): Promise<number> {
    const at = sqlTime(s.createdAt);
    return insertReturningId(
      em,
      `INSERT INTO settlement_statements (merchant_id, business_date, run_id, fee_rate_bps, status, payee, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'PENDING_PAYOUT', ?, ?, ?)`,
      [s.merchantId, s.day, s.runId, s.feeRateBps, JSON.stringify(s.payee), at, at],
    );
  }

  async setTotals(em: EntityManager, statementId: number, t: StatementTotals): Promise<void> {
    await execute(
      em,
      `UPDATE settlement_statements SET redeemed_fen = ?, reversed_fen = ?, net_fen = ?, fee_fen = ?, payout_fen = ?, redemption_count = ?, reversal_count = ?
        WHERE id = ?`,
      [t.redeemedFen, t.reversedFen, t.netFen, t.feeFen, t.payoutFen, t.redemptionCount, t.reversalCount, statementId],
    );
  }
}
