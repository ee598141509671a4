import { Injectable } from '@nestjs/common';
import type { RiskCaseDecision, RiskCaseStatus, RiskCaseView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IdentityRepository } from '../auth/identity.repository';
import type { OperatorPrincipal } from '../auth/principal';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { RiskRepository, type RiskCaseRow } from './risk.repository';

const DECIDED: Record<RiskCaseDecision, { status: RiskCaseStatus; action: string }> = {
  RELEASE: { status: 'RELEASED', action: 'risk.case_released' },
  REJECT: { status: 'REJECTED', action: 'risk.case_rejected' },
  FREEZE_CARD: { status: 'CARD_FROZEN', action: 'risk.case_card_frozen' },
  CLOSE: { status: 'CLOSED', action: 'risk.case_closed' },
};

/**
 * The operators' case queue: a case's evidence (the rule version, the operations it caught with the counters it saw),
 * taking it, notes, and one decision — release (the operations were fine), freeze the card (the operator freeze:
 * card.frozen in the audit trail, the card moves no money), or close. Each step is audited in its own transaction.
 */
@Injectable()
export class RiskCasesService {
  constructor(
    private readonly repository: RiskRepository,
    private readonly cards: CardsRepository,
    private readonly identities: IdentityRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(status: RiskCaseStatus | undefined, limit = 100): Promise<RiskCaseView[]> {
    return this.views(await this.repository.cases(status ?? null, limit));
  }

  async get(id: string): Promise<RiskCaseView> {
    return (await this.views([await this.found(id)]))[0]!;
  }

  async assign(operator: OperatorPrincipal, id: string): Promise<RiskCaseView> {
    const before = await this.found(id);
    await this.tx.run(async (em) => {
      if (!(await this.repository.assignIfOpen(em, id, operator.operatorId, this.clock.now()))) throw new DomainError('RISK_CASE_DECIDED');
      await this.record(em, operator, 'risk.case_assigned', id, { before: before.assigneeId, after: operator.operatorId });
    });
    return this.get(id);
  }

  async note(operator: OperatorPrincipal, id: string, note: string): Promise<RiskCaseView> {
    await this.found(id);
    await this.tx.run(async (em) => {
      await this.repository.insertNote(em, { caseId: id, operatorId: operator.operatorId, note, createdAt: this.clock.now() });
      await this.record(em, operator, 'risk.case_noted', id, { note });
    });
    return this.get(id);
  }

  /** `falsePositive`: the rule caught normal business — only a release or a close can say so (the metrics count it). */
  async decide(operator: OperatorPrincipal, id: string, decision: RiskCaseDecision, note: string, falsePositive = false): Promise<RiskCaseView> {
    if (falsePositive && decision !== 'RELEASE' && decision !== 'CLOSE') {
      const en = 'only a released or closed case can be marked as a false positive';
      throw new DomainError('VALIDATION_FAILED', en, { falsePositive: [en] }, undefined, { falsePositive: ['只有放行或关闭的案件可以标记为误报'] });
    }
    const found = await this.found(id);
    const move = DECIDED[decision];
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      if (!(await this.repository.decideIfOpen(em, id, decision, move.status, falsePositive, operator.operatorId, now))) throw new DomainError('RISK_CASE_DECIDED');
      if (decision === 'FREEZE_CARD') await this.freezeCard(em, operator, found, note);
      await this.repository.insertNote(em, { caseId: id, operatorId: operator.operatorId, note, createdAt: now });
      await this.record(em, operator, move.action, id, { decision, note, cardId: found.cardId, falsePositive });
    });
    return this.get(id);
  }

  /** The operator freeze (back-office/operator-controls.service.ts), in the case's own transaction. */
  private async freezeCard(em: EntityManager, operator: OperatorPrincipal, found: RiskCaseRow, reason: string): Promise<void> {
    if (!found.cardId) throw new DomainError('CARD_STATE_INVALID', 'this case is about a merchant, not a card');
    const card = await this.cards.findById(found.cardId, em);
    if (!(await this.cards.setStatusIf(em, card.id, 'ACTIVE', 'FROZEN'))) throw new DomainError('CARD_STATE_INVALID', `freeze needs an ACTIVE card; it is ${card.status}`);
    await this.audit.record(em, {
      actorType: 'operator',
      actorId: operator.operatorId,
      action: 'card.frozen',
      targetType: 'card',
      targetId: card.id,
      detail: { reason, before: 'ACTIVE', after: 'FROZEN', cardNo: card.cardNo, riskCaseId: found.id },
    });
  }

  private async found(id: string): Promise<RiskCaseRow> {
    const found = await this.repository.caseById(id);
    if (!found) throw new DomainError('RISK_CASE_NOT_FOUND');
    return found;
  }

  private record(em: EntityManager, operator: OperatorPrincipal, action: string, caseId: string, detail: Record<string, unknown>): Promise<void> {
    return this.audit.record(em, { actorType: 'operator', actorId: operator.operatorId, action, targetType: 'risk_case', targetId: caseId, detail });
  }

  private async views(rows: RiskCaseRow[]): Promise<RiskCaseView[]> {
    const ids = rows.map((r) => r.id);
    const [operations, notes, cards] = await Promise.all([
      this.repository.operationsOf(ids),
      this.repository.notesOf(ids),
      this.cards.findByIds(rows.flatMap((r) => (r.cardId ? [r.cardId] : []))),
    ]);
    const rules = new Map<string, Awaited<ReturnType<RiskRepository['ruleVersions']>>[number]>();
    for (const ruleId of new Set(rows.map((r) => r.ruleId))) for (const version of await this.repository.ruleVersions(ruleId)) rules.set(`${ruleId}@${version.version}`, version);
    const operatorIds = new Set([...rows.flatMap((r) => (r.assigneeId ? [r.assigneeId] : [])), ...notes.map((n) => n.operatorId)]);
    const names = new Map<string, string>();
    for (const operatorId of operatorIds) {
      const found = await this.identities.operatorById(operatorId);
      if (found) names.set(operatorId, found.displayName);
    }
    return rows.map((row): RiskCaseView => {
      const rule = rules.get(`${row.ruleId}@${row.ruleVersion}`)!;
      return {
        id: row.id,
        status: row.status,
        falsePositive: row.falsePositive,
        rule: { id: rule.id, version: rule.version, kind: rule.kind, action: rule.action, reason: rule.reason, parameters: rule.parameters },
        cardId: row.cardId,
        cardNo: row.cardId ? (cards.get(row.cardId)?.cardNo ?? null) : null,
        consumerId: row.consumerId,
        merchantId: row.merchantId,
        operations: operations
          .filter((o) => o.caseId === row.id)
          .map((o) => ({ kind: o.operationKind, id: o.operationId, amountFen: o.amountFen, at: o.createdAt.toISOString(), counters: o.counters })),
        assigneeId: row.assigneeId,
        assigneeName: row.assigneeId ? (names.get(row.assigneeId) ?? null) : null,
        notes: notes
          .filter((n) => n.caseId === row.id)
          .map((n) => ({ operatorId: n.operatorId, operatorName: names.get(n.operatorId) ?? null, note: n.note, createdAt: n.createdAt.toISOString() })),
        decision: row.decision,
        decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      };
    });
  }
}
