import { Injectable } from '@nestjs/common';
import type { ReconDifferenceView, ReconRunView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, insertReturningId } from '../database/transaction-runner';
import { placeholders, readInt, sqlTime, whereGiven } from '../database/sql-values';
import type { Difference, MatchResult } from './recon-matcher';
import { toDifferenceView, toRunView } from './reconciliation.views';

export interface DifferenceFilter {
  day?: string;
  status?: string;
  channel?: string;
  beforeId: number | null;
  limit: number;
}

/** Reconciliation runs (one per channel and day) and the differences they file: the reconciliation context's SQL. */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ── runs ──

  /** The day's runs, by channel, each with its count of open differences. */
  async runsOfDay(day: string): Promise<ReconRunView[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT r.*, (SELECT COUNT(*) FROM recon_differences d WHERE d.business_date = r.business_date AND d.channel = r.channel AND d.status = 'OPEN') AS open_differences
         FROM recon_runs r WHERE r.business_date = ? ORDER BY r.channel`,
      [day],
    );
    return rows.map(toRunView);
  }

  /** One run per channel and day: a second insert for the same pair fails with a unique violation. */
  insertRun(em: EntityManager, day: string, channel: string, at: Date): Promise<number> {
    return insertReturningId(em, "INSERT INTO recon_runs (business_date, channel, status, started_at) VALUES (?, ?, 'RUNNING', ?)", [day, channel, sqlTime(at)]);
  }

  /** Starts the channel's existing run for the day again; returns its id. */
  async restartRun(day: string, channel: string, at: Date): Promise<number> {
    await this.dataSource.query("UPDATE recon_runs SET status = 'RUNNING', error = NULL, started_at = ?, finished_at = NULL WHERE business_date = ? AND channel = ?", [
      sqlTime(at),
      day,
      channel,
    ]);
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT id FROM recon_runs WHERE business_date = ? AND channel = ?', [day, channel]);
    return readInt(row?.id);
  }

  async failRun(runId: number, error: string, at: Date): Promise<void> {
    await this.dataSource.query("UPDATE recon_runs SET status = 'FAILED', error = ?, finished_at = ? WHERE id = ?", [error, sqlTime(at), runId]);
  }

  async completeRun(runId: number, billLines: number, result: Omit<MatchResult, 'differences'> & { differences: number }, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE recon_runs SET status = 'COMPLETED', bill_lines = ?, matched = ?, differences = ?, channel_payments_fen = ?, channel_refunds_fen = ?,
         platform_payments_fen = ?, platform_refunds_fen = ?, error = NULL, finished_at = ? WHERE id = ?`,
      [
        billLines,
        result.matched,
        result.differences,
        result.channelPaymentsFen,
        result.channelRefundsFen,
        result.platformPaymentsFen,
        result.platformRefundsFen,
        sqlTime(at),
        runId,
      ],
    );
  }

  // ── differences ──

  async differences(filter: DifferenceFilter): Promise<ReconDifferenceView[]> {
    const where = whereGiven([
      ['business_date = ?', filter.day],
      ['status = ?', filter.status],
      ['channel = ?', filter.channel],
      ['id < ?', filter.beforeId],
    ]);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(`SELECT * FROM recon_differences${where.sql} ORDER BY id DESC LIMIT ?`, [...where.params, filter.limit]);
    return rows.map(toDifferenceView);
  }

  async difference(id: number, em: EntityManager = this.dataSource.manager): Promise<ReconDifferenceView | null> {
    const [row] = await em.query<Array<Record<string, unknown>>>('SELECT * FROM recon_differences WHERE id = ?', [id]);
    return row ? toDifferenceView(row) : null;
  }

  /** Files a difference under its key; unique, so filing a key again fails (a re-run finds the same keys). */
  insertDifference(em: EntityManager, key: string, day: string, channel: string, d: Difference, at: Date): Promise<number> {
    return insertReturningId(
      em,
      `INSERT INTO recon_differences (diff_key, business_date, channel, kind, line_kind, out_trade_no, out_refund_no, channel_trade_no,
         channel_amount_fen, platform_amount_fen, platform_status, status, created_at) VALUES (${placeholders(11)}, 'OPEN', ?)`,
      [key, day, channel, d.kind, d.lineKind, d.outTradeNo, d.outRefundNo, d.channelTradeNo, d.channelAmountFen, d.platformAmountFen, d.platformStatus, sqlTime(at)],
    );
  }

  /** The filed difference's id while it is still open, else null. */
  async openDifferenceId(key: string): Promise<number | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT id, status FROM recon_differences WHERE diff_key = ?', [key]);
    return row && row.status === 'OPEN' ? readInt(row.id) : null;
  }

  async openDifferenceKeys(day: string, channel: string): Promise<Array<{ id: number; key: string }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT id, diff_key FROM recon_differences WHERE business_date = ? AND channel = ? AND status = 'OPEN'",
      [day, channel],
    );
    return rows.map((r) => ({ id: readInt(r.id), key: String(r.diff_key) }));
  }

  /** Resolves an open difference; false when it is not open (resolved already, or no such difference). */
  async resolve(
    id: number,
    resolution: { kind: 'MANUAL' | 'AUTO_REPAIRED' | 'CLEARED'; note: string; by: string | null; at: Date },
    em: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const changed =
      resolution.kind === 'MANUAL'
        ? await execute(
            em,
            "UPDATE recon_differences SET status = 'RESOLVED', resolution = 'MANUAL', note = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'OPEN'",
            [resolution.note, resolution.by, sqlTime(resolution.at), id],
          )
        : await execute(em, "UPDATE recon_differences SET status = 'RESOLVED', resolution = ?, note = ?, resolved_at = ? WHERE id = ? AND status = 'OPEN'", [
            resolution.kind,
            resolution.note,
            sqlTime(resolution.at),
            id,
          ]);
    return changed === 1;
  }
}
