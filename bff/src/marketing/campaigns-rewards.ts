import { Injectable } from '@nestjs/common';
import { businessDayOf, type CampaignTierReward } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { exhaustion } from './campaigns-rules';
import { CampaignsRepository, type CampaignGrant } from './campaigns.repository';
import { CouponsRepository } from './coupons.repository';
import { CouponGrants } from './coupon-grants';

/** A top-up made under a campaign, as the crediting transaction knows it. */
export interface CampaignTopUp {
  id: string;
  merchantId: string;
  cardId: string;
  consumerId: string;
  amountFen: number;
  campaignId: string;
  campaignVersion: number;
}

/** What a paid top-up earned: the ledger legs are the caller's (bonus on BONUS, points on POINTS). */
export interface EarnedReward {
  bonusFen: number;
  points: number;
  couponIds: string[];
}

const NOTHING: EarnedReward = { bonusFen: 0, points: 0, couponIds: [] };

/**
 * The rewards of a paid top-up made under a campaign, granted inside the transaction that credits it: the campaign's
 * budget and quantity taken by one guarded UPDATE (the truth under any concurrency), the coupons through the coupon
 * service's grant, and one campaign_grants row per order recording what was earned or why nothing was. A refund
 * of the top-up claws back what is still unused.
 */
@Injectable()
export class CampaignRewards {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly grants: CouponGrants,
    private readonly couponRecords: CouponsRepository,
    private readonly clock: Clock,
  ) {}

  /** The pack of the order's tier under the version it was created with (read before the transaction). */
  async packOf(order: Pick<CampaignTopUp, 'campaignId' | 'campaignVersion' | 'amountFen'>): Promise<CampaignTierReward | null> {
    const tiers = await this.campaigns.tiersOf(order.campaignId, order.campaignVersion);
    return tiers.find((t) => t.payFen === order.amountFen) ?? null;
  }

  /**
   * Grants the pack, or records why not (budget or quantity exhausted: the top-up's principal is credited all the
   * same). The order is credited once (its guarded PAID), so this runs once per order; the grant row's primary
   * key on the order is the backstop.
   */
  async grantWithin(em: EntityManager, order: CampaignTopUp, pack: CampaignTierReward | null): Promise<EarnedReward> {
    const now = this.clock.now();
    const base = {
      orderId: order.id,
      campaignId: order.campaignId,
      version: order.campaignVersion,
      merchantId: order.merchantId,
      cardId: order.cardId,
      consumerId: order.consumerId,
      amountFen: order.amountFen,
      businessDate: businessDayOf(now),
      createdAt: now,
      clawedBackAt: null,
    };
    if (!pack) return NOTHING;
    const costFen = pack.bonusFen;
    if (!(await this.campaigns.takeGrant(em, order.campaignId, costFen, now))) {
      const campaign = await this.campaigns.campaign(order.campaignId, undefined, em);
      const reason = (campaign && exhaustion(campaign, costFen)) ?? 'BUDGET_EXHAUSTED';
      await this.campaigns.insertGrant(em, { ...base, status: 'REFUSED', reason, bonusFen: 0, points: 0, couponIds: [], costFen: 0 });
      return NOTHING;
    }
    const couponIds: string[] = [];
    for (const templateId of pack.couponTemplateIds) {
      const coupon = await this.grants.grantForTopUp(em, templateId, order.merchantId, order.consumerId, `campaign:${order.id}`);
      if (coupon) couponIds.push(coupon.id);
    }
    const earned = { bonusFen: pack.bonusFen, points: pack.points, couponIds };
    await this.campaigns.insertGrant(em, { ...base, status: 'GRANTED', reason: null, ...earned, costFen });
    return earned;
  }

  /**
   * A refund of these top-ups takes back their campaign rewards: the coupons still unused end now, the grants are
   * marked clawed back, and the points granted are returned for the caller's ledger legs (the bonus goes back with
   * the refund's own bonus forfeit, counted from the order's bonus).
   */
  async clawBackWithin(em: EntityManager, orderIds: string[]): Promise<{ points: number; grants: CampaignGrant[] }> {
    const grants = await this.campaigns.grantedOf(em, orderIds);
    const now = this.clock.now();
    let points = 0;
    const taken: CampaignGrant[] = [];
    for (const grant of grants) {
      if (!(await this.campaigns.recordClawBack(em, grant, now))) continue;
      await this.couponRecords.voidUnused(em, grant.couponIds, now);
      points += grant.points;
      taken.push(grant);
    }
    return { points, grants: taken };
  }
}
