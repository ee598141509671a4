import { Injectable } from '@nestjs/common';
import type { CampaignChannelScope, CampaignRefusal, CampaignStatus, CampaignTierReward } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readInt, readIntOrNull, readTextOrNull, readTime, readTimeOrNull, rowsInsert, sqlTime } from '../database/sql-values';
import { readText, rowReader, rowWriter } from '../database/row-mapping';
import type { CampaignTerms } from './campaigns-rules';

/** A campaign as stored, with the version of the reward packs it offers now. */
export interface Campaign extends CampaignTerms {
  id: string;
  merchantId: string;
  name: string;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export type GrantStatus = 'GRANTED' | 'REFUSED' | 'CLAWED_BACK';

/** What one paid top-up earned under its campaign version (or why nothing). One per order. */
export interface CampaignGrant {
  orderId: string;
  campaignId: string;
  version: number;
  merchantId: string;
  cardId: string;
  consumerId: string;
  status: GrantStatus;
  reason: CampaignRefusal | null;
  amountFen: number;
  bonusFen: number;
  points: number;
  couponIds: string[];
  costFen: number;
  businessDate: string;
  createdAt: Date;
  clawedBackAt: Date | null;
}

export interface CampaignDayRow {
  date: string;
  grants: number;
  refused: number;
  clawedBack: number;
  costFen: number;
  points: number;
  coupons: number;
  topUpFen: number;
}

/** The marketing context's SQL for top-up campaigns. Guards in the WHERE clause; row mappers at the bottom. */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertCampaign(em: EntityManager, campaign: Campaign): Promise<void> {
    const { sql, parameters } = rowsInsert('campaigns', [{ ...writeCampaign(campaign), store_ids: campaign.storeIds.join(',') }]);
    await em.query(sql, parameters);
  }

  async insertVersion(em: EntityManager, v: { campaignId: string; version: number; tiers: CampaignTierReward[]; createdBy: string; createdAt: Date }): Promise<void> {
    await em.query('INSERT INTO campaign_versions (campaign_id, version, tiers, created_by, created_at) VALUES (?, ?, ?, ?, ?)', [
      v.campaignId,
      v.version,
      JSON.stringify(v.tiers),
      v.createdBy,
      sqlTime(v.createdAt),
    ]);
  }

  /** A campaign by id; another merchant's reads as missing when `merchantId` is given. */
  async campaign(id: string, merchantId?: string, em: EntityManager = this.dataSource.manager): Promise<Campaign | null> {
    const rows: unknown[] = merchantId
      ? await em.query('SELECT * FROM campaigns WHERE id = ? AND merchant_id = ?', [id, merchantId])
      : await em.query('SELECT * FROM campaigns WHERE id = ?', [id]);
    return rows[0] ? toCampaign(rows[0]) : null;
  }

  async campaignsOf(merchantId: string): Promise<Campaign[]> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM campaigns WHERE merchant_id = ? ORDER BY created_at DESC, id', [merchantId]);
    return rows.map(toCampaign);
  }

  /** The merchant's campaigns that are active and whose window holds `now`, newest first. */
  async runningOf(merchantId: string, now: Date): Promise<Campaign[]> {
    const rows: unknown[] = await this.dataSource.query(
      "SELECT * FROM campaigns WHERE merchant_id = ? AND status = 'ACTIVE' AND starts_at <= ? AND ends_at > ? ORDER BY created_at DESC, id",
      [merchantId, sqlTime(now), sqlTime(now)],
    );
    return rows.map(toCampaign);
  }

  /** The reward packs of one version (written once, never changed). */
  async tiersOf(campaignId: string, version: number, em: EntityManager = this.dataSource.manager): Promise<CampaignTierReward[]> {
    const [row] = await em.query<Array<{ tiers: unknown }>>('SELECT tiers FROM campaign_versions WHERE campaign_id = ? AND version = ?', [campaignId, version]);
    if (!row) throw new Error(`campaign ${campaignId} has no version ${version}`);
    return JSON.parse(readText(row.tiers)) as CampaignTierReward[];
  }

  /** Moves the campaign to a new version; false when someone else moved it first or it has ended. */
  async bumpVersion(em: EntityManager, id: string, from: number, now: Date): Promise<boolean> {
    return (await execute(em, "UPDATE campaigns SET version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND status <> 'ENDED'", [sqlTime(now), id, from])) === 1;
  }

  /** Changes the status only from `from`; false when it was not there. */
  async moveStatus(em: EntityManager, id: string, from: CampaignStatus, to: CampaignStatus, now: Date): Promise<boolean> {
    return (await execute(em, 'UPDATE campaigns SET status = ?, updated_at = ? WHERE id = ? AND status = ?', [to, sqlTime(now), id, from])) === 1;
  }

  /**
   * Takes one grant costing `costFen` off what the campaign has left — the truth of "exactly the budget": the guard
   * and the increment are one statement, and its row lock (MariaDB) queues the campaign's other crediting
   * transactions until this one ends. False when the budget or the quantity would be exceeded. The status is not
   * read: a top-up created before a pause keeps the pack it was offered.
   */
  async takeGrant(em: EntityManager, id: string, costFen: number, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      `UPDATE campaigns SET spent_fen = spent_fen + ?, granted_count = granted_count + 1, updated_at = ?
        WHERE id = ? AND (quantity IS NULL OR granted_count < quantity) AND (budget_fen IS NULL OR (spent_fen < budget_fen AND spent_fen + ? <= budget_fen))`,
      [costFen, sqlTime(now), id, costFen],
    );
    return changed === 1;
  }

  /** Gives a clawed-back grant's cost back to the campaign's results (not to what it may still grant). */
  async recordClawBack(em: EntityManager, grant: Pick<CampaignGrant, 'orderId'>, now: Date): Promise<boolean> {
    return (await execute(em, "UPDATE campaign_grants SET status = 'CLAWED_BACK', clawed_back_at = ? WHERE order_id = ? AND status = 'GRANTED'", [sqlTime(now), grant.orderId])) === 1;
  }

  async insertGrant(em: EntityManager, grant: CampaignGrant): Promise<void> {
    const { sql, parameters } = rowsInsert('campaign_grants', [{ ...writeGrant(grant), coupon_ids: grant.couponIds.join(',') }]);
    await em.query(sql, parameters);
  }

  async grantOf(orderId: string, em: EntityManager = this.dataSource.manager): Promise<CampaignGrant | null> {
    const rows: unknown[] = await em.query('SELECT * FROM campaign_grants WHERE order_id = ?', [orderId]);
    return rows[0] ? toGrant(rows[0]) : null;
  }

  /** The grants still standing of these orders. */
  async grantedOf(em: EntityManager, orderIds: string[]): Promise<CampaignGrant[]> {
    if (orderIds.length === 0) return [];
    const rows: unknown[] = await em.query(`SELECT * FROM campaign_grants WHERE order_id IN (${placeholders(orderIds.length)}) AND status = 'GRANTED'`, orderIds);
    return rows.map(toGrant);
  }

  /** The campaign's results per business day: grants, refusals, claw-backs, cost and the top-ups it drove. */
  async resultsByDay(campaignId: string): Promise<CampaignDayRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT business_date AS d,
              SUM(CASE WHEN status <> 'REFUSED' THEN 1 ELSE 0 END) AS grants,
              SUM(CASE WHEN status = 'REFUSED' THEN 1 ELSE 0 END) AS refused,
              SUM(CASE WHEN status = 'CLAWED_BACK' THEN 1 ELSE 0 END) AS clawed,
              SUM(CASE WHEN status = 'GRANTED' THEN cost_fen ELSE 0 END) AS cost,
              SUM(CASE WHEN status = 'GRANTED' THEN points ELSE 0 END) AS points,
              SUM(CASE WHEN status = 'GRANTED' AND coupon_ids <> '' THEN LENGTH(coupon_ids) - LENGTH(REPLACE(coupon_ids, ',', '')) + 1 ELSE 0 END) AS coupons,
              SUM(CASE WHEN status <> 'REFUSED' THEN amount_fen ELSE 0 END) AS topups
         FROM campaign_grants WHERE campaign_id = ? GROUP BY business_date ORDER BY business_date`,
      [campaignId],
    );
    return rows.map((r) => ({
      date: readText(r.d),
      grants: readInt(r.grants),
      refused: readInt(r.refused),
      clawedBack: readInt(r.clawed),
      costFen: readInt(r.cost),
      points: readInt(r.points),
      coupons: readInt(r.coupons),
      topUpFen: readInt(r.topups),
    }));
  }
}

const CAMPAIGN_FIELDS = [
  'id',
  'merchantId',
  'name',
  'status',
  'startsAt',
  'endsAt',
  'channelScope',
  'budgetFen',
  'quantity',
  'spentFen',
  'grantedCount',
  'version',
  'createdBy',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof Campaign>;

const writeCampaign = rowWriter<Campaign>(CAMPAIGN_FIELDS);

const readCampaign = rowReader<Omit<Campaign, 'storeIds'>>({
  id: readText,
  merchantId: readText,
  name: readText,
  status: (v) => readText(v) as CampaignStatus,
  startsAt: readTime,
  endsAt: readTime,
  channelScope: (v) => readText(v) as CampaignChannelScope,
  budgetFen: readIntOrNull,
  quantity: readIntOrNull,
  spentFen: readInt,
  grantedCount: readInt,
  version: readInt,
  createdBy: readText,
  createdAt: readTime,
  updatedAt: readTime,
});

function toCampaign(raw: unknown): Campaign {
  const stores = readTextOrNull((raw as Record<string, unknown>).store_ids);
  return { ...readCampaign(raw), storeIds: stores ? stores.split(',') : [] };
}

const GRANT_FIELDS = [
  'orderId',
  'campaignId',
  'version',
  'merchantId',
  'cardId',
  'consumerId',
  'status',
  'reason',
  'amountFen',
  'bonusFen',
  'points',
  'costFen',
  'businessDate',
  'createdAt',
  'clawedBackAt',
] as const satisfies ReadonlyArray<keyof CampaignGrant>;

const writeGrant = rowWriter<CampaignGrant>(GRANT_FIELDS);

const readGrant = rowReader<Omit<CampaignGrant, 'couponIds'>>({
  orderId: readText,
  campaignId: readText,
  version: readInt,
  merchantId: readText,
  cardId: readText,
  consumerId: readText,
  status: (v) => readText(v) as GrantStatus,
  reason: (v) => readTextOrNull(v) as CampaignRefusal | null,
  amountFen: readInt,
  bonusFen: readInt,
  points: readInt,
  costFen: readInt,
  businessDate: readText,
  createdAt: readTime,
  clawedBackAt: readTimeOrNull,
});

function toGrant(raw: unknown): CampaignGrant {
  const ids = readTextOrNull((raw as Record<string, unknown>).coupon_ids);
  return { ...readGrant(raw), couponIds: ids ? ids.split(',') : [] };
}
