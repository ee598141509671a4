import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { text, time, uuid } from './columns';

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
          uuid('merchant_id'),
          text('idempotency_key', 64),
          text('operation', 32),
          text('request_hash', 64),
          time('created_at'),
        ],
        indices: [{ name: 'ux_open_api_requests_key', columnNames: ['merchant_id', 'idempotency_key'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('open_api_requests');
  }
}
