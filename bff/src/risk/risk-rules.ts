import type { RiskAction, RiskOperationKind, RiskRuleKind, RiskRuleView } from '@jucard/shared';
import { counts, needOf, threshold, windowOf, type CounterNeed } from './risk-counters';

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
  /** A top-up's device (the app's X-Device-Id) and payer account (`wechat:<openid>` it is paid by); null when unknown. */
  deviceId?: string | null;
  payerRef?: string | null;
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
    case 'TOPUP_VELOCITY_DEVICE':
    case 'TOPUP_VELOCITY_PAYER':
    case 'CARDS_PER_DEVICE':
    case 'CARDS_PER_PAYER':
    case 'ROUND_AMOUNT_BURST':
      return ['TOPUP'];
    case 'TOPUP_REDEEM_MIRROR':
      // judged on the sale; a top-up is only noted (its amount, for the sales after it)
      return ['TOPUP', 'REDEMPTION'];
    case 'CLAIMS_PER_DEVICE':
      return ['COUPON_CLAIM'];
    case 'MERCHANT_CONCENTRATION':
    case 'CARD_CYCLING':
      // batch rules: judged by the nightly scan of a day (RiskScan), never on one request
      return [];
  }
}

/** Whether the operation carries the subject the rule counts (a top-up without a device id has no device count). */
function knowsSubject(need: CounterNeed | null, operation: RiskOperation): boolean {
  switch (need?.subject) {
    case 'device':
      return !!operation.deviceId;
    case 'payer':
      return !!operation.payerRef;
    case 'card':
      return operation.cardId !== null;
    case 'consumer':
      return operation.consumerId !== null;
    case undefined:
      return true;
  }
}

/** Whether this enabled rule looks at this operation: its kind watches the operation, its scope covers it. */
export function appliesTo(rule: RiskRule, operation: RiskOperation): boolean {
  if (!rule.enabled || !watches(rule.kind).includes(operation.kind) || !knowsSubject(needOf(rule), operation)) return false;
  switch (rule.scope) {
    case 'platform':
      return true;
    case 'merchant':
      return rule.scopeId === operation.merchantId;
    case 'product':
      return rule.scopeId === operation.productId;
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
    case 'TOPUP_VELOCITY_DEVICE':
    case 'TOPUP_VELOCITY_PAYER': {
      const topUps = before + 1;
      const maxCount = p.maxCount ?? Number.MAX_SAFE_INTEGER;
      return topUps > maxCount ? { topUps, maxCount, windowMinutes: windowOf(p) } : null;
    }
    case 'CARDS_PER_DEVICE':
    case 'CARDS_PER_PAYER': {
      const cards = before + 1;
      const maxCount = p.maxCount ?? Number.MAX_SAFE_INTEGER;
      return cards > maxCount ? { cards, maxCount, windowMinutes: windowOf(p) } : null;
    }
    case 'ROUND_AMOUNT_BURST': {
      const need = needOf(rule);
      if (!need || !counts(need, operation)) return null;
      const roundTopUps = before + 1;
      const minCount = p.minCount ?? 3;
      return roundTopUps >= minCount ? { roundTopUps, minCount, thresholdFen: threshold(p), windowMinutes: windowOf(p) } : null;
    }
    case 'TOPUP_REDEEM_MIRROR': {
      // `counted` already includes this sale when it mirrors (0 when it does not)
      const minCount = p.minCount ?? 3;
      return operation.kind === 'REDEMPTION' && before > 0 && before >= minCount ? { mirroredSales: before, minCount, windowMinutes: p.windowMinutes ?? 10, bandFen: p.bandFen ?? 100 } : null;
    }
    case 'CLAIMS_PER_DEVICE': {
      const claimants = before + 1;
      const maxCount = p.maxCount ?? Number.MAX_SAFE_INTEGER;
      return claimants > maxCount ? { claimants, maxCount, windowMinutes: windowOf(p) } : null;
    }
    case 'MERCHANT_CONCENTRATION':
    case 'CARD_CYCLING':
      return null; // risk-scan-rules.ts judges a whole day
  }
}

/** A case is one rule on one subject while it is open: a rule tripping again on it adds to the open case. */
export function caseKey(rule: RiskRule, operation: RiskOperation): string {
  const need = needOf(rule);
  const subject =
    need?.subject === 'consumer' && operation.consumerId
      ? `consumer:${operation.consumerId}`
      : need?.subject === 'device' && operation.deviceId
        ? `device:${operation.deviceId}`
        : need?.subject === 'payer' && operation.payerRef
          ? `payer:${operation.payerRef}`
          : operation.cardId
            ? `card:${operation.cardId}`
            : `merchant:${operation.merchantId}`;
  return `${rule.id}:${subject}`;
}
