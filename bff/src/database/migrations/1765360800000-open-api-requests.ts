import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Open API v1: the merchant-wide idempotency keys of writes whose own context keys them otherwise (a top-up order
 * is keyed per consumer; an integrator's Idempotency-Key is per merchant). One row binds a key to the hash of the
 * first request's body: the same key with the same body is answered by the context's own replay, with another body
 * it is refused (409 IDEMPOTENCY_KEY_REUSED).
 */
export class OpenApiRequests1765360800000 implements MigrationInterface {
  name = 'OpenApiRequests1765360800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'open_api_requests',
        columns: [
          { name: 'merchant_id', type: 'varchar', length: '36' },
          { name: 'idempotency_key', type: 'varchar', length: '64' },
          { name: 'operation', type: 'varchar', length: '32' },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', precision: 6 },
        ],
        indices: [{ name: 'ux_open_api_requests_key', columnNames: ['merchant_id', 'idempotency_key'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('open_api_requests');
  }
}
