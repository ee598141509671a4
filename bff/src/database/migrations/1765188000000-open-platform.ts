import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { bigint, bool, defaultInt, id, int, longText, serial, text, time, uuid } from './columns';

/**
 * Open platform: webhooks from a transactional outbox, and merchant API keys grown out of the POS apps.
 *
 * - `webhook_messages` is the outbox: one row per event, written in the same transaction as the change it reports;
 *   `fanned_out` flips once the delivery job has queued it for every subscribed endpoint.
 * - `webhook_dispatches`: one message to one endpoint, with its place on the retry schedule.
 * - `webhook_deliveries`: every HTTP attempt (request headers, answer status and excerpt, timing).
 * - `pos_apps` gains what an API key needs: scopes, several stores, a previous secret still accepted during a
 *   rotation's overlap window, revocation and last use.
 */
export class OpenPlatform1765188000000 implements MigrationInterface {
  name = 'OpenPlatform1765188000000';

  async up(q: QueryRunner): Promise<void> {
    // SQLite only auto-increments an INTEGER PRIMARY KEY (which is 64-bit there); MariaDB gets BIGINT.

    await q.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          id(),
          uuid('merchant_id'),
          text('url', 500),
          text('description', 100, true),
          // comma-separated event types; empty = every event
          text('event_types', 300),
          // whsec_… sealed with SECRETS_KEY (common/secret-box.ts)
          text('secret', 200),
          text('status', 16),
          text('disabled_reason', 200, true),
          time('failing_since', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ix_webhook_endpoints_merchant', columnNames: ['merchant_id', 'status'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_messages',
        columns: [
          serial(q, 'seq'),
          text('id', 40),
          uuid('merchant_id'),
          text('event_type', 40),
          longText('payload'),
          bool('fanned_out', false),
          time('created_at'),
        ],
        indices: [
          // the message id is derived from the change it reports: a second event for one change cannot be written
          { name: 'ux_webhook_messages_id', columnNames: ['id'], isUnique: true },
          { name: 'ix_webhook_messages_pending', columnNames: ['fanned_out', 'seq'] },
          { name: 'ix_webhook_messages_merchant', columnNames: ['merchant_id', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_dispatches',
        columns: [
          serial(q, 'id'),
          text('message_id', 40),
          uuid('endpoint_id'),
          text('status', 16),
          defaultInt('attempts'),
          time('next_attempt_at', true),
          time('last_attempt_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'ux_webhook_dispatches_pair', columnNames: ['endpoint_id', 'message_id'], isUnique: true },
          { name: 'ix_webhook_dispatches_due', columnNames: ['status', 'next_attempt_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          serial(q, 'id'),
          bigint('dispatch_id'),
          uuid('endpoint_id'),
          text('message_id', 40),
          defaultInt('attempt'),
          bool('succeeded', false),
          text('request_url', 500),
          longText('request_headers'),
          int('response_status', true),
          text('response_body', 1000, true),
          text('error', 300, true),
          defaultInt('duration_ms'),
          time('started_at'),
        ],
        indices: [{ name: 'ix_webhook_deliveries_endpoint', columnNames: ['endpoint_id', 'id'] }],
      }),
    );

    await q.addColumns('pos_apps', [
      // comma-separated scopes; rows from before keys had scopes were POS servers that redeem
      new TableColumn({ name: 'scopes', type: 'varchar', length: '200', default: "'redeem'" }),
      // comma-separated store ids; null = the one store_id
      new TableColumn(text('store_ids', 1000, true)),
      new TableColumn(text('previous_secret', 200, true)),
      new TableColumn(time('previous_secret_until', true)),
      new TableColumn(time('revoked_at', true)),
      new TableColumn(time('last_used_at', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['last_used_at', 'revoked_at', 'previous_secret_until', 'previous_secret', 'store_ids', 'scopes']) await q.dropColumn('pos_apps', column);
    for (const table of ['webhook_deliveries', 'webhook_dispatches', 'webhook_messages', 'webhook_endpoints']) await q.dropTable(table);
  }
}
