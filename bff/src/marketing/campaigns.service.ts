import { Injectable } from '@nestjs/common';
import type { CampaignOfferView, CampaignResultsView, CampaignTierReward, CampaignView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsService } from '../merchants/merchants.service';
import { addCampaignDay, campaignState, covers, noCampaignTotals, normalizeCampaign, normalizeTiers } from './campaigns-rules';
import { CampaignsRepository, type Campaign } from './campaigns.repository';
import type { CampaignDto, CampaignRewardsDto } from './campaigns.dto';
import { CouponsRepository } from './coupons.repository';

/** The campaign a top-up is created under, and what its tier earns under the version of now. */
export interface CampaignOffer {
  campaignId: string;
  version: number;
  tier: CampaignTierReward;
}

/**
 * Top-up campaigns (充值活动): a merchant creates one (window, scope, budget and/or quantity, a reward pack per
 * tier), pauses and resumes it, and changes its packs — each change a new version, so a top-up created under an
 * earlier one keeps what it was offered. What a paid top-up earns is granted by CampaignRewards in the crediting
 * transaction.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly coupons: CouponsRepository,
    private readonly merchants: MerchantsService,
    private readonly cards: CardsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async create(staff: StaffPrincipal, input: CampaignDto): Promise<CampaignView> {
    await this.merchants.requireOperating(staff);
    const now = this.clock.now();
    const limits = { budgetFen: input.budgetFen ?? null, quantity: input.quantity ?? null };
    const { startsAt, endsAt, tiers } = normalizeCampaign({ ...input, ...limits }, now);
    await this.merchants.requireOwnStores(undefined, staff.merchantId, input.storeIds);
    await this.requireOwnTemplates(staff.merchantId, tiers);
    const campaign: Campaign = {
      id: this.ids.uuid(),
      merchantId: staff.merchantId,
      name: input.name.trim(),
      status: 'ACTIVE',
      startsAt,
      endsAt,
      channelScope: input.channelScope,
      storeIds: [...new Set(input.storeIds)],
      ...limits,
      spentFen: 0,
      grantedCount: 0,
      version: 1,
      createdBy: staff.staffId,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async (em) => {
      await this.campaigns.insertCampaign(em, campaign);
      await this.campaigns.insertVersion(em, { campaignId: campaign.id, version: 1, tiers, createdBy: staff.staffId, createdAt: now });
      await this.audit.record(em, {
        actorType: 'staff',
        actorId: staff.staffId,
        action: 'campaign.created',
        targetType: 'campaign',
        targetId: campaign.id,
        detail: { name: campaign.name, budgetFen: campaign.budgetFen, quantity: campaign.quantity, tiers },
      });
    });
    return this.view(campaign, tiers);
  }

  async list(staff: StaffPrincipal): Promise<CampaignView[]> {
    const all = await this.campaigns.campaignsOf(staff.merchantId);
    return Promise.all(all.map(async (c) => this.view(c, await this.campaigns.tiersOf(c.id, c.version))));
  }

  async get(staff: StaffPrincipal, campaignId: string): Promise<CampaignView> {
    const campaign = await this.own(staff.merchantId, campaignId);
    return this.view(campaign, await this.campaigns.tiersOf(campaign.id, campaign.version));
  }

  /** New reward packs: a new version. Top-ups created before keep theirs (topup_orders.campaign_version). */
  async changeRewards(staff: StaffPrincipal, campaignId: string, input: CampaignRewardsDto): Promise<CampaignView> {
    await this.merchants.requireOperating(staff);
    const campaign = await this.own(staff.merchantId, campaignId);
    if (campaignState(campaign, this.clock.now()) === 'ENDED') throw new DomainError('CAMPAIGN_ENDED');
    const tiers = normalizeTiers(input.tiers);
    const most = Math.max(...tiers.map((t) => t.bonusFen));
    if (campaign.budgetFen !== null && campaign.budgetFen < most) {
      throw new DomainError('VALIDATION_FAILED', 'tiers', { tiers: ['the budget cannot pay even one bonus of the largest tier'] }, undefined, { tiers: ['活动预算不足以发放一次最高档位的赠送金'] });
    }
    await this.requireOwnTemplates(staff.merchantId, tiers);
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      if (!(await this.campaigns.bumpVersion(em, campaign.id, campaign.version, now))) throw new DomainError('CONFLICT', 'the campaign changed meanwhile');
      await this.campaigns.insertVersion(em, { campaignId: campaign.id, version: campaign.version + 1, tiers, createdBy: staff.staffId, createdAt: now });
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'campaign.rewards_changed', targetType: 'campaign', targetId: campaign.id, detail: { version: campaign.version + 1, tiers } });
    });
    return this.get(staff, campaign.id);
  }

  async pause(staff: StaffPrincipal, campaignId: string): Promise<CampaignView> {
    return this.move(staff, campaignId, 'ACTIVE', 'PAUSED', 'campaign.paused', 'CAMPAIGN_NOT_RUNNING');
  }

  async resume(staff: StaffPrincipal, campaignId: string): Promise<CampaignView> {
    return this.move(staff, campaignId, 'PAUSED', 'ACTIVE', 'campaign.resumed', 'CAMPAIGN_NOT_PAUSED');
  }

  async results(staff: StaffPrincipal, campaignId: string): Promise<CampaignResultsView> {
    const campaign = await this.own(staff.merchantId, campaignId);
    const days = await this.campaigns.resultsByDay(campaign.id);
    const totals = days.reduce(addCampaignDay, noCampaignTotals());
    return { campaignId: campaign.id, totals, days };
  }

  /**
   * The campaign a top-up of `amountFen` made now online is made under — the newest running campaign of the
   * merchant that covers online top-ups (the one the top-up page shows) — with its tier of that amount under the
   * version of now; null when there is none or it has no such tier (the product's tiers apply).
   */
  async offerFor(merchantId: string, amountFen: number): Promise<CampaignOffer | null> {
    const campaign = await this.onlineCampaign(merchantId);
    if (!campaign) return null;
    const tier = (await this.campaigns.tiersOf(campaign.id, campaign.version)).find((t) => t.payFen === amountFen);
    return tier ? { campaignId: campaign.id, version: campaign.version, tier } : null;
  }

  /** What the consumer's top-up page shows for a card: the newest running online campaign of its merchant, or null. */
  async offerOfCard(consumer: ConsumerPrincipal, cardId: string): Promise<CampaignOfferView | null> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    const campaign = await this.onlineCampaign(card.merchantId);
    if (!campaign) return null;
    const tiers = await this.campaigns.tiersOf(campaign.id, campaign.version);
    const names = new Map<string, string>();
    for (const id of new Set(tiers.flatMap((t) => t.couponTemplateIds))) names.set(id, (await this.coupons.template(id, card.merchantId))?.name ?? '');
    return {
      campaignId: campaign.id,
      name: campaign.name,
      endsAt: campaign.endsAt.toISOString(),
      tiers: tiers.map((t) => ({ payFen: t.payFen, bonusFen: t.bonusFen, points: t.points, coupons: t.couponTemplateIds.map((id) => ({ templateId: id, name: names.get(id) ?? '' })) })),
    };
  }

  private async move(staff: StaffPrincipal, campaignId: string, from: Campaign['status'], to: Campaign['status'], action: string, refusal: 'CAMPAIGN_NOT_RUNNING' | 'CAMPAIGN_NOT_PAUSED'): Promise<CampaignView> {
    await this.merchants.requireOperating(staff);
    const campaign = await this.own(staff.merchantId, campaignId);
    if (campaignState(campaign, this.clock.now()) === 'ENDED') throw new DomainError('CAMPAIGN_ENDED');
    await this.tx.run(async (em) => {
      if (!(await this.campaigns.moveStatus(em, campaign.id, from, to, this.clock.now()))) throw new DomainError(refusal);
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action, targetType: 'campaign', targetId: campaign.id });
    });
    return this.get(staff, campaign.id);
  }

  private async onlineCampaign(merchantId: string): Promise<Campaign | null> {
    const now = this.clock.now();
    return (await this.campaigns.runningOf(merchantId, now)).find((c) => covers(c, now, { channel: 'ONLINE', storeId: null })) ?? null;
  }

  private async requireOwnTemplates(merchantId: string, tiers: CampaignTierReward[]): Promise<void> {
    for (const id of new Set(tiers.flatMap((t) => t.couponTemplateIds))) {
      if (!(await this.coupons.template(id, merchantId))) throw new DomainError('COUPON_TEMPLATE_NOT_FOUND');
    }
  }

  private async own(merchantId: string, campaignId: string): Promise<Campaign> {
    const campaign = await this.campaigns.campaign(campaignId, merchantId);
    if (!campaign) throw new DomainError('CAMPAIGN_NOT_FOUND');
    return campaign;
  }

  private view(c: Campaign, tiers: CampaignTierReward[]): CampaignView {
    return {
      id: c.id,
      merchantId: c.merchantId,
      name: c.name,
      status: c.status,
      state: campaignState(c, this.clock.now()),
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      channelScope: c.channelScope,
      storeIds: c.storeIds,
      budgetFen: c.budgetFen,
      quantity: c.quantity,
      spentFen: c.spentFen,
      grantedCount: c.grantedCount,
      version: c.version,
      tiers,
      createdAt: c.createdAt.toISOString(),
    };
  }
}
