import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { day, id, int, longText, money, text, time, uuid } from './columns';

/**
 * Top-up campaigns (充值活动, docs/marketing.md).
 *
 * - `campaigns`: a merchant's campaign — window, channel scope, stores, budget (fen of bonus money) and quantity
 *   (grants). `spent_fen` / `granted_count` are raised only by one guarded UPDATE in the crediting transaction
 *   (`spent_fen + cost <= budget_fen AND granted_count < quantity`), which is the truth of "exactly the budget".
 *   `version` is the reward pack now offered.
 * - `campaign_versions`: every reward pack a campaign ever offered (tiers as JSON), never changed once written.
 * - `campaign_grants`: what one paid top-up earned under the version it was created with, or why it earned
 *   nothing (`reason`); one per order (the grant's idempotency key), clawed back when the top-up is refunded.
 * - `topup_orders.campaign_id` / `campaign_version`: the version a top-up was created under.
 */
export class TopUpCampaigns1766277600000 implements MigrationInterface {
  name = 'TopUpCampaigns1766277600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'campaigns',
        columns: [
          id(),
          uuid('merchant_id'),
          text('name', 64),
          text('status', 16),
          time('starts_at'),
          time('ends_at'),
          text('channel_scope', 16),
          // comma-separated store ids; empty = every store of the merchant
          text('store_ids', 1000),
          money('budget_fen', true),
          int('quantity', true),
          money('spent_fen'),
          int('granted_count'),
          int('version'),
          uuid('created_by'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ix_campaigns_merchant', columnNames: ['merchant_id', 'status', 'starts_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'campaign_versions',
        columns: [{ ...uuid('campaign_id'), isPrimary: true }, { ...int('version'), isPrimary: true }, longText('tiers'), uuid('created_by'), time('created_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'campaign_grants',
        columns: [
          { ...uuid('order_id'), isPrimary: true },
          uuid('campaign_id'),
          int('version'),
          uuid('merchant_id'),
          uuid('card_id'),
          uuid('consumer_id'),
          text('status', 16),
          text('reason', 32, true),
          money('amount_fen'),
          money('bonus_fen'),
          money('points'),
          text('coupon_ids', 1000),
          money('cost_fen'),
          day(),
          time('created_at'),
          time('clawed_back_at', true),
        ],
        indices: [{ name: 'ix_campaign_grants_campaign', columnNames: ['campaign_id', 'business_date'] }],
      }),
    );
    await q.addColumns('topup_orders', [new TableColumn(uuid('campaign_id', true)), new TableColumn(int('campaign_version', true))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('topup_orders', 'campaign_version');
    await q.dropColumn('topup_orders', 'campaign_id');
    for (const table of ['campaign_grants', 'campaign_versions', 'campaigns']) await q.dropTable(table);
  }
}
