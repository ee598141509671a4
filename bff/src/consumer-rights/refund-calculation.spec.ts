import { splitRedemption } from '../redemption/deduction';
import { computeRefund, refundableTopUps, type RefundInputs } from './refund-calculation';

const calc = (inputs: RefundInputs) => {
  const outcome = computeRefund(inputs);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.calculation;
};

describe('computeRefund (gifts counted pro rata on refund)', () => {
  it('should count ¥3,594 used of ¥3,000 + ¥1,000 as ¥2,695.50 of principal and refund ¥304.50', () => {
    // bonus first: the ¥1,000 bonus is gone and ¥406 of principal is left
    const sut = calc({ paidFen: 300_000, bonusGrantedFen: 100_000, principalBalanceFen: 40_600, bonusBalanceFen: 0 });
    expect(sut).toMatchObject({ consumedFen: 359_400, consumedPrincipalFen: 269_550, refundFen: 30_450, bonusForfeitedFen: 0, fromCardFen: 30_450, fromMerchantFen: 0, toMerchantFen: 10_150 });
  });

  it.each(['BONUS_FIRST', 'PRINCIPAL_FIRST', 'PRO_RATA'] as const)('should refund the same ¥304.50 whatever the deduction order (%s)', (rule) => {
    const split = splitRedemption(rule, 359_400, 300_000, 100_000);
    const sut = calc({ paidFen: 300_000, bonusGrantedFen: 100_000, principalBalanceFen: 300_000 - split.principalFen, bonusBalanceFen: 100_000 - split.bonusFen });
    expect(sut.refundFen).toBe(30_450);
    expect(sut.fromCardFen + sut.fromMerchantFen).toBe(30_450);
    // every fen of principal on the card either goes back or to the merchant
    expect(sut.fromCardFen + sut.toMerchantFen).toBe(300_000 - split.principalFen);
  });

  it('should take from the merchant what principal-first spending paid it beyond the pro-rata count', () => {
    const sut = calc({ paidFen: 300_000, bonusGrantedFen: 100_000, principalBalanceFen: 0, bonusBalanceFen: 40_600 });
    expect(sut).toMatchObject({ refundFen: 30_450, fromCardFen: 0, fromMerchantFen: 30_450, toMerchantFen: 0, bonusForfeitedFen: 40_600 });
  });

  it.each([
    // [case, inputs, refundFen, consumedPrincipalFen]
    ['an untouched card refunds all principal', { paidFen: 50_000, bonusGrantedFen: 5_000, principalBalanceFen: 50_000, bonusBalanceFen: 5_000 }, 50_000, 0],
    ['a card without bonus refunds what is left', { paidFen: 50_000, bonusGrantedFen: 0, principalBalanceFen: 12_345, bonusBalanceFen: 0 }, 12_345, 37_655],
    ['a card spent to zero refunds nothing', { paidFen: 50_000, bonusGrantedFen: 5_000, principalBalanceFen: 0, bonusBalanceFen: 0 }, 0, 50_000],
    ['a card never topped up refunds nothing', { paidFen: 0, bonusGrantedFen: 0, principalBalanceFen: 0, bonusBalanceFen: 0 }, 0, 0],
    // ¥1 used of ¥3 + ¥1: 75 fen counted exactly
    ['an exact quarter', { paidFen: 300, bonusGrantedFen: 100, principalBalanceFen: 300, bonusBalanceFen: 0 }, 225, 75],
    // 1 fen used of ¥2 + ¥1: 0.666… fen counted → 0, the fraction stays with the consumer
    ['a fraction of a fen rounds in the consumer’s favour', { paidFen: 200, bonusGrantedFen: 100, principalBalanceFen: 199, bonusBalanceFen: 100 }, 200, 0],
    // 2 fen used of ¥2 + ¥1: 1.333… → 1
    ['the counted principal rounds down', { paidFen: 200, bonusGrantedFen: 100, principalBalanceFen: 198, bonusBalanceFen: 100 }, 199, 1],
    // ¥500 + ¥50, ¥275 used pro rata: ¥250 back (the e2e case)
    ['pro-rata spending leaves exactly the refund on the card', { paidFen: 50_000, bonusGrantedFen: 5_000, principalBalanceFen: 25_000, bonusBalanceFen: 2_500 }, 25_000, 25_000],
  ])('%s', (_case, inputs, refundFen, consumedPrincipalFen) => {
    const sut = calc(inputs);
    expect(sut.refundFen).toBe(refundFen);
    expect(sut.consumedPrincipalFen).toBe(consumedPrincipalFen);
    expect(sut.consumedPrincipalFen + sut.refundFen).toBe(inputs.paidFen);
    expect(sut.bonusForfeitedFen).toBe(inputs.bonusBalanceFen);
  });

  it('should refuse balances that the top-ups do not explain', () => {
    expect(computeRefund({ paidFen: 20_000, bonusGrantedFen: 0, principalBalanceFen: 25_000, bonusBalanceFen: 0 })).toEqual({ ok: false, reason: 'BALANCE_EXCEEDS_TOP_UPS' });
    expect(computeRefund({ paidFen: 20_000, bonusGrantedFen: 1_000, principalBalanceFen: 20_000, bonusBalanceFen: 2_000 })).toEqual({ ok: false, reason: 'BALANCE_EXCEEDS_TOP_UPS' });
  });

  it.each([[-1], [1.5], [Number.MAX_SAFE_INTEGER + 1]])('should reject %p as an amount', (bad) => {
    expect(() => computeRefund({ paidFen: bad, bonusGrantedFen: 0, principalBalanceFen: 0, bonusBalanceFen: 0 })).toThrow(RangeError);
  });

  it('should stay exact on the largest amounts (no float on money)', () => {
    const big = 4_000_000_000_000;
    const sut = calc({ paidFen: big * 3, bonusGrantedFen: big, principalBalanceFen: 1, bonusBalanceFen: 0 });
    // consumed 4·big − 1 counted at ¾: 3·big − 0.75 → 3·big − 1; refund 1 fen
    expect(sut.refundFen).toBe(1);
  });
});

describe('refundableTopUps', () => {
  it('should add several top-ups at one ratio over their sum', () => {
    // ¥3,000 + ¥1,000 and ¥500 + ¥0: paid ¥3,500, bonus ¥1,000
    expect(refundableTopUps([{ amountFen: 300_000, bonusFen: 100_000, refundedFen: 0 }, { amountFen: 50_000, bonusFen: 0, refundedFen: 0 }])).toEqual({ paidFen: 350_000, bonusGrantedFen: 100_000 });
  });

  it('should leave out what was refunded already, with its share of the bonus', () => {
    expect(refundableTopUps([{ amountFen: 50_000, bonusFen: 5_000, refundedFen: 50_000 }, { amountFen: 10_000, bonusFen: 1_000, refundedFen: 5_000 }])).toEqual({ paidFen: 5_000, bonusGrantedFen: 500 });
  });

  it('should give several top-ups one refund at their combined ratio', () => {
    const given = refundableTopUps([{ amountFen: 300_000, bonusFen: 100_000, refundedFen: 0 }, { amountFen: 100_000, bonusFen: 0, refundedFen: 0 }]);
    // ¥4,000 paid + ¥1,000 bonus, ¥1,000 left in any bucket: ¥800 back
    expect(calc({ ...given, principalBalanceFen: 100_000, bonusBalanceFen: 0 }).refundFen).toBe(80_000);
  });
});
