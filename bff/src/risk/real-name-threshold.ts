import { Injectable } from '@nestjs/common';
import type { RiskRuleKind } from '@jucard/shared';
import { Clock } from '../common/clock';
import { RiskRules } from './risk-rules.service';
import { appliesTo, verdict, type RiskOperation } from './risk-rules';
import { countFacts, needOf, type TopUpFact } from './risk-counters';
import { RiskFactsRepository } from './risk-facts.repository';

/** The rules whose trip means "the consumer must be real-name verified first" (docs/compliance.md §6). */
const REAL_NAME_KINDS: ReadonlySet<RiskRuleKind> = new Set(['REAL_NAME_SINGLE', 'REAL_NAME_DAILY']);

/**
 * Which real-name rules (aml.real-name.single / .daily, or a merchant's or product's own version) an operation would
 * trip: the same rules, judged as RiskService judges them, but recording nothing — the real-name context asks before
 * a top-up and refuses it while the consumer is not verified, so a refused request leaves no decision or case behind.
 * Both rules count money, so they always count from the database (the key-value windows count top-ups, not sums).
 */
@Injectable()
export class RealNameThreshold {
  constructor(
    private readonly rules: RiskRules,
    private readonly repository: RiskFactsRepository,
    private readonly clock: Clock,
  ) {}

  async tripped(operation: RiskOperation & { consumerId: string }): Promise<string[]> {
    const now = this.clock.now();
    const rules = (await this.rules.current()).filter((rule) => REAL_NAME_KINDS.has(rule.kind) && appliesTo(rule, operation));
    const longest = Math.max(60_000, ...rules.map((rule) => (needOf(rule)?.windowMinutes ?? 0) * 60_000));
    let facts: TopUpFact[] | null = null;
    const tripped: string[] = [];
    for (const rule of rules) {
      const need = needOf(rule);
      let counted: number | null = null;
      if (need) {
        facts ??= await this.repository.topUpFacts(operation.consumerId, new Date(now.getTime() - longest));
        counted = countFacts(need, operation, facts, now);
      }
      if (verdict(rule, operation, counted)) tripped.push(rule.id);
    }
    return tripped;
  }
}
