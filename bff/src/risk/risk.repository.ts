import { Injectable } from '@nestjs/common';
import type { RiskAction, RiskCaseDecision, RiskCaseStatus, RiskOperationKind, RiskRuleKind, RiskRuleParameters, RiskScope } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader } from '../database/row-mapping';
import { placeholders, readBool, readInt, readTextOrNull, readTime, readTimeOrNull, sqlTime } from '../database/sql-values';
import { execute, insertReturningId } from '../database/transaction-runner';
import type { RiskRule } from './risk-rules';

export interface RiskDecisionRow {
  operationKind: RiskOperationKind;
  operationId: string;
  consumerId: string | null;
  cardId: string | null;
  merchantId: string;
  amountFen: number;
  outcome: RiskAction;
  /** The rules that tripped, with their versions and counters. */
  rules: Array<{ ruleId: string; version: number; action: RiskAction; counters: Record<string, number>; source: 'kv' | 'db' }>;
  createdAt: Date;
}

export interface RiskCaseRow {
  id: string;
  status: RiskCaseStatus;
  openKey: string | null;
  ruleId: string;
  ruleVersion: number;
  consumerId: string | null;
  cardId: string | null;
  merchantId: string;
  assigneeId: string | null;
  decision: RiskCaseDecision | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** The operator's mark on a released or closed case: normal business. */
  falsePositive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface RiskCaseOperationRow {
  caseId: string;
  decisionId: number;
  operationKind: RiskOperationKind;
  operationId: string;
  amountFen: number;
  counters: Record<string, number>;
  createdAt: Date;
}

export interface RiskCaseNoteRow {
  caseId: string;
  operatorId: string;
  note: string;
  createdAt: Date;
}

const json = <T>(value: unknown): T => JSON.parse(String(value)) as T;

/** The risk context's SQL: rules and their versions, decisions, cases (what the rules count: risk-facts.repository.ts). */
@Injectable()
export class RiskRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The newest version of every rule. */
  async currentRules(): Promise<RiskRule[]> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT r.* FROM risk_rules r
         JOIN (SELECT id, MAX(version) AS version FROM risk_rules GROUP BY id) latest ON latest.id = r.id AND latest.version = r.version
        ORDER BY r.id`,
    );
    return rows.map(toRule);
  }

  /** Every version of one rule, newest first. */
  async ruleVersions(id: string): Promise<RiskRule[]> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM risk_rules WHERE id = ? ORDER BY version DESC', [id]);
    return rows.map(toRule);
  }

  /** A new version row; the (id, version) key refuses a second writer of the same version. */
  async insertRuleVersion(em: EntityManager, rule: RiskRule): Promise<void> {
    await execute(
      em,
      'INSERT INTO risk_rules (id, version, scope, scope_id, kind, parameters, action, reason, enabled, edited_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [rule.id, rule.version, rule.scope, rule.scopeId, rule.kind, JSON.stringify(rule.parameters), rule.action, rule.reason, rule.enabled ? 1 : 0, rule.editedBy, sqlTime(rule.createdAt)],
    );
  }

  /** How an operator settled a case about this operation: released or rejected; null while none was (docs/risk.md). */
  async settledHold(operationKind: RiskOperationKind, operationId: string): Promise<'RELEASED' | 'REJECTED' | null> {
    const rows: Array<{ status: string }> = await this.dataSource.query(
      `SELECT c.status FROM risk_case_operations o JOIN risk_cases c ON c.id = o.case_id
        WHERE o.operation_kind = ? AND o.operation_id = ? AND c.status IN ('RELEASED', 'REJECTED') ORDER BY c.decided_at DESC LIMIT 1`,
      [operationKind, operationId],
    );
    return (rows[0]?.status as 'RELEASED' | 'REJECTED' | undefined) ?? null;
  }

  /** Whether the case already names this operation (a held payout asked again each minute adds it once). */
  async caseHasOperation(em: EntityManager, caseId: string, operationKind: RiskOperationKind, operationId: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM risk_case_operations WHERE operation_kind = ? AND operation_id = ? AND case_id = ? LIMIT 1', [operationKind, operationId, caseId]);
    return rows.length > 0;
  }

  insertDecision(em: EntityManager, d: RiskDecisionRow): Promise<number> {
    return insertReturningId(
      em,
      'INSERT INTO risk_decisions (operation_kind, operation_id, consumer_id, card_id, merchant_id, amount_fen, outcome, rules, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [d.operationKind, d.operationId, d.consumerId, d.cardId, d.merchantId, d.amountFen, d.outcome, JSON.stringify(d.rules), sqlTime(d.createdAt)],
    );
  }

  async decisionsOf(operationKind: RiskOperationKind, operationId: string, em: EntityManager = this.dataSource.manager): Promise<RiskDecisionRow[]> {
    const rows: Array<Record<string, unknown>> = await em.query('SELECT * FROM risk_decisions WHERE operation_kind = ? AND operation_id = ? ORDER BY id', [
      operationKind,
      operationId,
    ]);
    return rows.map((r) => ({
      operationKind: String(r.operation_kind) as RiskOperationKind,
      operationId: String(r.operation_id),
      consumerId: readTextOrNull(r.consumer_id),
      cardId: readTextOrNull(r.card_id),
      merchantId: String(r.merchant_id),
      amountFen: readInt(r.amount_fen),
      outcome: String(r.outcome) as RiskAction,
      rules: json<RiskDecisionRow['rules']>(r.rules),
      createdAt: readTime(r.created_at),
    }));
  }

  async openCaseIdByKey(em: EntityManager, openKey: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await em.query('SELECT id FROM risk_cases WHERE open_key = ?', [openKey]);
    return rows[0]?.id ?? null;
  }

  async insertCase(em: EntityManager, c: RiskCaseRow): Promise<void> {
    await execute(
      em,
      `INSERT INTO risk_cases (id, status, open_key, rule_id, rule_version, consumer_id, card_id, merchant_id, assignee_id, decision, decided_by, decided_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)`,
      [c.id, c.status, c.openKey, c.ruleId, c.ruleVersion, c.consumerId, c.cardId, c.merchantId, sqlTime(c.createdAt), sqlTime(c.updatedAt)],
    );
  }

  async insertCaseOperation(em: EntityManager, o: RiskCaseOperationRow): Promise<void> {
    await execute(em, 'INSERT INTO risk_case_operations (case_id, decision_id, operation_kind, operation_id, amount_fen, counters, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      o.caseId,
      o.decisionId,
      o.operationKind,
      o.operationId,
      o.amountFen,
      JSON.stringify(o.counters),
      sqlTime(o.createdAt),
    ]);
    await execute(em, 'UPDATE risk_cases SET updated_at = ? WHERE id = ?', [sqlTime(o.createdAt), o.caseId]);
  }

  /** Cases newest first, open ones or those in one status. */
  async cases(status: RiskCaseStatus | null, limit: number): Promise<RiskCaseRow[]> {
    const rows: unknown[] = status
      ? await this.dataSource.query('SELECT * FROM risk_cases WHERE status = ? ORDER BY created_at DESC, id LIMIT ?', [status, limit])
      : await this.dataSource.query('SELECT * FROM risk_cases ORDER BY created_at DESC, id LIMIT ?', [limit]);
    return rows.map(toCase);
  }

  async caseById(id: string, em: EntityManager = this.dataSource.manager): Promise<RiskCaseRow | null> {
    const rows: unknown[] = await em.query('SELECT * FROM risk_cases WHERE id = ?', [id]);
    return rows[0] ? toCase(rows[0]) : null;
  }

  async operationsOf(caseIds: string[]): Promise<RiskCaseOperationRow[]> {
    if (caseIds.length === 0) return [];
    const rows: unknown[] = await this.dataSource.query(`SELECT * FROM risk_case_operations WHERE case_id IN (${placeholders(caseIds.length)}) ORDER BY id`, caseIds);
    return rows.map(toCaseOperation);
  }

  async notesOf(caseIds: string[]): Promise<RiskCaseNoteRow[]> {
    if (caseIds.length === 0) return [];
    const rows: unknown[] = await this.dataSource.query(`SELECT * FROM risk_case_notes WHERE case_id IN (${placeholders(caseIds.length)}) ORDER BY id`, caseIds);
    return rows.map(toNote);
  }

  async insertNote(em: EntityManager, n: RiskCaseNoteRow): Promise<void> {
    await execute(em, 'INSERT INTO risk_case_notes (case_id, operator_id, note, created_at) VALUES (?, ?, ?, ?)', [n.caseId, n.operatorId, n.note, sqlTime(n.createdAt)]);
  }

  /** Takes an open case for an operator; false when it is no longer open. */
  async assignIfOpen(em: EntityManager, id: string, operatorId: string, now: Date): Promise<boolean> {
    return (await execute(em, "UPDATE risk_cases SET assignee_id = ?, updated_at = ? WHERE id = ? AND status = 'OPEN'", [operatorId, sqlTime(now), id])) === 1;
  }

  /** Decides an open case once: the guard on OPEN means two operators cannot both decide it. */
  async decideIfOpen(em: EntityManager, id: string, decision: RiskCaseDecision, status: RiskCaseStatus, falsePositive: boolean, operatorId: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE risk_cases SET status = ?, decision = ?, decided_by = ?, decided_at = ?, false_positive = ?, open_key = NULL, updated_at = ? WHERE id = ? AND status = 'OPEN'",
      [status, decision, operatorId, sqlTime(now), falsePositive ? 1 : 0, sqlTime(now), id],
    );
    return changed === 1;
  }
}

const toRule = rowReader<RiskRule>({
  id: readText,
  version: readInt,
  scope: (v) => String(v) as RiskScope,
  scopeId: readTextOrNull,
  kind: (v) => String(v) as RiskRuleKind,
  parameters: (v) => json<RiskRuleParameters>(v),
  action: (v) => String(v) as RiskAction,
  reason: readText,
  enabled: readBool,
  editedBy: readTextOrNull,
  createdAt: readTime,
});

const toCase = rowReader<RiskCaseRow>({
  id: readText,
  status: (v) => String(v) as RiskCaseStatus,
  openKey: readTextOrNull,
  ruleId: readText,
  ruleVersion: readInt,
  consumerId: readTextOrNull,
  cardId: readTextOrNull,
  merchantId: readText,
  assigneeId: readTextOrNull,
  decision: (v) => readTextOrNull(v) as RiskCaseDecision | null,
  decidedBy: readTextOrNull,
  decidedAt: readTimeOrNull,
  falsePositive: readBool,
  createdAt: readTime,
  updatedAt: readTime,
});

const toCaseOperation = rowReader<RiskCaseOperationRow>({
  caseId: readText,
  decisionId: readInt,
  operationKind: (v) => String(v) as RiskOperationKind,
  operationId: readText,
  amountFen: readInt,
  counters: (v) => json<Record<string, number>>(v),
  createdAt: readTime,
});

const toNote = rowReader<RiskCaseNoteRow>({ caseId: readText, operatorId: readText, note: readText, createdAt: readTime });
