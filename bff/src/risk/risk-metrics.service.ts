import { Injectable } from '@nestjs/common';
import { businessDayOf, businessDayRange, previousBusinessDay, type RiskMetricsView, type RiskRuleMetrics } from '@jucard/shared';
import { Clock } from '../common/clock';
import { RiskInsightsRepository } from './risk-insights.repository';
import { RiskRules } from './risk-rules.service';

/**
 * The risk metrics (docs/risk.md, "Metrics"): per rule and business day, the decisions it made (a decision row names
 * every rule that tripped on it) and the money they concerned; what operators made of its cases — opened, decided,
 * marked false positive; and the money its open hold cases keep now. Over the last N business days, today included.
 */
@Injectable()
export class RiskMetricsService {
  constructor(
    private readonly repository: RiskInsightsRepository,
    private readonly rules: RiskRules,
    private readonly clock: Clock,
  ) {}

  async metrics(days = 7): Promise<RiskMetricsView> {
    const to = businessDayOf(this.clock.now());
    const range = [to];
    while (range.length < days) range.unshift(previousBusinessDay(range[0]!));
    const from = range[0]!;
    const start = businessDayRange(from)![0];
    const end = businessDayRange(to)![1];
    const [rules, decisions, cases, held] = await Promise.all([
      this.rules.list(),
      this.repository.decisionsIn(start, end),
      this.repository.casesTouched(start, end),
      this.repository.heldByRule(),
    ]);

    const perDay = new Map<string, Map<string, { decisions: number; fen: number }>>(); // rule → day → figures
    for (const d of decisions) {
      const day = businessDayOf(d.createdAt);
      for (const tripped of d.rules) {
        const days = perDay.get(tripped.ruleId) ?? new Map<string, { decisions: number; fen: number }>();
        const figures = days.get(day) ?? { decisions: 0, fen: 0 };
        figures.decisions += 1;
        figures.fen += d.amountFen;
        days.set(day, figures);
        perDay.set(tripped.ruleId, days);
      }
    }
    const inRange = (at: Date | null) => at !== null && at >= start && at < end;

    const byRule = rules.map((rule): RiskRuleMetrics => {
      const days = range.map((businessDate) => ({ businessDate, ...(perDay.get(rule.id)?.get(businessDate) ?? { decisions: 0, fen: 0 }) }));
      const ofRule = cases.filter((c) => c.ruleId === rule.id);
      const decided = ofRule.filter((c) => c.status !== 'OPEN' && inRange(c.decidedAt));
      return {
        ruleId: rule.id,
        kind: rule.kind,
        action: rule.action,
        reason: rule.reason,
        enabled: rule.enabled,
        days,
        decisions: days.reduce((sum, d) => sum + d.decisions, 0),
        casesOpened: ofRule.filter((c) => inRange(c.createdAt)).length,
        casesDecided: decided.length,
        falsePositives: decided.filter((c) => c.falsePositive).length,
        heldFen: held.get(rule.id)?.fen ?? 0,
      };
    });
    return {
      from,
      to,
      // the rules that did something first; the quiet ones after, as listed
      rules: [...byRule].sort((a, b) => Number(b.decisions > 0 || b.heldFen > 0) - Number(a.decisions > 0 || a.heldFen > 0) || b.decisions - a.decisions),
      decisions: decisions.length,
      falsePositives: byRule.reduce((sum, r) => sum + r.falsePositives, 0),
      casesDecided: byRule.reduce((sum, r) => sum + r.casesDecided, 0),
      openCases: cases.filter((c) => c.status === 'OPEN').length,
      heldFen: [...held.values()].reduce((sum, h) => sum + h.fen, 0),
      heldOperations: [...held.values()].reduce((sum, h) => sum + h.operations, 0),
    };
  }
}
