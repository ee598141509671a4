import { DomainError } from '../common/domain-error';
import type { CardProductDto } from './card-products.dto';
import { normalizeProductRules } from './card-product-rules';

const product = (overrides: Partial<CardProductDto> = {}): CardProductDto => ({
  name: '储值卡',
  coverStyle: 'jade',
  kind: 'NAMED',
  tiers: [{ payFen: 50_000, bonusFen: 5_000 }],
  allowCustomAmount: true,
  minTopUpFen: 1_000,
  storeIds: [],
  deductionRule: 'PRO_RATA',
  pointsPerYuan: 1,
  description: '',
  ...overrides,
});

function fieldErrors(input: CardProductDto): Record<string, string[]> {
  try {
    normalizeProductRules(input);
  } catch (error) {
    if (error instanceof DomainError) return error.fieldErrors ?? {};
    throw error;
  }
  throw new Error('expected the rules to refuse the product');
}

describe('normalizeProductRules', () => {
  it('should default a named card to ¥5,000 and no expiry', () => {
    expect(normalizeProductRules(product())).toEqual({ maxBalanceFen: 500_000, validityMonths: null });
  });

  it('should default an anonymous card to ¥1,000 and 36 months', () => {
    expect(normalizeProductRules(product({ kind: 'ANONYMOUS', tiers: [{ payFen: 20_000, bonusFen: 0 }] }))).toEqual({
      maxBalanceFen: 100_000,
      validityMonths: 36,
    });
  });

  it.each<[string, Partial<CardProductDto>, string]>([
    ['a named card above ¥5,000', { maxBalanceFen: 500_001 }, 'maxBalanceFen'],
    ['an anonymous card above ¥1,000', { kind: 'ANONYMOUS', maxBalanceFen: 100_001, tiers: [] }, 'maxBalanceFen'],
    ['an anonymous card valid under 3 years', { kind: 'ANONYMOUS', validityMonths: 24, tiers: [] }, 'validityMonths'],
    ['a named card with an expiry', { validityMonths: 36 }, 'validityMonths'],
    ['a bonus above the amount paid', { tiers: [{ payFen: 100, bonusFen: 101 }] }, 'tiers.0.bonusFen'],
    ['two tiers of the same amount', { tiers: [{ payFen: 100, bonusFen: 0 }, { payFen: 100, bonusFen: 1 }] }, 'tiers.1.payFen'],
    ['no way to top up', { tiers: [], allowCustomAmount: false }, 'tiers'],
    ['a tier beyond the balance cap', { tiers: [{ payFen: 500_000, bonusFen: 1 }] }, 'tiers.0.payFen'],
  ])('should refuse %s', (_label, overrides, field) => {
    expect(Object.keys(fieldErrors(product(overrides)))).toContain(field);
  });
});
