import type { CouponTemplateInput, CouponTemplateView, TokenPair } from '@jucard/shared';
import type { TestApp } from '../support/test-app';
import { bearer } from './actors';

/** 满100减10, valid 30 days from issue, every store, one per consumer, 100 in all; override any field. */
export const couponTemplateInput = (overrides: Partial<CouponTemplateInput> = {}): CouponTemplateInput => ({
  name: '满100减10',
  description: '全场通用',
  kind: 'AMOUNT_OFF',
  amountOffFen: 1_000,
  percentOff: null,
  capFen: null,
  thresholdFen: 10_000,
  validDays: 30,
  storeIds: [],
  perConsumerLimit: 1,
  totalQuantity: 100,
  ...overrides,
});

export async function couponTemplate(t: TestApp, owner: TokenPair, overrides: Partial<CouponTemplateInput> = {}): Promise<CouponTemplateView> {
  return (await t.http.post('/merchant/coupon-templates').set(bearer(owner)).send(couponTemplateInput(overrides)).expect(201)).body as CouponTemplateView;
}
