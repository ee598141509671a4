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
  /** A top-up's device (the app's X-Device-Id) and payer account (`wechat:<openid>` it is paid by); null when unknown. */
  deviceId?: string | null;
  payerRef?: string | null;
}

/** Who a count is about: a top-up's device and payer account count only on operations that know them. */
export type CounterSubject = 'card' | 'consumer' | 'device' | 'payer';

/** What a rule counts before it can judge; the count excludes the operation being decided. */
export type CounterNeed =
  | { metric: 'topUps'; subject: CounterSubject; windowMinutes: number }
  | { metric: 'cards'; subject: 'device' | 'payer'; windowMinutes: number }
  /** Other consumers who claimed a coupon from the device in the window (the verdict adds this one). */
  | { metric: 'claimants'; subject: 'device'; windowMinutes: number }
  | { metric: 'roundTopUpsInBand'; subject: 'consumer'; windowMinutes: number; fromFen: number; belowFen: number; roundFen: number }
  /** Sales of the card mirroring a top-up (within windowMinutes after it, within bandFen of its amount) over a day. */
  | { metric: 'mirroredSales'; subject: 'card'; windowMinutes: number; bandFen: number }
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
    case 'TOPUP_VELOCITY_DEVICE':
      return { metric: 'topUps', subject: 'device', windowMinutes: windowOf(p) };
    case 'TOPUP_VELOCITY_PAYER':
      return { metric: 'topUps', subject: 'payer', windowMinutes: windowOf(p) };
    case 'CARDS_PER_DEVICE':
      return { metric: 'cards', subject: 'device', windowMinutes: windowOf(p) };
    case 'CARDS_PER_PAYER':
      return { metric: 'cards', subject: 'payer', windowMinutes: windowOf(p) };
    case 'ROUND_AMOUNT_BURST':
      return { metric: 'roundTopUpsInBand', subject: 'consumer', windowMinutes: windowOf(p), fromFen: threshold(p) - (p.bandFen ?? 100_000), belowFen: threshold(p), roundFen: p.roundFen ?? 10_000 };
    case 'CLAIMS_PER_DEVICE':
      return { metric: 'claimants', subject: 'device', windowMinutes: windowOf(p) };
    case 'TOPUP_REDEEM_MIRROR':
      return { metric: 'mirroredSales', subject: 'card', windowMinutes: p.windowMinutes ?? 10, bandFen: p.bandFen ?? 100 };
    case 'REAL_NAME_SINGLE':
    case 'REDEMPTION_AMOUNT_SINGLE':
    case 'REPLACEMENT_BALANCE':
    case 'PAYOUT_AMOUNT':
    case 'MERCHANT_CONCENTRATION':
    case 'CARD_CYCLING':
      return null;
  }
}

/** Whether the rule judges this operation, or only notes it for later ones (a top-up, for the mirror rule's sales). */
export function judgedOn(need: CounterNeed | null, operation: RiskOperation): boolean {
  return need?.metric !== 'mirroredSales' || operation.kind === 'REDEMPTION';
}

/** Whether the operation itself adds to what the need counts (a top-up counts; one outside a band does not). */
export function counts(need: CounterNeed, operation: RiskOperation): boolean {
  switch (need.metric) {
    case 'topUps':
    case 'amountFen':
    case 'cards':
    case 'mirroredSales': // a top-up is noted; a mirrored sale is counted as it is judged (KvWindows.count)
      return operation.kind === 'TOPUP';
    case 'topUpsInBand':
      return operation.kind === 'TOPUP' && operation.amountFen >= need.fromFen && operation.amountFen < need.belowFen;
    case 'roundTopUpsInBand':
      return operation.kind === 'TOPUP' && operation.amountFen >= need.fromFen && operation.amountFen < need.belowFen && operation.amountFen % need.roundFen === 0;
    case 'paidTopUps':
    case 'claimants': // counted from the database's coupons, which hold the claim once it is made
      return false;
    case 'redemptions':
      return operation.kind === 'REDEMPTION';
  }
}

/** The key-value store keeps counts, not sums: only these needs can be counted there. */
export function countableInKv(need: CounterNeed): boolean {
  return need.metric === 'topUps' || need.metric === 'topUpsInBand' || need.metric === 'roundTopUpsInBand' || need.metric === 'redemptions' || need.metric === 'mirroredSales';
}

/**
 * The need counted over the database's top-ups of its subject (the consumer's for card and consumer needs, the
 * device's or payer's for theirs); redemptions and mirrored sales are counted by RiskService from the repository.
 */
export function countFacts(need: CounterNeed, operation: RiskOperation, facts: readonly TopUpFact[], now: Date): number {
  const since = now.getTime() - need.windowMinutes * 60_000;
  const ofSubject = facts.filter((f) => need.subject !== 'card' || f.cardId === operation.cardId);
  switch (need.metric) {
    case 'topUps':
      return ofSubject.filter((f) => f.createdAt.getTime() > since).length;
    case 'topUpsInBand':
      return ofSubject.filter((f) => f.createdAt.getTime() > since && f.amountFen >= need.fromFen && f.amountFen < need.belowFen).length;
    case 'amountFen':
      return ofSubject.filter((f) => f.createdAt.getTime() > since).reduce((sum, f) => sum + f.amountFen, 0);
    case 'roundTopUpsInBand':
      return ofSubject.filter((f) => f.createdAt.getTime() > since && f.amountFen >= need.fromFen && f.amountFen < need.belowFen && f.amountFen % need.roundFen === 0).length;
    case 'cards':
      return new Set(ofSubject.filter((f) => f.createdAt.getTime() > since && f.cardId !== operation.cardId).map((f) => f.cardId)).size;
    case 'paidTopUps':
      return ofSubject.filter((f) => f.paidAt !== null && f.paidAt.getTime() > since).length;
    case 'redemptions':
    case 'mirroredSales':
    case 'claimants':
      throw new Error('sales and coupon claims are counted from RiskRepository');
  }
}

/** A sale mirrors a top-up paid at most `windowMinutes` before it whose amount is within `bandFen` of its own. */
export function mirrors(need: Extract<CounterNeed, { metric: 'mirroredSales' }>, sale: { amountFen: number; at: Date }, topUps: readonly TopUpFact[]): boolean {
  const from = sale.at.getTime() - need.windowMinutes * 60_000;
  return topUps.some((t) => t.paidAt !== null && t.paidAt.getTime() >= from && t.paidAt.getTime() <= sale.at.getTime() && Math.abs(t.amountFen - sale.amountFen) <= need.bandFen);
}

/**
 * The mirrored sales of the card over the day, this one included when it mirrors; 0 when it does not (the rule then
 * has nothing to say, however many there were before).
 */
export function countMirrored(need: Extract<CounterNeed, { metric: 'mirroredSales' }>, operation: RiskOperation, topUps: readonly TopUpFact[], sales: ReadonlyArray<{ amountFen: number; at: Date }>, now: Date): number {
  const ofCard = topUps.filter((t) => t.cardId === operation.cardId);
  if (!mirrors(need, { amountFen: operation.amountFen, at: now }, ofCard)) return 0;
  return sales.filter((sale) => mirrors(need, sale, ofCard)).length + 1;
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
