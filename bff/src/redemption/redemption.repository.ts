import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { rowsInserter } from '../database/row-mapping';
import { placeholders, readInt, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';
import { PosAppEntity, RedemptionEntity, ReversalEntity } from './redemption.entities';

/** One business day's redemptions at some stores, for the till's list. */
export interface DayFilter {
  merchantId: string;
  /** null = every store of the merchant */
  storeIds: string[] | null;
  from: Date;
  to: Date;
}

/** What a statement line shows of a sale: its order number, and the store and card to name. */
export interface SaleLabel {
  merchantOrderNo: string;
  storeId: string;
  cardId: string;
}

/** Redemptions, reversals and POS apps: the redemption context's SQL. Guards in the WHERE clause; row mappers at the bottom. */
@Injectable()
export class RedemptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ── redemptions ──

  /** The sales of a batch as one multi-row INSERT, sent with the batch's other writes (unique: merchant + order number). */
  redemptionsInsert(rows: RedemptionEntity[]): Statement {
    return redemptionsInsert(rows);
  }

  findByOrderNo(merchantId: string, merchantOrderNo: string): Promise<RedemptionEntity | null> {
    return this.dataSource.getRepository(RedemptionEntity).findOneBy({ merchantId, merchantOrderNo });
  }

  findOfMerchant(merchantId: string, id: string): Promise<RedemptionEntity | null> {
    return this.dataSource.getRepository(RedemptionEntity).findOneBy({ id, merchantId });
  }

  findById(em: EntityManager, id: string): Promise<RedemptionEntity> {
    return em.getRepository(RedemptionEntity).findOneByOrFail({ id });
  }

  findByIds(ids: string[]): Promise<RedemptionEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(RedemptionEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).getMany();
  }

  /** Takes `amount` of what remains unrefunded, as one guarded UPDATE; false when less than that remains. */
  async refundIfRemaining(em: EntityManager, merchantId: string, id: string, amount: number): Promise<boolean> {
    const changed = await execute(
      em,
      'UPDATE redemptions SET refunded_fen = refunded_fen + ? WHERE id = ? AND merchant_id = ? AND refunded_fen + ? <= amount_fen',
      [amount, id, merchantId, amount],
    );
    return changed === 1;
  }

  /** Count, amount and refunded amount of a day's redemptions. */
  async dayTotals(day: DayFilter): Promise<{ count: number; amountFen: number; refundedFen: number }> {
    const { filter, params } = dayWhere(day);
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS amount, COALESCE(SUM(refunded_fen), 0) AS refunded FROM redemptions WHERE ${filter}`,
      params,
    );
    return { count: readInt(row?.n), amountFen: readInt(row?.amount), refundedFen: readInt(row?.refunded) };
  }

  /** One page of a day's redemption ids, newest first, strictly after the cursor; `limit + 1` tells if more follow. */
  async dayPage(day: DayFilter, after: { at: Date; id: string } | null, limit: number): Promise<string[]> {
    const { filter, params } = dayWhere(day);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id FROM redemptions WHERE ${filter}
        ${after ? 'AND (created_at < ? OR (created_at = ? AND id < ?))' : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...params, ...(after ? [sqlTime(after.at), sqlTime(after.at), after.id] : []), limit + 1],
    );
    return rows.map((r) => String(r.id));
  }

  // ── reversals ──

  findReversalByNo(merchantId: string, reversalNo: string): Promise<ReversalEntity | null> {
    return this.dataSource.getRepository(ReversalEntity).findOneBy({ merchantId, reversalNo });
  }

  async insertReversal(em: EntityManager, row: ReversalEntity): Promise<void> {
    await em.getRepository(ReversalEntity).insert(row);
  }

  // ── read by settlement (statement lines) ──

  /** Order number, store and card of each redemption, by redemption id. */
  async saleLabels(redemptionIds: string[]): Promise<Map<string, SaleLabel>> {
    if (redemptionIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, merchant_order_no, store_id, card_id FROM redemptions WHERE id IN (${placeholders(redemptionIds.length)})`,
      redemptionIds,
    );
    return new Map(rows.map((r) => [String(r.id), saleLabelOf(r)]));
  }

  /** The same of the sale each reversal takes back, by reversal id. */
  async reversalLabels(reversalIds: string[]): Promise<Map<string, SaleLabel>> {
    if (reversalIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT v.id, r.merchant_order_no, r.store_id, r.card_id FROM redemption_reversals v JOIN redemptions r ON r.id = v.redemption_id
        WHERE v.id IN (${placeholders(reversalIds.length)})`,
      reversalIds,
    );
    return new Map(rows.map((r) => [String(r.id), saleLabelOf(r)]));
  }

  // ── POS apps ──

  async insertPosApp(em: EntityManager, app: PosAppEntity): Promise<void> {
    await em.getRepository(PosAppEntity).insert(app);
  }

  findPosApp(appKey: string): Promise<PosAppEntity | null> {
    return this.dataSource.getRepository(PosAppEntity).findOneBy({ appKey });
  }

  /** POS apps whose secret is still stored in clear (written before secrets were sealed). */
  async posAppsWithClearSecret(): Promise<Array<{ appKey: string; secret: string }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query("SELECT app_key, secret FROM pos_apps WHERE secret NOT LIKE 'sbx1:%'");
    return rows.map((r) => ({ appKey: String(r.app_key), secret: String(r.secret) }));
  }

  /** Replaces a clear secret by its sealed form; the clear value in the WHERE clause keeps a concurrent change. */
  async sealPosAppSecret(appKey: string, clear: string, sealed: string): Promise<void> {
    await this.dataSource.query('UPDATE pos_apps SET secret = ? WHERE app_key = ? AND secret = ?', [sealed, appKey, clear]);
  }
}

function dayWhere(day: DayFilter): { filter: string; params: unknown[] } {
  const stores = day.storeIds ? ` AND store_id IN (${day.storeIds.length ? placeholders(day.storeIds.length) : 'NULL'})` : '';
  return {
    filter: `merchant_id = ? AND created_at >= ? AND created_at < ?${stores}`,
    params: [day.merchantId, sqlTime(day.from), sqlTime(day.to), ...(day.storeIds ?? [])],
  };
}

const redemptionsInsert = rowsInserter<RedemptionEntity>('redemptions', [
  'id', 'merchantId', 'storeId', 'cardId', 'memberCodeId', 'merchantOrderNo', 'requestHash', 'amountFen', 'principalFen', 'bonusFen', 'points',
  'refundedFen', 'principalAfterFen', 'bonusAfterFen', 'pointsAfter', 'operatorType', 'operatorId', 'memberDiscountFen', 'memberLevel', 'createdAt',
]);

function saleLabelOf(r: Record<string, unknown>): SaleLabel {
  return { merchantOrderNo: String(r.merchant_order_no), storeId: String(r.store_id), cardId: String(r.card_id) };
}
