import { Injectable } from '@nestjs/common';
import type { WebhookEndpointStatus, WebhookEndpointView, WebhookEventType } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readTextOrNull, readTime, readTimeOrNull, rowsInsert, sqlTime } from '../database/sql-values';
import { eventTypeOf } from './webhooks.repository';

export interface EndpointRow {
  id: string;
  merchantId: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  /** Sealed (common/secret-box.ts). */
  secret: string;
  status: WebhookEndpointStatus;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
}

/**
 * The webhooks context's SQL for endpoints (webhook_endpoints): the merchant's own (every read narrowed to the
 * merchant), the active ones a message fans out to, and each endpoint's health as deliveries answer or fail.
 */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertEndpoint(em: EntityManager, row: EndpointRow): Promise<void> {
    const { sql, parameters } = rowsInsert('webhook_endpoints', [
      {
        id: row.id,
        merchant_id: row.merchantId,
        url: row.url,
        description: row.description,
        event_types: row.eventTypes.join(','),
        secret: row.secret,
        status: row.status,
        disabled_reason: row.disabledReason,
        failing_since: null,
        created_at: sqlTime(row.createdAt),
        updated_at: sqlTime(row.createdAt),
      },
    ]);
    await em.query(sql, parameters);
  }

  async endpointsOf(merchantId: string): Promise<EndpointRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE merchant_id = ? ORDER BY created_at, id`, [merchantId]);
    return rows.map(toEndpointRow);
  }

  async findEndpoint(merchantId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<EndpointRow | null> {
    const [row] = await em.query<Array<Record<string, unknown>>>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ? AND merchant_id = ?`, [id, merchantId]);
    return row ? toEndpointRow(row) : null;
  }

  /** The owner's disable; false when it was not active. */
  async disableEndpoint(em: EntityManager, merchantId: string, id: string, reason: string, now: Date): Promise<boolean> {
    const changed = await execute(em, "UPDATE webhook_endpoints SET status = 'DISABLED', disabled_reason = ?, updated_at = ? WHERE id = ? AND merchant_id = ? AND status = 'ACTIVE'", [
      reason,
      sqlTime(now),
      id,
      merchantId,
    ]);
    return changed === 1;
  }

  // --- for fan-out and delivery

  async activeEndpointsOf(em: EntityManager, merchantIds: string[]): Promise<Array<{ id: string; merchantId: string; eventTypes: WebhookEventType[] }>> {
    if (merchantIds.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT id, merchant_id, event_types FROM webhook_endpoints WHERE status = 'ACTIVE' AND merchant_id IN (${placeholders(merchantIds.length)})`,
      merchantIds,
    );
    return rows.map((r) => ({ id: String(r.id), merchantId: String(r.merchant_id), eventTypes: eventTypesOf(r.event_types) }));
  }

  async endpointAnswered(em: EntityManager, endpointId: string, now: Date): Promise<void> {
    await execute(em, 'UPDATE webhook_endpoints SET failing_since = NULL, updated_at = ? WHERE id = ? AND failing_since IS NOT NULL', [sqlTime(now), endpointId]);
  }

  async endpointFailed(em: EntityManager, endpointId: string, now: Date): Promise<void> {
    await execute(em, 'UPDATE webhook_endpoints SET failing_since = ?, updated_at = ? WHERE id = ? AND failing_since IS NULL', [sqlTime(now), sqlTime(now), endpointId]);
  }

  /** Disables an endpoint that has failed since `cutoff` or earlier; true when this call disabled it. */
  async disableIfFailingSince(em: EntityManager, endpointId: string, cutoff: Date, reason: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE webhook_endpoints SET status = 'DISABLED', disabled_reason = ?, updated_at = ? WHERE id = ? AND status = 'ACTIVE' AND failing_since IS NOT NULL AND failing_since <= ?",
      [reason, sqlTime(now), endpointId, sqlTime(cutoff)],
    );
    return changed === 1;
  }
}

const ENDPOINT_COLUMNS = 'id, merchant_id, url, description, event_types, secret, status, disabled_reason, failing_since, created_at';

function eventTypesOf(value: unknown): WebhookEventType[] {
  const text = readTextOrNull(value) ?? '';
  return text === '' ? [] : text.split(',').map(eventTypeOf);
}

function toEndpointRow(r: Record<string, unknown>): EndpointRow {
  return {
    id: String(r.id),
    merchantId: String(r.merchant_id),
    url: String(r.url),
    description: readTextOrNull(r.description),
    eventTypes: eventTypesOf(r.event_types),
    secret: String(r.secret),
    status: String(r.status) as WebhookEndpointStatus,
    disabledReason: readTextOrNull(r.disabled_reason),
    failingSince: readTimeOrNull(r.failing_since),
    createdAt: readTime(r.created_at),
  };
}

export function toEndpointView(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    status: row.status,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
