import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { day, text, time, uuid } from './columns';

/**
 * A merchant's notice of closing (issue 15 item 8, docs/compliance.md §10): one row per merchant — the day it stops,
 * why, who announced it when, and when it was withdrawn (a withdrawn notice no longer counts; announcing again
 * rewrites the row). Indexed by day for the job that refunds the cards of merchants whose day has come.
 */
export class MerchantClosings1766796000000 implements MigrationInterface {
  name = 'MerchantClosings1766796000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'merchant_closings',
        columns: [
          { ...uuid('merchant_id'), isPrimary: true },
          day('closing_date'),
          text('reason', 200),
          uuid('announced_by'),
          time('announced_at'),
          time('withdrawn_at', true),
        ],
        indices: [{ name: 'ix_merchant_closings_day', columnNames: ['closing_date'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('merchant_closings');
  }
}
