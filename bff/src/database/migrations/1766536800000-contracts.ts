import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, int, longText, text, time, uuid } from './columns';

/**
 * Contracts (docs/compliance.md §8):
 * - `product_terms`: a product's 预付卡章程 / 充值协议, one row per version (unique on product and version; an edit that
 *   changes the text adds the next one, so two edits at once collide instead of both becoming version n);
 * - `terms_acceptances`: which version a consumer accepted, and where (CLAIM or TOPUP), once per consumer, product, version;
 * - `agreement_acceptances`: the platform's 用户协议 / 隐私政策 versions a consumer accepted at sign-in.
 */
export class Contracts1766536800000 implements MigrationInterface {
  name = 'Contracts1766536800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'product_terms',
        columns: [id(), uuid('product_id'), int('version'), longText('body'), uuid('staff_id', true), time('created_at')],
        indices: [{ name: 'ux_product_terms_version', columnNames: ['product_id', 'version'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'terms_acceptances',
        columns: [id(), uuid('consumer_id'), uuid('product_id'), int('version'), text('context', 16), time('accepted_at')],
        indices: [{ name: 'ux_terms_acceptances', columnNames: ['consumer_id', 'product_id', 'version'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'agreement_acceptances',
        columns: [id(), uuid('consumer_id'), text('kind', 32), text('version', 32), time('accepted_at')],
        indices: [{ name: 'ux_agreement_acceptances', columnNames: ['consumer_id', 'kind', 'version'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('agreement_acceptances');
    await q.dropTable('terms_acceptances');
    await q.dropTable('product_terms');
  }
}
