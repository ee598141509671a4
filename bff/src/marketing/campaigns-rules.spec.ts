import { DomainError } from '../common/domain-error';
import { campaignState, clawBackShare, covers, exhaustion, normalizeTiers, type CampaignTerms } from './campaigns-rules';

const now = new Date('2026-12-12T04:00:00.000Z');
const terms = (overrides: Partial<CampaignTerms> = {}): CampaignTerms => ({
  status: 'ACTIVE',
  startsAt: new Date('2026-12-12T00:00:00.000Z'),
  endsAt: new Date('2026-12-13T00:00:00.000Z'),
  channelScope: 'ALL',
  storeIds: [],
  budgetFen: 10_000,
  quantity: null,
  spentFen: 0,
  grantedCount: 0,
  ...overrides,
});

describe('campaign rules', () => {
  it.each([
    ['RUNNING', {}],
    ['SCHEDULED', { startsAt: new Date('2026-12-12T05:00:00.000Z') }],
    ['ENDED', { endsAt: now }],
    ['ENDED', { status: 'PAUSED', endsAt: now }],
    ['PAUSED', { status: 'PAUSED' }],
    ['EXHAUSTED', { spentFen: 10_000 }],
    ['EXHAUSTED', { budgetFen: null, quantity: 3, grantedCount: 3 }],
  ] as const)('should read %s off %j', (state, overrides) => {
    expect(campaignState(terms(overrides as Partial<CampaignTerms>), now)).toBe(state);
  });

  it('should cover online top-ups unless the scope is the till, and till top-ups only at its stores', () => {
    expect(covers(terms(), now, { channel: 'ONLINE', storeId: null })).toBe(true);
    expect(covers(terms({ channelScope: 'OFFLINE' }), now, { channel: 'ONLINE', storeId: null })).toBe(false);
    expect(covers(terms({ storeIds: ['s1'] }), now, { channel: 'OFFLINE', storeId: 's2' })).toBe(false);
    expect(covers(terms({ storeIds: ['s1'] }), now, { channel: 'OFFLINE', storeId: 's1' })).toBe(true);
    expect(covers(terms({ status: 'PAUSED' }), now, { channel: 'ONLINE', storeId: null })).toBe(false);
  });

  it('should refuse a grant that would pass the budget or the quantity, as the guarded UPDATE does', () => {
    expect(exhaustion(terms({ spentFen: 9_900 }), 100)).toBeNull();
    expect(exhaustion(terms({ spentFen: 9_901 }), 100)).toBe('BUDGET_EXHAUSTED');
    expect(exhaustion(terms({ spentFen: 10_000 }), 0)).toBe('BUDGET_EXHAUSTED');
    expect(exhaustion(terms({ budgetFen: null, quantity: 1, grantedCount: 1 }), 0)).toBe('QUANTITY_EXHAUSTED');
  });

  it('should sort tiers by amount and refuse a tier without a reward or a bonus above what is paid', () => {
    expect(normalizeTiers([{ payFen: 50_000, bonusFen: 5_000, points: 0, couponTemplateIds: [] }, { payFen: 10_000, bonusFen: 0, points: 10, couponTemplateIds: [] }]).map((t) => t.payFen)).toEqual([10_000, 50_000]);
    expect(() => normalizeTiers([{ payFen: 10_000, bonusFen: 0, points: 0, couponTemplateIds: [] }])).toThrow(DomainError);
    expect(() => normalizeTiers([{ payFen: 10_000, bonusFen: 10_001, points: 0, couponTemplateIds: [] }])).toThrow(DomainError);
  });

  it('should claw back a refunded share rounded up, and all of it for a full refund', () => {
    expect(clawBackShare(100, 50_000, 50_000)).toBe(100);
    expect(clawBackShare(100, 10_000, 30_000)).toBe(34);
    expect(clawBackShare(0, 10_000, 30_000)).toBe(0);
  });
});
