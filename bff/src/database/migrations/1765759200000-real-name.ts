import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, text, time } from './columns';

/**
 * 实名 (docs/compliance.md §6): one verified identity per consumer, written only after the identity-verification
 * service confirmed it. The name and the ID number are sealed (AES-256-GCM, common/secret-box.ts); the masked forms
 * are what every screen shows. `retain_until` is the end of the retention period (≥ 5 years, 单用途商业预付卡管理办法).
 */
export class RealName1765759200000 implements MigrationInterface {
  name = 'RealName1765759200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'real_name_verifications',
        columns: [
          id('consumer_id', 36),
          text('name_sealed', 255),
          text('id_no_sealed', 255),
          text('masked_name', 64),
          text('masked_id_no', 32),
          text('provider_request_id', 64),
          time('verified_at'),
          time('retain_until'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('real_name_verifications');
  }
}
