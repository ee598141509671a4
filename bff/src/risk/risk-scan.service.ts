import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { businessDayOf, businessDayRange, RISK_BATCH_RULE_KINDS, type RiskBatchRuleKind, type RiskScanView, type RiskScoreView } from '@jucard/shared';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { RiskInsightsRepository, type RiskScanRow, type RiskScoreRow } from './risk-insights.repository';
import { RiskRules } from './risk-rules.service';
import type { RiskRule } from './risk-rules';
import { cardCycling, concentratedMerchants, cyclingCandidates, merchantConcentration, type Finding } from './risk-scan-rules';
import { RiskService } from './risk.service';

const PAYER_LOOKBACK_MS = 30 * 86_400_000;

const isBatch = (rule: RiskRule): rule is RiskRule & { kind: RiskBatchRuleKind } => (RISK_BATCH_RULE_KINDS as readonly string[]).includes(rule.kind);

/**
 * The nightly scan of a business day (docs/risk.md, "The nightly scan"): patterns that need a whole day's view —
 * a merchant whose sales come from a few cards topped up by few payers, a card whose day's top-ups pass straight
 * through it at the merchant. Each enabled batch rule scores the day's merchants or cards; every finding is kept
 * with its counters and evidence rows (risk_scores), recorded as a decision of that rule version and, for a review
 * rule, opens a case (or adds to the subject's open case). Day close runs it once the day's reconciliation is done;
 * an operator can run it for any day up to today. A day scanned again replaces its findings in place (no second
 * row, no second case operation), so a scan during the day and the one after it agree once the day is over.
 */
@Injectable()
export class RiskScanService {
  private readonly logger = new Logger(RiskScanService.name);

  constructor(
    private readonly repository: RiskInsightsRepository,
    private readonly rules: RiskRules,
    private readonly risk: RiskService,
    private readonly cards: CardsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The nightly run: scans `day` unless a scan after its end already did. */
  async scanIfDue(day: string): Promise<RiskScanView | null> {
    const [, end] = range(day);
    const done = await this.repository.scanOf(day);
    if (done && done.finishedAt >= end) return null;
    return this.scan(day, 'SCHEDULED');
  }

  async scan(day: string, trigger: RiskScanView['trigger']): Promise<RiskScanView> {
    const [from, to] = range(day);
    if (day > businessDayOf(this.clock.now())) throw invalidDay('a day that has not begun cannot be scanned', '不能扫描尚未开始的营业日');
    const started = Date.now();
    const rules = (await this.rules.current()).filter((r) => r.enabled && isBatch(r));
    const sales = await this.repository.salesByCard(from, to);
    const findings: Finding[] = [];
    for (const rule of rules) {
      if (rule.kind === 'MERCHANT_CONCENTRATION') {
        const concentrated = concentratedMerchants(rule, sales).filter((c) => inScope(rule, c.merchantId));
        const payers = await this.repository.payersOfCards(
          concentrated.flatMap((c) => c.top.map((t) => t.cardId)),
          new Date(to.getTime() - PAYER_LOOKBACK_MS),
        );
        for (const c of concentrated) {
          const found = merchantConcentration(rule, c, payers);
          if (found) findings.push(found);
        }
      } else {
        const candidates = cyclingCandidates(rule, sales).filter((c) => inScope(rule, c.merchantId));
        const ids = candidates.map((c) => c.cardId);
        const [topUps, cardSales] = await Promise.all([this.repository.topUpsPaidOf(ids, from, to), this.repository.salesOfCards(ids, from, to)]);
        for (const c of candidates) {
          const found = cardCycling(rule, c, topUps, cardSales);
          if (found) findings.push(found);
        }
      }
    }
    for (const finding of findings) await this.keep(day, finding);
    const scan: RiskScanRow = {
      businessDate: day,
      triggerKind: trigger,
      merchantsScanned: new Set(sales.map((s) => s.merchantId)).size,
      cardsScanned: new Set(sales.map((s) => s.cardId)).size,
      findings: findings.length,
      finishedAt: this.clock.now(),
    };
    await this.tx.run((em) => this.repository.saveScan(em, scan));
    this.logger.log(
      `risk scan of ${day} (${trigger.toLowerCase()}): ${scan.merchantsScanned} merchants and ${scan.cardsScanned} cards with sales, ${findings.length} findings (${findings.map((f) => `${f.rule.id} on ${f.subjectType} ${f.subjectId}: ${f.score}`).join('; ') || 'none'}) in ${Date.now() - started} ms`,
    );
    return (await this.view(day))!;
  }

  /** A day's scan and its findings; null when the day was never scanned. */
  async view(day: string): Promise<RiskScanView | null> {
    range(day);
    const scan = await this.repository.scanOf(day);
    if (!scan) return null;
    const scores = await this.repository.scoresOf(day);
    const evidence = scores.flatMap((s) => s.evidence);
    const cardIds = [...new Set([...scores.filter((s) => s.subjectType === 'card').map((s) => s.subjectId), ...evidence.filter((e) => e.kind === 'CARD').map((e) => e.id)])];
    const cards = await this.cards.findByIds(cardIds);
    const merchants = await this.merchants.merchantsByIds([...new Set(scores.map((s) => s.merchantId))]);
    return {
      businessDate: scan.businessDate,
      status: 'COMPLETED',
      trigger: scan.triggerKind,
      merchantsScanned: scan.merchantsScanned,
      cardsScanned: scan.cardsScanned,
      findings: scan.findings,
      finishedAt: scan.finishedAt.toISOString(),
      scores: scores.map(
        (s): RiskScoreView => ({
          businessDate: s.businessDate,
          ruleId: s.ruleId,
          ruleVersion: s.ruleVersion,
          kind: s.kind,
          subjectType: s.subjectType,
          subjectId: s.subjectId,
          merchantId: s.merchantId,
          merchantName: merchants.get(s.merchantId)?.displayName ?? s.merchantId,
          cardNo: s.subjectType === 'card' ? (cards.get(s.subjectId)?.cardNo ?? null) : null,
          score: s.score,
          counters: s.counters,
          evidence: s.evidence.map((e) => (e.kind === 'CARD' ? { ...e, cardNo: cards.get(e.id)?.cardNo ?? null } : e)),
          caseId: s.caseId,
        }),
      ),
    };
  }

  /** One finding in one transaction: its decision and case (through RiskService), then its score row. */
  private async keep(day: string, finding: Finding): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const caseId = await this.risk.recordFinding(
        em,
        {
          kind: 'DAY_SCAN',
          id: scanOperationId(day, finding.rule.id, finding.subjectId),
          consumerId: null,
          cardId: finding.cardId,
          merchantId: finding.merchantId,
          productId: null,
          amountFen: finding.amountFen,
        },
        finding.rule,
        finding.counters,
        now,
      );
      const score: RiskScoreRow = {
        businessDate: day,
        ruleId: finding.rule.id,
        ruleVersion: finding.rule.version,
        kind: finding.rule.kind as RiskBatchRuleKind,
        subjectType: finding.subjectType,
        subjectId: finding.subjectId,
        merchantId: finding.merchantId,
        score: finding.score,
        counters: finding.counters,
        evidence: finding.evidence,
        caseId,
        createdAt: now,
      };
      await this.repository.saveScore(em, score);
    });
  }
}

/**
 * The finding's operation id (≤ 64 characters, what decisions and cases store): the day, the subject and a short hash
 * of the rule id (an operator's rule ids are long), e.g. `scan:2026-12-06:<uuid>:1a2b3c4d`.
 */
export function scanOperationId(day: string, ruleId: string, subjectId: string): string {
  return `scan:${day}:${subjectId}:${createHash('sha256').update(ruleId).digest('hex').slice(0, 8)}`;
}

/** A merchant rule looks at its merchant only; a product rule has no meaning for a day's sales and looks at none. */
function inScope(rule: RiskRule, merchantId: string): boolean {
  return rule.scope === 'platform' || (rule.scope === 'merchant' && rule.scopeId === merchantId);
}

function range(day: string): [Date, Date] {
  const found = businessDayRange(day);
  if (!found) throw invalidDay('businessDate must be a real YYYY-MM-DD day', '营业日须为有效日期（YYYY-MM-DD）');
  return found;
}

function invalidDay(en: string, zh: string): DomainError {
  return new DomainError('VALIDATION_FAILED', en, { businessDate: [en] }, undefined, { businessDate: [zh] });
}
