import { Injectable } from '@nestjs/common';
import { API_KEY_SCOPES, type ApiKeyScope, type ApiKeyView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readTextOrNull, readTime, readTimeOrNull, rowsInsert, sqlTime } from '../database/sql-values';

/** A merchant API key (a row of pos_apps) as the guard and the back office read it; secrets still sealed. */
export interface ApiKeyRow {
  appKey: string;
  merchantId: string;
  name: string;
  scopes: ApiKeyScope[];
  /** The first is the key's own store (pos_apps.store_id): where a POS sale is taken. */
  storeIds: string[];
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  active: boolean;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** The SQL of merchant API keys (pos_apps). Guards in the WHERE clause; row mappers at the bottom. */
@Injectable()
export class PosAppsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, row: ApiKeyRow): Promise<void> {
    const { sql, parameters } = rowsInsert('pos_apps', [
      {
        app_key: row.appKey,
        secret: row.secret,
        merchant_id: row.merchantId,
        store_id: row.storeIds[0],
        store_ids: row.storeIds.join(','),
        name: row.name,
        scopes: row.scopes.join(','),
        active: 1,
        created_at: sqlTime(row.createdAt),
      },
    ]);
    await em.query(sql, parameters);
  }

  async find(appKey: string, em: EntityManager = this.dataSource.manager): Promise<ApiKeyRow | null> {
    const [row] = await em.query<Array<Record<string, unknown>>>(`SELECT ${COLUMNS} FROM pos_apps WHERE app_key = ?`, [appKey]);
    return row ? toRow(row) : null;
  }

  async findOfMerchant(merchantId: string, appKey: string, em: EntityManager = this.dataSource.manager): Promise<ApiKeyRow | null> {
    const [row] = await em.query<Array<Record<string, unknown>>>(`SELECT ${COLUMNS} FROM pos_apps WHERE app_key = ? AND merchant_id = ?`, [appKey, merchantId]);
    return row ? toRow(row) : null;
  }

  async listOfMerchant(merchantId: string): Promise<ApiKeyRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(`SELECT ${COLUMNS} FROM pos_apps WHERE merchant_id = ? ORDER BY created_at, app_key`, [merchantId]);
    return rows.map(toRow);
  }

  /** The new sealed secret replaces the current one, which keeps working until `previousUntil`; only a live key. */
  async rotate(em: EntityManager, merchantId: string, appKey: string, sealed: string, previousUntil: Date): Promise<boolean> {
    const changed = await execute(
      em,
      'UPDATE pos_apps SET previous_secret = secret, previous_secret_until = ?, secret = ? WHERE app_key = ? AND merchant_id = ? AND active = 1 AND revoked_at IS NULL',
      [sqlTime(previousUntil), sealed, appKey, merchantId],
    );
    return changed === 1;
  }

  /** Revokes a live key: both its secrets stop working at once. */
  async revoke(em: EntityManager, merchantId: string, appKey: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      'UPDATE pos_apps SET active = 0, revoked_at = ?, previous_secret = NULL, previous_secret_until = NULL WHERE app_key = ? AND merchant_id = ? AND revoked_at IS NULL',
      [sqlTime(now), appKey, merchantId],
    );
    return changed === 1;
  }

  /** Records a use at most once a minute per key, so a busy POS does not write on every request. */
  async touch(appKey: string, now: Date): Promise<void> {
    await this.dataSource.query('UPDATE pos_apps SET last_used_at = ? WHERE app_key = ? AND (last_used_at IS NULL OR last_used_at < ?)', [
      sqlTime(now),
      appKey,
      sqlTime(new Date(now.getTime() - 60_000)),
    ]);
  }
}

const COLUMNS = 'app_key, merchant_id, name, scopes, store_id, store_ids, secret, previous_secret, previous_secret_until, active, revoked_at, last_used_at, created_at';

function toRow(r: Record<string, unknown>): ApiKeyRow {
  const stores = readTextOrNull(r.store_ids);
  return {
    appKey: String(r.app_key),
    merchantId: String(r.merchant_id),
    name: String(r.name),
    scopes: (readTextOrNull(r.scopes) ?? 'redeem')
      .split(',')
      .filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)),
    storeIds: stores ? stores.split(',') : [String(r.store_id)],
    secret: String(r.secret),
    previousSecret: readTextOrNull(r.previous_secret),
    previousSecretUntil: readTimeOrNull(r.previous_secret_until),
    active: r.active === true || Number(r.active) === 1,
    revokedAt: readTimeOrNull(r.revoked_at),
    lastUsedAt: readTimeOrNull(r.last_used_at),
    createdAt: readTime(r.created_at),
  };
}

export function toApiKeyView(row: ApiKeyRow, now: Date): ApiKeyView {
  const overlap = row.previousSecret && row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil : null;
  return {
    appKey: row.appKey,
    name: row.name,
    scopes: row.scopes,
    storeIds: row.storeIds,
    status: row.active && !row.revokedAt ? 'ACTIVE' : 'REVOKED',
    previousSecretValidUntil: overlap?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
