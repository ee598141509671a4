import type { Fen } from '../money';

// Top-up campaigns (充值活动): a window, a scope, a budget and a versioned reward pack per tier.

/** Where a top-up is made: in the mini-program / H5 (online) or at a store's till (offline). */
export const CAMPAIGN_CHANNEL_SCOPES = ['ALL', 'ONLINE', 'OFFLINE'] as const;
export type CampaignChannelScope = (typeof CAMPAIGN_CHANNEL_SCOPES)[number];

/** What is stored: running (within its window), paused by the merchant, or ended early. */
export const CAMPAIGN_STATUSES = ['ACTIVE', 'PAUSED', 'ENDED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** What the back office shows: the stored status read with the window and what is left of the budget. */
export const CAMPAIGN_STATES = ['SCHEDULED', 'RUNNING', 'PAUSED', 'EXHAUSTED', 'ENDED'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** One tier's reward pack: 充 payFen 送 bonusFen 元 + points 积分 + coupons, in any mix (at least one). */
export interface CampaignTierReward {
  payFen: Fen;
  bonusFen: Fen;
  points: number;
  couponTemplateIds: string[];
}

/** POST /merchant/campaigns. */
export interface CampaignInput {
  name: string;
  startsAt: string;
  endsAt: string;
  channelScope: CampaignChannelScope;
  /** Stores whose till top-ups it covers; empty = every store (online top-ups have no store). */
  storeIds: string[];
  /** Bonus money it may grant in all, in fen; null = no budget (then a quantity is required). */
  budgetFen: Fen | null;
  /** How many top-ups it may reward; null = no limit (then a budget is required). */
  quantity: number | null;
  tiers: CampaignTierReward[];
}

/** PUT /merchant/campaigns/:id/rewards: a new version of the packs; top-ups already created keep theirs. */
export interface CampaignRewardsInput {
  tiers: CampaignTierReward[];
}

export interface CampaignView {
  id: string;
  merchantId: string;
  name: string;
  status: CampaignStatus;
  state: CampaignState;
  startsAt: string;
  endsAt: string;
  channelScope: CampaignChannelScope;
  storeIds: string[];
  budgetFen: Fen | null;
  quantity: number | null;
  spentFen: Fen;
  grantedCount: number;
  version: number;
  tiers: CampaignTierReward[];
  createdAt: string;
}

/** Why a top-up made under a campaign earned nothing. */
export const CAMPAIGN_REFUSALS = ['BUDGET_EXHAUSTED', 'QUANTITY_EXHAUSTED'] as const;
export type CampaignRefusal = (typeof CAMPAIGN_REFUSALS)[number];

export interface CampaignDayResult {
  /** Asia/Shanghai business date. */
  date: string;
  grants: number;
  refused: number;
  clawedBack: number;
  /** Bonus money granted (net of claw-backs), in fen. */
  costFen: Fen;
  points: number;
  coupons: number;
  /** Principal of the top-ups the campaign rewarded. */
  topUpFen: Fen;
}

/** GET /merchant/campaigns/:id/results: totals and per day. */
export interface CampaignResultsView {
  campaignId: string;
  totals: Omit<CampaignDayResult, 'date'>;
  days: CampaignDayResult[];
}

/** One tier as the consumer's top-up page shows it under a campaign. */
export interface CampaignOfferTier {
  payFen: Fen;
  bonusFen: Fen;
  points: number;
  coupons: Array<{ templateId: string; name: string }>;
}

/** GET /me/cards/:cardId/campaign-offer: the campaign a top-up of this card would be made under now, or null. */
export interface CampaignOfferView {
  campaignId: string;
  name: string;
  endsAt: string;
  tiers: CampaignOfferTier[];
}
