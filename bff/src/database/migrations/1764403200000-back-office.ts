import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for the back office: every report and dashboard query is one merchant's rows over a time range, read
 * newest (or oldest) first by a (time, id) keyset, so each gets an index led by the merchant and the time.
 */
const INDEXES: Array<{ table: string; name: string; columnNames: string[] }> = [
  // status and store ride along so a report's filtered key scan is answered from the index alone
  { table: 'topup_orders', name: 'ix_topups_merchant_created', columnNames: ['merchant_id', 'created_at', 'id', 'status'] },
  { table: 'topup_orders', name: 'ix_topups_merchant_paid', columnNames: ['merchant_id', 'paid_at'] },
  { table: 'redemptions', name: 'ix_redemptions_merchant_created', columnNames: ['merchant_id', 'created_at', 'id', 'store_id'] },
  { table: 'redemption_reversals', name: 'ix_reversals_merchant_created', columnNames: ['merchant_id', 'created_at'] },
  // balance refunds carry no merchant: the report walks them by time and joins the card
  { table: 'card_refunds', name: 'ix_card_refunds_created', columnNames: ['created_at', 'id'] },
  // deactivating a staff member revokes their refresh tokens
  { table: 'refresh_tokens', name: 'ix_refresh_subject', columnNames: ['subject_id'] },
];

export class BackOffice1764403200000 implements MigrationInterface {
  name = 'BackOffice1764403200000';

  async up(q: QueryRunner): Promise<void> {
    for (const { table, name, columnNames } of INDEXES) await q.createIndex(table, new TableIndex({ name, columnNames }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, name } of [...INDEXES].reverse()) await q.dropIndex(table, name);
  }
}
