import type { RiskRuleParameters } from '@jucard/shared';
import type { RiskOperation, RiskRule } from './risk-rules';

// What rules count before they judge (docs/risk.md, "Counters"): each rule kind's need, whether an operation adds to
// it, whether the key-value store can keep it, and the counts over the database's facts.

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

const DAY_MINUTES = 1440;
/** A rule's window in minutes: a day unless it says otherwise. */
export const windowOf = (p: RiskRuleParameters) => p.windowMinutes ?? DAY_MINUTES;
/** A rule's amount threshold in fen: ¥10,000 unless it says otherwise. */
export const threshold = (p: RiskRuleParameters) => p.thresholdFen ?? 1_000_000;

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
