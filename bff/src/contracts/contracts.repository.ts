import { Injectable } from '@nestjs/common';
import type { PlatformAgreementKind } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readInt, readTime, sqlTime } from '../database/sql-values';

/** One version of a product's terms. */
export interface ProductTerms {
  productId: string;
  version: number;
  body: string;
  createdAt: Date;
}

export type AcceptanceContext = 'CLAIM' | 'TOPUP' | 'CARD_PAGE';

/** Contracts: product terms by version and who accepted what. Plain SQL; row mappers at the bottom. */
@Injectable()
export class ContractsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The newest version of each product's terms, by product id. */
  async latestTerms(productIds: string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, ProductTerms>> {
    const ids = [...new Set(productIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT t.product_id, t.version, t.body, t.created_at FROM product_terms t
        WHERE t.product_id IN (${placeholders(ids.length)})
          AND t.version = (SELECT MAX(v.version) FROM product_terms v WHERE v.product_id = t.product_id)`,
      ids,
    );
    return new Map(rows.map((r) => [String(r.product_id), toTerms(r)]));
  }

  /** Adds `version`; a unique key refuses a second writer of the same version. */
  async insertTerms(em: EntityManager, row: { id: string; productId: string; version: number; body: string; staffId: string | null }, now: Date): Promise<void> {
    await execute(em, 'INSERT INTO product_terms (id, product_id, version, body, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      row.id,
      row.productId,
      row.version,
      row.body,
      row.staffId,
      sqlTime(now),
    ]);
  }

  async hasAcceptedTerms(consumerId: string, productId: string, version: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM terms_acceptances WHERE consumer_id = ? AND product_id = ? AND version = ?', [consumerId, productId, version]);
    return rows.length > 0;
  }

  /** Records an acceptance; a unique key makes a repeat a violation the caller ignores. */
  async insertTermsAcceptance(em: EntityManager, row: { id: string; consumerId: string; productId: string; version: number; context: AcceptanceContext }, now: Date): Promise<void> {
    await execute(em, 'INSERT INTO terms_acceptances (id, consumer_id, product_id, version, context, accepted_at) VALUES (?, ?, ?, ?, ?, ?)', [
      row.id,
      row.consumerId,
      row.productId,
      row.version,
      row.context,
      sqlTime(now),
    ]);
  }

  /** The newest version of each platform agreement the consumer accepted (versions are dates, so they sort). */
  async acceptedAgreements(consumerId: string): Promise<Map<PlatformAgreementKind, string>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT kind, MAX(version) AS version FROM agreement_acceptances WHERE consumer_id = ? GROUP BY kind', [consumerId]);
    return new Map(rows.map((r) => [String(r.kind) as PlatformAgreementKind, String(r.version)]));
  }

  async insertAgreementAcceptance(em: EntityManager, row: { id: string; consumerId: string; kind: PlatformAgreementKind; version: string }, now: Date): Promise<void> {
    await execute(em, 'INSERT INTO agreement_acceptances (id, consumer_id, kind, version, accepted_at) VALUES (?, ?, ?, ?, ?)', [row.id, row.consumerId, row.kind, row.version, sqlTime(now)]);
  }
}

function toTerms(r: Record<string, unknown>): ProductTerms {
  return { productId: String(r.product_id), version: readInt(r.version), body: String(r.body), createdAt: readTime(r.created_at) };
}
