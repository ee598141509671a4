import type { RiskRuleKind, RiskRuleParameters } from '@jucard/shared';
import { appliesTo, caseKey, outcomeOf, verdict, type RiskOperation, type RiskRule } from './risk-rules';
import { countFacts, countMirrored, judgedOn, needOf, type TopUpFact } from './risk-counters';

const rule = (kind: RiskRuleKind, parameters: RiskRuleParameters, overrides: Partial<RiskRule> = {}): RiskRule => ({
  id: `r.${kind}`,
  version: 1,
  scope: 'platform',
  scopeId: null,
  kind,
  parameters,
  action: 'review',
  reason: 'test',
  enabled: true,
  editedBy: null,
  createdAt: new Date(0),
  ...overrides,
});
const topUp = (amountFen: number, overrides: Partial<RiskOperation> = {}): RiskOperation => ({
  kind: 'TOPUP',
  id: 'o',
  consumerId: 'c',
  cardId: 'card-1',
  merchantId: 'm',
  productId: 'p',
  amountFen,
  ...overrides,
});
const now = new Date('2026-11-25T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const fact = (amountFen: number, minutesAgo: number, cardId = 'card-1', paidMinutesAgo: number | null = null): TopUpFact => ({
  cardId,
  amountFen,
  createdAt: ago(minutesAgo),
  paidAt: paidMinutesAgo === null ? null : ago(paidMinutesAgo),
});

describe('risk rules', () => {
  it('should let the most severe tripped action decide, allow when none tripped', () => {
    expect(outcomeOf([])).toBe('allow');
    expect(outcomeOf(['review', 'block', 'hold'])).toBe('block');
    expect(outcomeOf(['allow', 'review'])).toBe('review');
  });

  it.each([
    ['platform', null, true],
    ['merchant', 'm', true],
    ['merchant', 'other', false],
    ['product', 'p', true],
    ['product', 'other', false],
  ] as const)('should apply a %s rule scoped to %s: %s', (scope, scopeId, applies) => {
    expect(appliesTo(rule('TOPUP_VELOCITY_CARD', { maxCount: 1 }, { scope, scopeId }), topUp(100))).toBe(applies);
  });

  it('should not apply a disabled rule, nor a top-up rule to a refund', () => {
    expect(appliesTo(rule('TOPUP_VELOCITY_CARD', {}, { enabled: false }), topUp(100))).toBe(false);
    expect(appliesTo(rule('TOPUP_VELOCITY_CARD', {}), topUp(100, { kind: 'BALANCE_REFUND' }))).toBe(false);
    expect(appliesTo(rule('REFUND_AFTER_TOPUP', {}), topUp(100, { kind: 'COOLING_OFF_REFUND' }))).toBe(true);
  });

  it('should count the card, the consumer and the window apart', () => {
    const facts = [fact(100, 10), fact(100, 30, 'card-2'), fact(100, 90)];
    expect(countFacts(needOf(rule('TOPUP_VELOCITY_CARD', { windowMinutes: 60 }))!, topUp(100), facts, now)).toBe(1);
    expect(countFacts(needOf(rule('TOPUP_VELOCITY_CONSUMER', { windowMinutes: 60 }))!, topUp(100), facts, now)).toBe(2);
    expect(countFacts(needOf(rule('TOPUP_AMOUNT_CONSUMER', { windowMinutes: 1440 }))!, topUp(100), facts, now)).toBe(300);
  });

  it('should trip a velocity rule on the top-up beyond maxCount, this one included', () => {
    const r = rule('TOPUP_VELOCITY_CARD', { windowMinutes: 60, maxCount: 3 });
    expect(verdict(r, topUp(100), 2)).toBeNull();
    expect(verdict(r, topUp(100), 3)).toEqual({ topUps: 4, maxCount: 3, windowMinutes: 60 });
  });

  it('should trip the amount rule only above maxFen', () => {
    const r = rule('TOPUP_AMOUNT_CONSUMER', { maxFen: 10_000 });
    expect(verdict(r, topUp(4_000), 6_000)).toBeNull();
    expect(verdict(r, topUp(4_001), 6_000)).toMatchObject({ amountFen: 10_001, maxFen: 10_000 });
  });

  it('should trip the real-name rules at the threshold, single and summed', () => {
    expect(verdict(rule('REAL_NAME_SINGLE', { thresholdFen: 1_000_000 }), topUp(999_999), null)).toBeNull();
    expect(verdict(rule('REAL_NAME_SINGLE', { thresholdFen: 1_000_000 }), topUp(1_000_000), null)).toEqual({ amountFen: 1_000_000, thresholdFen: 1_000_000 });
    expect(verdict(rule('REAL_NAME_DAILY', { thresholdFen: 1_000_000 }), topUp(400_000), 600_000)).toMatchObject({ amountFen: 1_000_000 });
  });

  it('should see structuring in the third top-up just under the threshold, not in one outside the band', () => {
    const r = rule('STRUCTURING', { thresholdFen: 1_000_000, bandFen: 100_000, minCount: 3, windowMinutes: 1440 });
    const facts = [fact(950_000, 100), fact(990_000, 50), fact(500_000, 40), fact(1_000_000, 30)];
    const counted = countFacts(needOf(r)!, topUp(960_000), facts, now);
    expect(counted).toBe(2);
    expect(verdict(r, topUp(960_000), counted)).toMatchObject({ topUpsJustUnder: 3, minCount: 3 });
    expect(verdict(r, topUp(500_000), counted)).toBeNull();
  });

  it('should see a refund of a card topped up (paid) within the window', () => {
    const r = rule('REFUND_AFTER_TOPUP', { windowMinutes: 60 });
    const refund = topUp(0, { kind: 'BALANCE_REFUND' });
    expect(countFacts(needOf(r)!, refund, [fact(5_000, 200, 'card-1', 30), fact(5_000, 20, 'card-2', 10)], now)).toBe(1);
    expect(verdict(r, refund, 1)).toEqual({ recentTopUps: 1, windowMinutes: 60 });
    expect(verdict(r, refund, 0)).toBeNull();
  });

  it('should key an open case by rule and card, or rule and consumer', () => {
    expect(caseKey(rule('TOPUP_VELOCITY_CARD', {}), topUp(1))).toBe('r.TOPUP_VELOCITY_CARD:card:card-1');
    expect(caseKey(rule('TOPUP_AMOUNT_CONSUMER', {}), topUp(1))).toBe('r.TOPUP_AMOUNT_CONSUMER:consumer:c');
  });

  it('should count distinct other cards per device and trip past maxCount, and skip a top-up without a device id', () => {
    const r = rule('CARDS_PER_DEVICE', { windowMinutes: 1440, maxCount: 2 });
    const op = topUp(10_000, { deviceId: 'dev-12345678', cardId: 'card-9' });
    expect(appliesTo(r, topUp(10_000))).toBe(false);
    expect(appliesTo(r, op)).toBe(true);
    const facts = [fact(1_000, 5, 'card-1'), fact(1_000, 6, 'card-1'), fact(1_000, 7, 'card-2'), fact(1_000, 2_000, 'card-3'), fact(1_000, 8, 'card-9')];
    const counted = countFacts(needOf(r)!, op, facts, now);
    expect(counted).toBe(2); // card-1 and card-2 in the day; card-3 too old; card-9 is this one's
    expect(verdict(r, op, counted)).toEqual({ cards: 3, maxCount: 2, windowMinutes: 1440 });
    expect(verdict(r, op, 1)).toBeNull();
    expect(caseKey(r, op)).toBe('r.CARDS_PER_DEVICE:device:dev-12345678');
  });

  it('should count round top-ups just under the cap for a burst, and not an odd amount', () => {
    const r = rule('ROUND_AMOUNT_BURST', { windowMinutes: 60, thresholdFen: 100_000, bandFen: 50_000, roundFen: 10_000, minCount: 3 });
    const facts = [fact(90_000, 5), fact(80_000, 10), fact(85_050, 12), fact(40_000, 15), fact(90_000, 90)];
    const counted = countFacts(needOf(r)!, topUp(90_000), facts, now);
    expect(counted).toBe(2);
    expect(verdict(r, topUp(90_000), counted)).toEqual({ roundTopUps: 3, minCount: 3, thresholdFen: 100_000, windowMinutes: 60 });
    expect(verdict(r, topUp(89_990), counted)).toBeNull();
  });

  it('should count a sale that mirrors a top-up of its card minutes before, and only on sales', () => {
    const r = rule('TOPUP_REDEEM_MIRROR', { windowMinutes: 10, bandFen: 500, minCount: 3 });
    const need = needOf(r)!;
    if (need.metric !== 'mirroredSales') throw new Error('mirroredSales');
    const sale: RiskOperation = { ...topUp(49_800), kind: 'REDEMPTION' };
    expect(judgedOn(need, topUp(50_000))).toBe(false);
    expect(judgedOn(need, sale)).toBe(true);
    const topUps = [fact(50_000, 3, 'card-1', 2), fact(30_000, 200, 'card-1', 199), fact(50_000, 3, 'card-2', 2)];
    const earlier = [
      { amountFen: 30_000, at: ago(195) }, // mirrors the top-up 199 minutes ago
      { amountFen: 10_000, at: ago(100) }, // mirrors nothing
    ];
    expect(countMirrored(need, sale, topUps, earlier, now)).toBe(2);
    expect(verdict(r, sale, 2)).toBeNull();
    expect(verdict(r, sale, 3)).toEqual({ mirroredSales: 3, minCount: 3, windowMinutes: 10, bandFen: 500 });
    expect(countMirrored(need, { ...sale, amountFen: 40_000 }, topUps, earlier, now)).toBe(0);
  });
});
