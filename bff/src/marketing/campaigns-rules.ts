import type { CampaignChannelScope, CampaignDayResult, CampaignInput, CampaignRefusal, CampaignState, CampaignStatus, CampaignTierReward } from '@jucard/shared';
import { DomainError } from '../common/domain-error';

// The rules of top-up campaigns, with no I/O.

/** A campaign as the rules read it. */
export interface CampaignTerms {
  status: CampaignStatus;
  startsAt: Date;
  endsAt: Date;
  channelScope: CampaignChannelScope;
  storeIds: string[];
  budgetFen: number | null;
  quantity: number | null;
  spentFen: number;
  grantedCount: number;
}

function refuse(field: string, en: string, zh: string): never {
  throw new DomainError('VALIDATION_FAILED', field, { [field]: [en] }, undefined, { [field]: [zh] });
}

/** The reward packs of a new campaign or version, checked together (the DTO checks each field alone). */
export function normalizeTiers(tiers: CampaignTierReward[]): CampaignTierReward[] {
  if (tiers.length === 0) refuse('tiers', 'a campaign needs at least one tier', '请至少设置一个充值档位');
  const seen = new Set<number>();
  for (const tier of tiers) {
    if (seen.has(tier.payFen)) refuse('tiers', 'two tiers have the same amount', '充值档位金额不能重复');
    seen.add(tier.payFen);
    if (tier.bonusFen === 0 && tier.points === 0 && tier.couponTemplateIds.length === 0) {
      refuse('tiers', 'every tier needs a reward: bonus money, points or coupons', '每个档位至少设置一项奖励：赠送金、积分或优惠券');
    }
    if (tier.bonusFen > tier.payFen) refuse('tiers', 'the bonus may not exceed the amount paid', '赠送金额不能超过充值金额');
  }
  return [...tiers]
    .sort((a, b) => a.payFen - b.payFen)
    .map((t) => ({ payFen: t.payFen, bonusFen: t.bonusFen, points: t.points, couponTemplateIds: [...new Set(t.couponTemplateIds)] }));
}

/** A new campaign's window and limits, checked together. */
export function normalizeCampaign(input: CampaignInput, now: Date): { startsAt: Date; endsAt: Date; tiers: CampaignTierReward[] } {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt > startsAt)) refuse('endsAt', 'must be after startsAt', '结束时间应晚于开始时间');
  if (endsAt <= now) refuse('endsAt', 'must be in the future', '结束时间应晚于当前时间');
  if (input.budgetFen === null && input.quantity === null) refuse('budgetFen', 'give a budget, a quantity, or both', '请设置活动预算或奖励名额（至少一项）');
  const tiers = normalizeTiers(input.tiers);
  const most = Math.max(...tiers.map((t) => t.bonusFen));
  if (input.budgetFen !== null && input.budgetFen < most) refuse('budgetFen', 'the budget cannot pay even one bonus of the largest tier', '活动预算不足以发放一次最高档位的赠送金');
  return { startsAt, endsAt, tiers };
}

/** What the back office shows. */
export function campaignState(c: CampaignTerms, now: Date): CampaignState {
  switch (c.status) {
    case 'ENDED':
      return 'ENDED';
    case 'PAUSED':
      return now >= c.endsAt ? 'ENDED' : 'PAUSED';
    case 'ACTIVE':
      if (now >= c.endsAt) return 'ENDED';
      if (now < c.startsAt) return 'SCHEDULED';
      return exhaustion(c, 0) ? 'EXHAUSTED' : 'RUNNING';
  }
}

/**
 * Whether a top-up made now through `channel` (at `storeId` for the till; null online) is made under the campaign.
 * Budget and quantity are not read here: the guarded UPDATE at crediting time decides them.
 */
export function covers(c: CampaignTerms, now: Date, where: { channel: 'ONLINE' | 'OFFLINE'; storeId: string | null }): boolean {
  if (c.status !== 'ACTIVE' || now < c.startsAt || now >= c.endsAt) return false;
  if (c.channelScope !== 'ALL' && c.channelScope !== where.channel) return false;
  if (where.storeId === null) return true;
  return c.storeIds.length === 0 || c.storeIds.includes(where.storeId);
}

/** Why a grant costing `costFen` would not fit what is left, or null (the same test the guarded UPDATE makes). */
export function exhaustion(c: Pick<CampaignTerms, 'budgetFen' | 'quantity' | 'spentFen' | 'grantedCount'>, costFen: number): CampaignRefusal | null {
  if (c.quantity !== null && c.grantedCount >= c.quantity) return 'QUANTITY_EXHAUSTED';
  if (c.budgetFen !== null && (c.spentFen + costFen > c.budgetFen || (costFen === 0 && c.spentFen >= c.budgetFen))) return 'BUDGET_EXHAUSTED';
  return null;
}

/** The part of a granted reward a refund of `refundedFen` of the top-up's `amountFen` takes back, rounded up (pro rata). */
export function clawBackShare(granted: number, refundedFen: number, amountFen: number): number {
  if (amountFen <= 0 || granted <= 0) return 0;
  if (refundedFen >= amountFen) return granted;
  return Number((BigInt(granted) * BigInt(refundedFen) + BigInt(amountFen) - 1n) / BigInt(amountFen));
}

/** A campaign's results summed over days: what the results screen totals and the CSV's last row say. */
export type CampaignTotals = Omit<CampaignDayResult, 'date'>;

export const noCampaignTotals = (): CampaignTotals => ({ grants: 0, refused: 0, clawedBack: 0, costFen: 0, points: 0, coupons: 0, topUpFen: 0 });

export function addCampaignDay(t: CampaignTotals, d: CampaignTotals): CampaignTotals {
  return {
    grants: t.grants + d.grants,
    refused: t.refused + d.refused,
    clawedBack: t.clawedBack + d.clawedBack,
    costFen: t.costFen + d.costFen,
    points: t.points + d.points,
    coupons: t.coupons + d.coupons,
    topUpFen: t.topUpFen + d.topUpFen,
  };
}
