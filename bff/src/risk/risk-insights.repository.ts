import { Injectable } from '@nestjs/common';
import type { RiskBatchRuleKind, RiskCaseStatus, RiskOperationKind, RiskScanView, RiskScoreEvidence, RiskScoreView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader } from '../database/row-mapping';
import { placeholders, readBool, readInt, readTextOrNull, readTime, readTimeOrNull, sqlTime } from '../database/sql-values';
import { execute } from '../database/transaction-runner';
import type { CardSales, SaleFact, TopUpOfDay } from './risk-scan-rules';
import type { RiskDecisionRow } from './risk.repository';

export interface RiskScanRow {
  businessDate: string;
  triggerKind: RiskScanView['trigger'];
  merchantsScanned: number;
  cardsScanned: number;
  findings: number;
  finishedAt: Date;
}

/** A finding as stored: the view's own fields (names and card numbers are looked up when it is shown). */
export type RiskScoreRow = Omit<RiskScoreView, 'merchantName' | 'cardNo'> & { createdAt: Date };

export interface HeldOperationRow {
  caseId: string;
  status: RiskCaseStatus;
  cardId: string | null;
  decidedAt: Date | null;
  operationKind: RiskOperationKind;
  amountFen: number;
  createdAt: Date;
}

export interface CaseFact {
  ruleId: string;
  status: RiskCaseStatus;
  falsePositive: boolean;
  createdAt: Date;
  decidedAt: Date | null;
}

const json = <T>(value: unknown): T => JSON.parse(String(value)) as T;

/**
 * What the risk context learns after the fact: the nightly scan's reads of a business day (read models of
 * redemption's sales and payments' top-ups), its scans and scores, and the figures behind the risk metrics.
 */
@Injectable()
export class RiskInsightsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every card's sales per merchant in [from, to), net of reversals (ix_redemptions_day). */
  async salesByCard(from: Date, to: Date): Promise<CardSales[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT merchant_id, card_id, SUM(amount_fen - refunded_fen) AS fen, COUNT(*) AS n FROM redemptions
        WHERE created_at >= ? AND created_at < ? GROUP BY merchant_id, card_id`,
      [sqlTime(from), sqlTime(to)],
    );
    return rows.map((r) => ({ merchantId: String(r.merchant_id), cardId: String(r.card_id), fen: readInt(r.fen), count: readInt(r.n) }));
  }

  /** The cards' sales in [from, to), one row each (ix_redemptions_card): a finding's evidence. */
  async salesOfCards(cardIds: string[], from: Date, to: Date): Promise<SaleFact[]> {
    if (cardIds.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, card_id, merchant_id, amount_fen - refunded_fen AS fen, created_at FROM redemptions
        WHERE card_id IN (${placeholders(cardIds.length)}) AND created_at >= ? AND created_at < ? ORDER BY created_at, id`,
      [...cardIds, sqlTime(from), sqlTime(to)],
    );
    return rows.map((r) => ({ id: String(r.id), cardId: String(r.card_id), merchantId: String(r.merchant_id), amountFen: readInt(r.fen), at: readTime(r.created_at) }));
  }

  /** The cards' top-ups paid in [from, to) (ix_topups_card; an order is created before it is paid, and within a day of it). */
  async topUpsPaidOf(cardIds: string[], from: Date, to: Date): Promise<TopUpOfDay[]> {
    if (cardIds.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, card_id, merchant_id, amount_fen, paid_at, payer_ref FROM topup_orders
        WHERE card_id IN (${placeholders(cardIds.length)}) AND created_at >= ? AND created_at < ? AND paid_at >= ? AND paid_at < ? AND paid_at IS NOT NULL
        ORDER BY paid_at, id`,
      [...cardIds, sqlTime(new Date(from.getTime() - 86_400_000)), sqlTime(to), sqlTime(from), sqlTime(to)],
    );
    return rows.map((r) => ({ id: String(r.id), cardId: String(r.card_id), merchantId: String(r.merchant_id), amountFen: readInt(r.amount_fen), at: readTime(r.paid_at), payerRef: readTextOrNull(r.payer_ref) }));
  }

  /** The distinct payer accounts behind each card's paid top-ups created since `since` (ix_topups_card). */
  async payersOfCards(cardIds: string[], since: Date): Promise<Map<string, Set<string>>> {
    const payers = new Map<string, Set<string>>(cardIds.map((id) => [id, new Set<string>()]));
    if (cardIds.length === 0) return payers;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT DISTINCT card_id, payer_ref FROM topup_orders
        WHERE card_id IN (${placeholders(cardIds.length)}) AND created_at >= ? AND paid_at IS NOT NULL AND payer_ref IS NOT NULL`,
      [...cardIds, sqlTime(since)],
    );
    for (const r of rows) payers.get(String(r.card_id))?.add(String(r.payer_ref));
    return payers;
  }

  async scanOf(day: string): Promise<RiskScanRow | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM risk_scans WHERE business_date = ?', [day]);
    return rows[0] ? toScan(rows[0]) : null;
  }

  /** The day's scan, written or rewritten (a day scanned again, once it is over, replaces what a scan during it saw). */
  async saveScan(em: EntityManager, scan: RiskScanRow): Promise<void> {
    const values = [scan.triggerKind, scan.merchantsScanned, scan.cardsScanned, scan.findings, sqlTime(scan.finishedAt)];
    const changed = await execute(em, 'UPDATE risk_scans SET trigger_kind = ?, merchants_scanned = ?, cards_scanned = ?, findings = ?, finished_at = ? WHERE business_date = ?', [
      ...values,
      scan.businessDate,
    ]);
    if (changed === 0) {
      await execute(em, 'INSERT INTO risk_scans (business_date, trigger_kind, merchants_scanned, cards_scanned, findings, finished_at) VALUES (?, ?, ?, ?, ?, ?)', [
        scan.businessDate,
        ...values,
      ]);
    }
  }

  /** A finding, written or updated in place (same day, rule and subject): a scan run again adds no second row. */
  async saveScore(em: EntityManager, s: RiskScoreRow): Promise<void> {
    const changed = await execute(
      em,
      'UPDATE risk_scores SET rule_version = ?, score = ?, counters = ?, evidence = ?, case_id = COALESCE(?, case_id) WHERE business_date = ? AND rule_id = ? AND subject_id = ?',
      [s.ruleVersion, s.score, JSON.stringify(s.counters), JSON.stringify(s.evidence), s.caseId, s.businessDate, s.ruleId, s.subjectId],
    );
    if (changed > 0) return;
    await execute(
      em,
      `INSERT INTO risk_scores (business_date, rule_id, rule_version, kind, subject_type, subject_id, merchant_id, score, counters, evidence, case_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [s.businessDate, s.ruleId, s.ruleVersion, s.kind, s.subjectType, s.subjectId, s.merchantId, s.score, JSON.stringify(s.counters), JSON.stringify(s.evidence), s.caseId, sqlTime(s.createdAt)],
    );
  }

  /** A day's findings, highest score first. */
  async scoresOf(day: string): Promise<RiskScoreRow[]> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM risk_scores WHERE business_date = ? ORDER BY score DESC, id', [day]);
    return rows.map(toScore);
  }

  /** Decisions with a tripped rule in [from, to): the rules column says which (an allowed sale writes no row). */
  async decisionsIn(from: Date, to: Date): Promise<Array<Pick<RiskDecisionRow, 'amountFen' | 'rules' | 'createdAt'>>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT amount_fen, rules, created_at FROM risk_decisions WHERE created_at >= ? AND created_at < ?', [
      sqlTime(from),
      sqlTime(to),
    ]);
    return rows.map((r) => ({ amountFen: readInt(r.amount_fen), rules: json<RiskDecisionRow['rules']>(r.rules), createdAt: readTime(r.created_at) }));
  }

  /** Cases opened or decided in [from, to), and every open one. */
  async casesTouched(from: Date, to: Date): Promise<CaseFact[]> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT rule_id, status, false_positive, created_at, decided_at FROM risk_cases
        WHERE status = 'OPEN' OR (created_at >= ? AND created_at < ?) OR (decided_at >= ? AND decided_at < ?)`,
      [sqlTime(from), sqlTime(to), sqlTime(from), sqlTime(to)],
    );
    return rows.map(toCaseFact);
  }

  /**
   * A merchant's operations stopped by hold rules (at the case's rule version): those still under review, and those
   * decided since `decidedSince`, newest first.
   */
  async heldOperationsOf(merchantId: string, decidedSince: Date, limit: number): Promise<HeldOperationRow[]> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT c.id AS case_id, c.status, c.card_id, c.decided_at, o.operation_kind, o.amount_fen, o.created_at FROM risk_cases c
         JOIN risk_rules r ON r.id = c.rule_id AND r.version = c.rule_version
         JOIN risk_case_operations o ON o.case_id = c.id
        WHERE c.merchant_id = ? AND r.action = 'hold' AND (c.status = 'OPEN' OR c.decided_at >= ?)
        ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
      [merchantId, sqlTime(decidedSince), limit],
    );
    return rows.map(toHeldOperation);
  }

  /** Money held now: the operations in open cases of hold rules (at the case's rule version), per rule. */
  async heldByRule(): Promise<Map<string, { fen: number; operations: number }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.rule_id, SUM(o.amount_fen) AS fen, COUNT(*) AS n FROM risk_cases c
         JOIN risk_rules r ON r.id = c.rule_id AND r.version = c.rule_version
         JOIN risk_case_operations o ON o.case_id = c.id
        WHERE c.status = 'OPEN' AND r.action = 'hold' GROUP BY c.rule_id`,
    );
    return new Map(rows.map((r) => [String(r.rule_id), { fen: readInt(r.fen ?? 0), operations: readInt(r.n) }]));
  }
}

const toScan = rowReader<RiskScanRow>({
  businessDate: readText,
  triggerKind: (v) => String(v) as RiskScanRow['triggerKind'],
  merchantsScanned: readInt,
  cardsScanned: readInt,
  findings: readInt,
  finishedAt: readTime,
});

const toScore = rowReader<RiskScoreRow>({
  businessDate: readText,
  ruleId: readText,
  ruleVersion: readInt,
  kind: (v) => String(v) as RiskBatchRuleKind,
  subjectType: (v) => String(v) as RiskScoreRow['subjectType'],
  subjectId: readText,
  merchantId: readText,
  score: readInt,
  counters: (v) => json<Record<string, number>>(v),
  evidence: (v) => json<RiskScoreEvidence[]>(v),
  caseId: readTextOrNull,
  createdAt: readTime,
});

const toHeldOperation = rowReader<HeldOperationRow>({
  caseId: readText,
  status: (v) => String(v) as RiskCaseStatus,
  cardId: readTextOrNull,
  decidedAt: readTimeOrNull,
  operationKind: (v) => String(v) as RiskOperationKind,
  amountFen: readInt,
  createdAt: readTime,
});

const toCaseFact = rowReader<CaseFact>({
  ruleId: readText,
  status: (v) => String(v) as RiskCaseStatus,
  falsePositive: readBool,
  createdAt: readTime,
  decidedAt: readTimeOrNull,
});
