import type { CouponStatus, CouponTemplateInput, CouponTerms } from '@jucard/shared';
import { DomainError } from '../common/domain-error';
import type { Coupon, CouponTemplate } from './coupons.repository';

// The rules of coupon templates and coupons, with no I/O.

const DAY_MS = 86_400_000;

export interface TemplateRules extends CouponTerms {
  validFrom: Date | null;
  validUntil: Date | null;
  validDays: number | null;
}

function refuse(field: string, en: string, zh: string): never {
  throw new DomainError('VALIDATION_FAILED', field, { [field]: [en] }, undefined, { [field]: [zh] });
}

/** The terms and validity of a new template, checked together (the DTO checks each field alone). */
export function normalizeTemplate(input: CouponTemplateInput): TemplateRules {
  const terms: CouponTerms = { kind: input.kind, amountOffFen: null, percentOff: null, capFen: null, thresholdFen: input.thresholdFen };
  switch (input.kind) {
    case 'AMOUNT_OFF':
      if (!input.amountOffFen) refuse('amountOffFen', 'an amount-off coupon needs the amount it takes off', '请填写减免金额');
      terms.amountOffFen = input.amountOffFen;
      break;
    case 'PERCENT_OFF':
      if (!input.percentOff) refuse('percentOff', 'a percentage coupon needs its percentage', '请填写折扣');
      terms.percentOff = input.percentOff;
      terms.capFen = input.capFen ?? null;
      break;
  }
  if (input.perConsumerLimit > input.totalQuantity) refuse('perConsumerLimit', 'must not exceed the total quantity', '每人限领不能超过发行总量');
  if (input.validDays) {
    if (input.validFrom || input.validUntil) refuse('validDays', 'give either fixed dates or a number of days, not both', '有效期请选择固定日期或领取后天数中的一种');
    return { ...terms, validFrom: null, validUntil: null, validDays: input.validDays };
  }
  if (!input.validFrom || !input.validUntil) refuse('validUntil', 'give the validity: fixed dates or a number of days', '请填写有效期');
  const validFrom = new Date(input.validFrom);
  const validUntil = new Date(input.validUntil);
  if (!(validUntil > validFrom)) refuse('validUntil', 'must be after validFrom', '结束时间应晚于开始时间');
  return { ...terms, validFrom, validUntil, validDays: null };
}

/** The validity of a coupon issued now: the template's fixed dates, or N days from now. */
export function couponValidity(template: Pick<CouponTemplate, 'validFrom' | 'validUntil' | 'validDays'>, now: Date): { validFrom: Date; validUntil: Date } {
  if (template.validDays !== null) return { validFrom: now, validUntil: new Date(now.getTime() + template.validDays * DAY_MS) };
  return { validFrom: template.validFrom!, validUntil: template.validUntil! };
}

/** Why no coupon of this template can be issued now, or null (the quantity is decided by the guarded UPDATE). */
export function issueRefusal(template: Pick<CouponTemplate, 'status' | 'validUntil'>, now: Date): 'COUPON_TEMPLATE_STOPPED' | 'COUPON_TEMPLATE_ENDED' | null {
  if (template.status !== 'ACTIVE') return 'COUPON_TEMPLATE_STOPPED';
  if (template.validUntil && template.validUntil <= now) return 'COUPON_TEMPLATE_ENDED';
  return null;
}

/** What the holder sees: used, past its validity, or available. */
export function couponStatus(coupon: Pick<Coupon, 'status' | 'validUntil'>, now: Date): CouponStatus {
  if (coupon.status === 'USED') return 'USED';
  return coupon.validUntil <= now ? 'EXPIRED' : 'AVAILABLE';
}

/** Whether the coupon can pay part of a sale at `storeId` now: available, started, and accepted at that store. */
export function usableAt(coupon: Pick<Coupon, 'status' | 'validFrom' | 'validUntil'>, template: Pick<CouponTemplate, 'storeIds'>, storeId: string, now: Date): boolean {
  if (couponStatus(coupon, now) !== 'AVAILABLE' || coupon.validFrom > now) return false;
  return template.storeIds.length === 0 || template.storeIds.includes(storeId);
}
