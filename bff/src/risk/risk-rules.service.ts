import { Injectable } from '@nestjs/common';
import { RISK_BATCH_RULE_KINDS, type CreateRiskRuleRequest, type RiskAction, type RiskRuleKind, type RiskRuleParameters, type RiskRuleView, type UpdateRiskRuleRequest } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { stopsMoney, type RiskRule } from './risk-rules';
import { RiskRepository } from './risk.repository';

/** How long an instance reuses the rules it read; an edit on this instance applies at once, on others within this. */
const CACHE_MS = 5_000;

/** Rules as data: the current versions (cached briefly for the money paths), and the operator's edits, each a new version. */
@Injectable()
export class RiskRules {
  private cached: { rules: RiskRule[]; at: number } | null = null;

  constructor(
    private readonly repository: RiskRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async current(): Promise<RiskRule[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.rules;
    const rules = await this.repository.currentRules();
    this.cached = { rules, at: now };
    return rules;
  }

  async list(): Promise<RiskRuleView[]> {
    return (await this.repository.currentRules()).map(ruleView);
  }

  async versions(id: string): Promise<RiskRuleView[]> {
    const versions = await this.repository.ruleVersions(id);
    if (versions.length === 0) throw new DomainError('RISK_RULE_NOT_FOUND');
    return versions.map(ruleView);
  }

  async create(operator: OperatorPrincipal, request: CreateRiskRuleRequest): Promise<RiskRuleView> {
    if ((request.scope === 'platform') !== (request.scopeId === undefined)) throw invalid('scopeId', 'a merchant or product rule names its scopeId; a platform rule has none', '商户或产品规则须指定适用对象，平台规则不填');
    refuseStoppingBatchRule(request.kind, request.action);
    const rule: RiskRule = {
      id: `${request.kind.toLowerCase().replace(/_/g, '-')}.${request.scope}.${this.ids.digits(8)}`,
      version: 1,
      scope: request.scope,
      scopeId: request.scopeId ?? null,
      kind: request.kind,
      parameters: clean(request.parameters),
      action: request.action,
      reason: request.reason,
      enabled: request.enabled ?? true,
      editedBy: operator.operatorId,
      createdAt: this.clock.now(),
    };
    await this.tx.run(async (em) => {
      await this.repository.insertRuleVersion(em, rule);
      await this.record(em, operator, 'risk.rule_created', rule.id, { after: ruleView(rule) });
    });
    this.cached = null;
    return ruleView(rule);
  }

  /** A new version with the fields given; refused when someone wrote a newer version since `expectedVersion`. */
  async update(operator: OperatorPrincipal, id: string, request: UpdateRiskRuleRequest): Promise<RiskRuleView> {
    const [latest] = await this.repository.ruleVersions(id);
    if (!latest) throw new DomainError('RISK_RULE_NOT_FOUND');
    if (latest.version !== request.expectedVersion) throw new DomainError('RISK_RULE_CHANGED', `version ${latest.version} is current`);
    refuseStoppingBatchRule(latest.kind, request.action ?? latest.action);
    const next: RiskRule = {
      ...latest,
      version: latest.version + 1,
      parameters: request.parameters ? clean(request.parameters) : latest.parameters,
      action: request.action ?? latest.action,
      reason: request.reason ?? latest.reason,
      enabled: request.enabled ?? latest.enabled,
      editedBy: operator.operatorId,
      createdAt: this.clock.now(),
    };
    try {
      await this.tx.run(async (em) => {
        await this.repository.insertRuleVersion(em, next);
        await this.record(em, operator, 'risk.rule_edited', id, { before: ruleView(latest), after: ruleView(next) });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('RISK_RULE_CHANGED', 'edited at the same moment');
      throw error;
    }
    this.cached = null;
    return ruleView(next);
  }

  private record(em: EntityManager, operator: OperatorPrincipal, action: string, ruleId: string, detail: Record<string, unknown>): Promise<void> {
    return this.audit.record(em, { actorType: 'operator', actorId: operator.operatorId, action, targetType: 'risk_rule', targetId: ruleId, detail });
  }
}

export function ruleView(rule: RiskRule): RiskRuleView {
  return { ...rule, createdAt: rule.createdAt.toISOString() };
}

/** Only the known parameters, as given (the DTO has checked each is a positive integer). */
function clean(p: RiskRuleParameters): RiskRuleParameters {
  const out: RiskRuleParameters = {};
  for (const key of ['windowMinutes', 'maxCount', 'maxFen', 'thresholdFen', 'bandFen', 'minCount', 'roundFen', 'sharePct'] as const) if (p[key] !== undefined) out[key] = p[key];
  return out;
}

/** A batch rule judges a day that is over: there is no request left to hold or block, so it reviews (or only records). */
function refuseStoppingBatchRule(kind: RiskRuleKind, action: RiskAction): void {
  if ((RISK_BATCH_RULE_KINDS as readonly RiskRuleKind[]).includes(kind) && stopsMoney(action)) {
    throw invalid('action', 'a rule of the nightly scan can review or allow, not hold or block: the day it judges is over', '日终扫描规则只能“放行并人工复核”或“仅记录”，不能暂停或拒绝');
  }
}

function invalid(field: string, en: string, zh: string): DomainError {
  return new DomainError('VALIDATION_FAILED', en, { [field]: [en] }, undefined, { [field]: [zh] });
}
