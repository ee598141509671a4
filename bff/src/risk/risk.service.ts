import { Injectable, Logger } from '@nestjs/common';
import type { RiskAction } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { KvWindows } from './kv-windows';
import { RiskRules } from './risk-rules.service';
import { appliesTo, caseKey, outcomeOf, stopsMoney, verdict, type RiskOperation, type RiskRule } from './risk-rules';
import { countableInKv, countFacts, countMirrored, counts, judgedOn, needOf, type CounterNeed, type TopUpFact } from './risk-counters';
import { RiskFactsRepository } from './risk-facts.repository';
import { RiskRepository, type RiskDecisionRow } from './risk.repository';

type Tripped = RiskDecisionRow['rules'][number];

export interface RiskDecision {
  outcome: RiskAction;
  /** Null for a sale that no rule tripped on: the till's hot path writes no decision row for it (docs/risk.md). */
  decisionId: number | null;
  /** The cases a review or hold opened or added to. */
  caseIds: string[];
}

/**
 * The one entry point money paths call before they move money: every enabled rule that watches the operation counts
 * what it needs and judges; the most severe tripped rule decides. The decision, with each tripped rule's version and
 * counters, is recorded; a review or hold opens a case (or adds to the open case of that rule on that card or
 * consumer). A block is refused with RISK_BLOCKED, a hold with RISK_HELD; the same operation asked again once an
 * operator released its case goes through (a refund's key resent, a payout's next attempt). Counters: see judge()
 * and docs/risk.md.
 *
 * The till's budget: a sale with no rule tripped costs no SQL here — the rules come from the instance's cache, review
 * counters from Redis, and no decision row is written (the redemption row is the record of an allowed sale).
 */
@Injectable()
export class RiskService {
  private readonly logger = new Logger(RiskService.name);

  constructor(
    private readonly repository: RiskRepository,
    private readonly readModels: RiskFactsRepository,
    private readonly rules: RiskRules,
    private readonly windows: KvWindows,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async decide(operation: RiskOperation): Promise<RiskDecision> {
    const now = this.clock.now();
    const applicable = (await this.rules.current()).filter((rule) => appliesTo(rule, operation));
    const tripped = await this.judge(applicable, operation, now);
    if (tripped.length === 0 && operation.kind === 'REDEMPTION') {
      await this.countThrough(applicable, operation, now);
      return { outcome: 'allow', decisionId: null, caseIds: [] };
    }
    let outcome = outcomeOf(tripped.map((t) => t.action));
    let settled: 'RELEASED' | 'REJECTED' | null = null;
    if (outcome === 'hold') {
      // an operator settled the hold on this very operation: asked again, released goes through, rejected is blocked
      // (and its hold rules open no new case)
      settled = await this.repository.settledHold(operation.kind, operation.id);
      if (settled === 'RELEASED') outcome = outcomeOf(tripped.filter((t) => t.action !== 'hold').map((t) => t.action));
      if (settled === 'REJECTED') outcome = 'block';
    }
    const recorded = await this.tx.run((em) => this.record(em, operation, outcome, tripped, applicable, now, settled !== null));
    if (outcome !== 'allow' || tripped.length > 0) {
      this.logger.warn(`${operation.kind} ${operation.id}: ${outcome} (${tripped.map((t) => `${t.ruleId}@${t.version}`).join(', ')})`);
    }
    if (outcome === 'block') throw new DomainError('RISK_BLOCKED', tripped.map((t) => t.ruleId).join(', '));
    if (outcome === 'hold') throw new DomainError('RISK_HELD', tripped.map((t) => t.ruleId).join(', '));
    await this.countThrough(applicable, operation, now);
    return recorded;
  }

  /**
   * A batch rule's finding on a business day (RiskScanService): recorded as a decision of that rule version, and a
   * review rule opens a case on the subject (or adds to its open one). A finding already recorded for this day, rule
   * and subject (the day scanned again) records nothing new. Returns the case it opened or added to, if any.
   */
  async recordFinding(em: EntityManager, operation: RiskOperation, rule: RiskRule, counters: Record<string, number>, now: Date): Promise<string | null> {
    if ((await this.repository.decisionsOf(operation.kind, operation.id, em)).length > 0) return null;
    // a batch rule cannot stop money (RiskRules refuses hold and block for one): at most it asks for a review
    const outcome: RiskAction = stopsMoney(rule.action) ? 'review' : rule.action;
    const recorded = await this.record(em, operation, outcome, [{ ruleId: rule.id, version: rule.version, action: outcome, counters, source: 'db' }], [rule], now, false);
    this.logger.warn(`${operation.kind} ${operation.id}: ${outcome} (${rule.id}@${rule.version})`);
    return recorded.caseIds[0] ?? null;
  }

  private async judge(rules: RiskRule[], operation: RiskOperation, now: Date): Promise<Tripped[]> {
    const since = new Date(now.getTime() - longestWindowMs(rules));
    const facts = new Map<string, Promise<TopUpFact[]>>();
    const factsOf = (subject: 'consumer' | 'device' | 'payer', id: string, from = since): Promise<TopUpFact[]> => {
      const key = `${subject}:${id}:${from.getTime()}`;
      if (!facts.has(key)) facts.set(key, subject === 'consumer' ? this.readModels.topUpFacts(id, from) : this.readModels.topUpFactsBy(subject, id, from));
      return facts.get(key)!;
    };
    const fromDatabase = async (need: CounterNeed): Promise<number> => {
      if (need.metric === 'claimants') return operation.deviceId && operation.consumerId ? this.readModels.claimantsOfDevice(operation.deviceId, operation.consumerId, new Date(now.getTime() - need.windowMinutes * 60_000)) : 0;
      if (need.metric === 'redemptions') return operation.cardId ? this.readModels.redemptionCount(operation.cardId, new Date(now.getTime() - need.windowMinutes * 60_000)) : 0;
      if (need.metric === 'mirroredSales') {
        if (!operation.cardId || !operation.consumerId) return 0;
        const dayAgo = new Date(now.getTime() - 86_400_000);
        return countMirrored(need, operation, await factsOf('consumer', operation.consumerId, dayAgo), await this.readModels.salesOf(operation.cardId, dayAgo), now);
      }
      if (need.subject === 'device' || need.subject === 'payer') {
        const id = need.subject === 'device' ? operation.deviceId : operation.payerRef;
        return id ? countFacts(need, operation, await factsOf(need.subject, id), now) : 0;
      }
      if (!operation.consumerId) return 0;
      return countFacts(need, operation, await factsOf('consumer', operation.consumerId), now);
    };
    const tripped: Tripped[] = [];
    for (const rule of rules) {
      const need = needOf(rule);
      if (!judgedOn(need, operation)) continue;
      let counted: number | null = null;
      let source: Tripped['source'] = 'db';
      if (need) {
        // a rule that stops money counts from the database, the truth: a Redis that restarted empty, or lost a
        // write, must not let it through; the others use the key-value store's windows while it answers
        const kv = !stopsMoney(rule.action) && countableInKv(need) ? await this.windows.count(rule, need, operation, now).catch(() => null) : null;
        if (kv === null) counted = await fromDatabase(need);
        else {
          counted = kv;
          source = 'kv';
        }
      }
      const counters = verdict(rule, operation, counted);
      if (counters) tripped.push({ ruleId: rule.id, version: rule.version, action: rule.action, counters, source });
    }
    return tripped;
  }

  private async record(em: EntityManager, operation: RiskOperation, outcome: RiskAction, tripped: Tripped[], rules: RiskRule[], now: Date, holdSettled: boolean): Promise<RiskDecision> {
    const decisionId = await this.repository.insertDecision(em, {
      operationKind: operation.kind,
      operationId: operation.id,
      consumerId: operation.consumerId,
      cardId: operation.cardId,
      merchantId: operation.merchantId,
      amountFen: operation.amountFen,
      outcome,
      rules: tripped,
      createdAt: now,
    });
    const caseIds: string[] = [];
    for (const hit of tripped) {
      if (hit.action !== 'review' && hit.action !== 'hold') continue;
      if (hit.action === 'hold' && holdSettled) continue;
      const rule = rules.find((r) => r.id === hit.ruleId)!;
      const caseId = await this.openCase(em, rule, operation, now);
      caseIds.push(caseId);
      if (await this.repository.caseHasOperation(em, caseId, operation.kind, operation.id)) continue;
      await this.repository.insertCaseOperation(em, {
        caseId,
        decisionId,
        operationKind: operation.kind,
        operationId: operation.id,
        amountFen: operation.amountFen,
        counters: hit.counters,
        createdAt: now,
      });
    }
    return { outcome, decisionId, caseIds };
  }

  /** The open case of this rule on this subject, or a new one (audited as the system's). */
  private async openCase(em: EntityManager, rule: RiskRule, operation: RiskOperation, now: Date): Promise<string> {
    const openKey = caseKey(rule, operation);
    const open = await this.repository.openCaseIdByKey(em, openKey);
    if (open) return open;
    const id = this.ids.uuid();
    try {
      await this.repository.insertCase(em, {
        id,
        status: 'OPEN',
        openKey,
        ruleId: rule.id,
        ruleVersion: rule.version,
        consumerId: operation.consumerId,
        cardId: operation.cardId,
        merchantId: operation.merchantId,
        assigneeId: null,
        decision: null,
        decidedBy: null,
        decidedAt: null,
        falsePositive: false,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      // another request opened it a moment ago: add to that one
      const raced = isUniqueViolation(error) ? await this.repository.openCaseIdByKey(em, openKey) : null;
      if (!raced) throw error;
      return raced;
    }
    await this.audit.record(em, {
      actorType: 'system',
      actorId: null,
      action: 'risk.case_opened',
      targetType: 'risk_case',
      targetId: id,
      detail: { ruleId: rule.id, ruleVersion: rule.version, operationKind: operation.kind, operationId: operation.id, cardId: operation.cardId, merchantId: operation.merchantId },
    });
    return id;
  }

  /** The operation went through: the key-value windows count it. Best effort: while Redis is down the database counts. */
  private async countThrough(rules: RiskRule[], operation: RiskOperation, now: Date): Promise<void> {
    for (const rule of rules) {
      const need = needOf(rule);
      if (!need || stopsMoney(rule.action) || !countableInKv(need) || !counts(need, operation)) continue;
      await this.windows.record(rule, need, operation, now).catch((error: unknown) => this.logger.warn(`risk window ${rule.id} not counted: ${(error as Error).message}`));
    }
  }
}

function longestWindowMs(rules: RiskRule[]): number {
  return Math.max(60_000, ...rules.map((rule) => (needOf(rule)?.windowMinutes ?? 0) * 60_000));
}
