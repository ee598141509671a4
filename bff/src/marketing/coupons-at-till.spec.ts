import { DomainError } from '../common/domain-error';
import { CouponsAtTill, type PresentedCoupon } from './coupons-at-till';
import type { Coupon, CouponsRepository, CouponTemplate } from './coupons.repository';
import type { CouponUsesRepository } from './coupon-uses.repository';

const NOW = new Date('2026-12-03T08:00:00.000Z');
const STORE = 'b3c1a7f2-0d4e-4c8a-9f61-2a7b5e9d0c11';
const OTHER_STORE = 'c9d8e7f6-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

const template: CouponTemplate = {
  id: 'tpl-1',
  merchantId: 'm-1',
  name: '满100减10',
  description: '全场通用',
  kind: 'AMOUNT_OFF',
  amountOffFen: 1_000,
  percentOff: null,
  capFen: null,
  thresholdFen: 10_000,
  validFrom: null,
  validUntil: null,
  validDays: 30,
  storeIds: [],
  perConsumerLimit: 1,
  totalQuantity: 100,
  issuedCount: 1,
  status: 'ACTIVE',
  createdBy: 'staff-1',
  createdAt: NOW,
  updatedAt: NOW,
};

const coupon: Coupon = {
  id: 'cp-1',
  templateId: 'tpl-1',
  merchantId: 'm-1',
  consumerId: 'c-1',
  ordinal: 1,
  grantKey: 'open-x',
  source: 'ISSUED',
  validFrom: new Date('2026-12-01T00:00:00.000Z'),
  validUntil: new Date('2026-12-31T00:00:00.000Z'),
  status: 'AVAILABLE',
  redemptionId: null,
  usedAt: null,
  issuedBy: null,
  issuedAt: NOW,
  deviceId: null,
};

const sale: PresentedCoupon = { couponId: 'cp-1', cardId: 'card-1', merchantId: 'm-1', storeId: STORE, listPriceFen: 12_000 };

describe('CouponsAtTill.check', () => {
  let forCards: jest.Mock;
  let sut: CouponsAtTill;

  const holding = (held: Partial<Coupon> = {}, terms: Partial<CouponTemplate> = {}) =>
    forCards.mockResolvedValue(new Map([['cp-1|card-1', { coupon: { ...coupon, ...held }, template: { ...template, ...terms }, cardId: 'card-1' }]]));

  beforeEach(() => {
    forCards = jest.fn().mockResolvedValue(new Map());
    sut = new CouponsAtTill({ forCards } as unknown as CouponsRepository, {} as CouponUsesRepository, { now: () => NOW });
  });

  it('should price a usable coupon as the sale would: what it takes off and what the card pays', async () => {
    holding();
    await expect(sut.check(sale)).resolves.toMatchObject({ couponId: 'cp-1', usable: true, reason: null, amountFen: 12_000, discountFen: 1_000, payFen: 11_000, status: 'AVAILABLE' });
    expect(forCards).toHaveBeenCalledWith([{ couponId: 'cp-1', cardId: 'card-1' }]);
  });

  it.each([
    ['below its threshold', {}, {}, 9_999, 'COUPON_NOT_USABLE'],
    ['used', { status: 'USED' as const }, {}, 12_000, 'COUPON_USED'],
    ['expired', { validUntil: new Date('2026-12-02T00:00:00.000Z') }, {}, 12_000, 'COUPON_NOT_USABLE'],
    ['not yet valid', { validFrom: new Date('2026-12-04T00:00:00.000Z') }, {}, 12_000, 'COUPON_NOT_USABLE'],
    ['at a store it does not take', {}, { storeIds: [OTHER_STORE] }, 12_000, 'COUPON_NOT_USABLE'],
  ])('should answer a coupon %s as not usable, taking nothing off', async (_, held, terms, listPriceFen, reason) => {
    holding(held, terms);
    await expect(sut.check({ ...sale, listPriceFen })).resolves.toMatchObject({ usable: false, reason, discountFen: 0, payFen: listPriceFen });
  });

  it.each([
    ['unknown for this card', undefined],
    ['of another merchant', 'm-2'],
  ])('should refuse a coupon %s as not found', async (_, merchantId) => {
    if (merchantId) holding({ merchantId });
    const refused = await sut.check(sale).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'COUPON_NOT_FOUND' });
  });
});
