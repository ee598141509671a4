import type { RiskAction, RiskOperationKind, RiskRuleKind, RiskRuleParameters, RiskRuleView } from '@jucard/shared';

/** One version of a rule, as stored. */
export type RiskRule = Omit<RiskRuleView, 'createdAt'> & { createdAt: Date };

/** A money request about to happen: what the money path hands to RiskService.decide. */
export interface RiskOperation {
  kind: RiskOperationKind;
  /** The id the operation has (or will have): a top-up order's id, a refund's idempotency key. */
  id: string;
  /** Null where the operation has no consumer or card (a merchant's payout). */
  consumerId: string | null;
  cardId: string | null;
  merchantId: string;
  productId: string | null;
  amountFen: number;
}

/** What a rule counts before it can judge; the count excludes the operation being decided. */
export type CounterNeed =
  | { metric: 'topUps'; subject: 'card' | 'consumer'; windowMinutes: number }
  | { metric: 'topUpsInBand'; subject: 'consumer'; windowMinutes: number; fromFen: number; belowFen: number }
  | { metric: 'amountFen'; subject: 'consumer'; windowMinutes: number }
  | { metric: 'paidTopUps'; subject: 'card'; windowMinutes: number }
  | { metric: 'redemptions'; subject: 'card'; windowMinutes: number };

/** A top-up as the database knows it (orders that failed or closed unpaid left out). */
export interface TopUpFact {
  cardId: string;
  amountFen: number;
  createdAt: Date;
  paidAt: Date | null;
}

const SEVERITY: Record<RiskAction, number> = { allow: 0, review: 1, hold: 2, block: 3 };

/** The outcome of several tripped rules: the most severe action among them; allow when none tripped. */
export function outcomeOf(actions: readonly RiskAction[]): RiskAction {
  return actions.reduce<RiskAction>((worst, action) => (SEVERITY[action] > SEVERITY[worst] ? action : worst), 'allow');
}

/** Block and hold stop money: their counts always come from the database (docs/risk.md). */
export function stopsMoney(action: RiskAction): boolean {
  switch (action) {
    case 'block':
    case 'hold':
      return true;
    case 'allow':
    case 'review':
      return false;
  }
}

function watches(kind: RiskRuleKind): readonly RiskOperationKind[] {
  switch (kind) {
    case 'TOPUP_VELOCITY_CARD':
    case 'TOPUP_VELOCITY_CONSUMER':
    case 'TOPUP_AMOUNT_CONSUMER':
    case 'REAL_NAME_SINGLE':
    case 'REAL_NAME_DAILY':
    case 'STRUCTURING':
      return ['TOPUP'];
    case 'REFUND_AFTER_TOPUP':
      return ['BALANCE_REFUND', 'COOLING_OFF_REFUND'];
    case 'REDEMPTION_VELOCITY_CARD':
    case 'REDEMPTION_AMOUNT_SINGLE':
      return ['REDEMPTION'];
    case 'REPLACEMENT_BALANCE':
      return ['CARD_REPLACEMENT'];
    case 'PAYOUT_AMOUNT':
      return ['PAYOUT'];
  }
}

/** Whether this enabled rule looks at this operation: its kind watches the operation, its scope covers it. */
export function appliesTo(rule: RiskRule, operation: RiskOperation): boolean {
  if (!rule.enabled || !watches(rule.kind).includes(operation.kind)) return false;
  switch (rule.scope) {
    case 'platform':
      return true;
    case 'merchant':
      return rule.scopeId === operation.merchantId;
    case 'product':
      return rule.scopeId === operation.productId;
  }
}

const DAY_MINUTES = 1440;
const windowOf = (p: RiskRuleParameters) => p.windowMinutes ?? DAY_MINUTES;
const threshold = (p: RiskRuleParameters) => p.thresholdFen ?? 1_000_000;

/** What the rule counts; null when it judges the operation alone. */
export function needOf(rule: RiskRule): CounterNeed | null {
  const p = rule.parameters;
  switch (rule.kind) {
    case 'TOPUP_VELOCITY_CARD':
      return { metric: 'topUps', subject: 'card', windowMinutes: windowOf(p) };
    case 'TOPUP_VELOCITY_CONSUMER':
      return { metric: 'topUps', subject: 'consumer', windowMinutes: windowOf(p) };
    case 'TOPUP_AMOUNT_CONSUMER':
    case 'REAL_NAME_DAILY':
      return { metric: 'amountFen', subject: 'consumer', windowMinutes: windowOf(p) };
    case 'STRUCTURING':
      return { metric: 'topUpsInBand', subject: 'consumer', windowMinutes: windowOf(p), fromFen: threshold(p) - (p.bandFen ?? 100_000), belowFen: threshold(p) };
    case 'REFUND_AFTER_TOPUP':
      return { metric: 'paidTopUps', subject: 'card', windowMinutes: windowOf(p) };
    case 'REDEMPTION_VELOCITY_CARD':
      return { metric: 'redemptions', subject: 'card', windowMinutes: windowOf(p) };
    case 'REAL_NAME_SINGLE':
    case 'REDEMPTION_AMOUNT_SINGLE':
    case 'REPLACEMENT_BALANCE':
    case 'PAYOUT_AMOUNT':
      return null;
  }
}

/** Whether the operation itself adds to what the need counts (a top-up counts; one outside a band does not). */
export function counts(need: CounterNeed, operation: RiskOperation): boolean {
  switch (need.metric) {
    case 'topUps':
    case 'amountFen':
      return operation.kind === 'TOPUP';
    case 'topUpsInBand':
      return operation.kind === 'TOPUP' && operation.amountFen >= need.fromFen && operation.amountFen < need.belowFen;
    case 'paidTopUps':
      return false;
    case 'redemptions':
      return operation.kind === 'REDEMPTION';
  }
}

/** The key-value store keeps counts, not sums: only these needs can be counted there. */
export function countableInKv(need: CounterNeed): boolean {
  return need.metric === 'topUps' || need.metric === 'topUpsInBand' || need.metric === 'redemptions';
}

/** The need counted over the database's top-ups of the consumer (redemptions are counted by the repository). */
export function countFacts(need: CounterNeed, operation: RiskOperation, facts: readonly TopUpFact[], now: Date): number {
  const since = now.getTime() - need.windowMinutes * 60_000;
  const ofSubject = facts.filter((f) => need.subject === 'consumer' || f.cardId === operation.cardId);
  switch (need.metric) {
    case 'topUps':
      return ofSubject.filter((f) => f.createdAt.getTime() > since).length;
    case 'topUpsInBand':
      return ofSubject.filter((f) => f.createdAt.getTime() > since && f.amountFen >= need.fromFen && f.amountFen < need.belowFen).length;
    case 'amountFen':
      return ofSubject.filter((f) => f.createdAt.getTime() > since).reduce((sum, f) => sum + f.amountFen, 0);
    case 'paidTopUps':
      return ofSubject.filter((f) => f.paidAt !== null && f.paidAt.getTime() > since).length;
    case 'redemptions':
      throw new Error('redemptions are counted by RiskRepository.redemptionCount');
  }
}

/**
 * The rule's verdict: the counters it saw when it trips, null when it does not. `counted` is what the need counted
 * before this operation (null for a rule without a need).
 */
export function verdict(rule: RiskRule, operation: RiskOperation, counted: number | null): Record<string, number> | null {
  const p = rule.parameters;
  const before = counted ?? 0;
  switch (rule.kind) {
    case 'TOPUP_VELOCITY_CARD':
    case 'TOPUP_VELOCITY_CONSUMER': {
      const topUps = before + 1;
      const maxCount = p.maxCount ?? Number.MAX_SAFE_INTEGER;
      return topUps > maxCount ? { topUps, maxCount, windowMinutes: windowOf(p) } : null;
    }
    case 'TOPUP_AMOUNT_CONSUMER': {
      const amountFen = before + operation.amountFen;
      const maxFen = p.maxFen ?? Number.MAX_SAFE_INTEGER;
      return amountFen > maxFen ? { amountFen, maxFen, windowMinutes: windowOf(p) } : null;
    }
    case 'REAL_NAME_SINGLE':
      return operation.amountFen >= threshold(p) ? { amountFen: operation.amountFen, thresholdFen: threshold(p) } : null;
    case 'REAL_NAME_DAILY': {
      const amountFen = before + operation.amountFen;
      return amountFen >= threshold(p) ? { amountFen, thresholdFen: threshold(p), windowMinutes: windowOf(p) } : null;
    }
    case 'STRUCTURING': {
      const need = needOf(rule);
      if (!need || !counts(need, operation)) return null;
      const topUpsJustUnder = before + 1;
      const minCount = p.minCount ?? 3;
      return topUpsJustUnder >= minCount ? { topUpsJustUnder, minCount, thresholdFen: threshold(p), windowMinutes: windowOf(p) } : null;
    }
    case 'REFUND_AFTER_TOPUP':
      return before > 0 ? { recentTopUps: before, windowMinutes: windowOf(p) } : null;
    case 'REDEMPTION_VELOCITY_CARD': {
      const redemptions = before + 1;
      const maxCount = p.maxCount ?? Number.MAX_SAFE_INTEGER;
      return redemptions > maxCount ? { redemptions, maxCount, windowMinutes: windowOf(p) } : null;
    }
    case 'REDEMPTION_AMOUNT_SINGLE':
    case 'REPLACEMENT_BALANCE':
    case 'PAYOUT_AMOUNT':
      return operation.amountFen >= threshold(p) ? { amountFen: operation.amountFen, thresholdFen: threshold(p) } : null;
  }
}

/** A case is one rule on one subject while it is open: a rule tripping again on it adds to the open case. */
export function caseKey(rule: RiskRule, operation: RiskOperation): string {
  const need = needOf(rule);
  const subject =
    need?.subject === 'consumer' && operation.consumerId ? `consumer:${operation.consumerId}` : operation.cardId ? `card:${operation.cardId}` : `merchant:${operation.merchantId}`;
  return `${rule.id}:${subject}`;
}
