import { couponDiscountFen, couponTermsLabel, type CouponTerms } from '@jucard/shared';
import { DomainError } from '../common/domain-error';
import { CouponClaimLinks } from './coupon-claim-links';
import { couponStatus, couponValidity, normalizeTemplate, usableAt } from './coupon-rules';

const amountOff: CouponTerms = { kind: 'AMOUNT_OFF', amountOffFen: 1_000, percentOff: null, capFen: null, thresholdFen: 10_000 };
const percentOff: CouponTerms = { kind: 'PERCENT_OFF', amountOffFen: null, percentOff: 20, capFen: 2_000, thresholdFen: 0 };

describe('coupon rules', () => {
  it.each([
    ['满100减10 below its threshold', amountOff, 9_999, null],
    ['满100减10 at its threshold', amountOff, 10_000, 1_000],
    ['无门槛减10 on a sale of exactly ¥10 (the card would pay nothing)', { ...amountOff, thresholdFen: 0 }, 1_000, null],
    ['8折 rounded down to the fen', percentOff, 1_999, 399],
    ['8折 at its cap of ¥20', percentOff, 50_000, 2_000],
    ['8折 with no cap', { ...percentOff, capFen: null }, 50_000, 10_000],
    ['8折 on one fen (nothing to take off)', percentOff, 1, null],
  ])('should take the right discount off: %s', (_, terms, amountFen, expected) => {
    expect(couponDiscountFen(terms, amountFen)).toBe(expected);
  });

  it.each([
    [amountOff, '满100减10'],
    [percentOff, '8折 最高减20'],
    [{ ...amountOff, thresholdFen: 0, amountOffFen: 550 }, '无门槛减5.50'],
  ])('should say %j as "%s"', (terms, label) => {
    expect(couponTermsLabel(terms)).toBe(label);
  });

  it('should refuse a template whose validity is both fixed dates and days', () => {
    const input = { name: 'x', kind: 'AMOUNT_OFF' as const, amountOffFen: 100, percentOff: null, capFen: null, thresholdFen: 0, storeIds: [], perConsumerLimit: 1, totalQuantity: 1 };
    expect(() => normalizeTemplate({ ...input, validDays: 3, validFrom: '2030-01-01T00:00:00Z', validUntil: '2030-02-01T00:00:00Z' })).toThrow(DomainError);
    expect(normalizeTemplate({ ...input, validDays: 3 })).toMatchObject({ validDays: 3, validFrom: null, validUntil: null, amountOffFen: 100 });
  });

  it('should date a coupon from its issue for a days-valid template, and use it only at its stores while valid', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const validity = couponValidity({ validFrom: null, validUntil: null, validDays: 7 }, now);
    expect(validity.validUntil.toISOString()).toBe('2030-01-08T00:00:00.000Z');
    const coupon = { status: 'AVAILABLE' as const, ...validity };
    expect(usableAt(coupon, { storeIds: ['s1'] }, 's1', now)).toBe(true);
    expect(usableAt(coupon, { storeIds: ['s1'] }, 's2', now)).toBe(false);
    expect(couponStatus(coupon, validity.validUntil)).toBe('EXPIRED');
    expect(couponStatus({ ...coupon, status: 'USED' }, now)).toBe('USED');
  });

  it('should read back only the template a claim link was signed for', () => {
    const sut = new CouponClaimLinks('a-test-secret-of-at-least-32-characters!!');
    const token = sut.tokenFor('tpl-1');
    expect(sut.templateOf(token)).toBe('tpl-1');
    expect(sut.templateOf(`tpl-2.${token.split('.')[1]}`)).toBeNull();
    expect(sut.templateOf(new CouponClaimLinks('another-secret-of-at-least-32-characters').tokenFor('tpl-1'))).toBeNull();
    expect(sut.templateOf('no-dot')).toBeNull();
  });
});
