import { Injectable } from '@nestjs/common';
import type { PointsItemStatus } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readInt, readTime, rowsInsert, sqlTime } from '../database/sql-values';
import { readText, rowReader, rowWriter } from '../database/row-mapping';

/** A points mall item as stored: one coupon of `couponTemplateId` for `pointsPrice` points, `stock` in all. */
export interface PointsItem {
  id: string;
  merchantId: string;
  couponTemplateId: string;
  pointsPrice: number;
  stock: number;
  exchangedCount: number;
  status: PointsItemStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One exchange: whose card paid how many points for which coupon, under the consumer's idempotency key. */
export interface PointsExchange {
  id: string;
  itemId: string;
  merchantId: string;
  consumerId: string;
  cardId: string;
  points: number;
  couponId: string;
  idempotencyKey: string;
  createdAt: Date;
}

/** The marketing context's SQL for the points mall (`points_items`, `points_exchanges`). Guards in the WHERE clause. */
@Injectable()
export class PointsMallRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertItem(em: EntityManager, item: PointsItem): Promise<void> {
    const { sql, parameters } = rowsInsert('points_items', [writeItem(item)]);
    await em.query(sql, parameters);
  }

  /** The merchant's items, newest first; `offeredOnly`: those still ACTIVE with stock left. */
  async itemsOf(merchantId: string, offeredOnly = false): Promise<PointsItem[]> {
    const offered = offeredOnly ? " AND status = 'ACTIVE' AND exchanged_count < stock" : '';
    const rows: unknown[] = await this.dataSource.query(`SELECT * FROM points_items WHERE merchant_id = ?${offered} ORDER BY created_at DESC, id`, [merchantId]);
    return rows.map(toItem);
  }

  async item(id: string, merchantId: string, em: EntityManager = this.dataSource.manager): Promise<PointsItem | null> {
    const rows: unknown[] = await em.query('SELECT * FROM points_items WHERE id = ? AND merchant_id = ?', [id, merchantId]);
    return rows[0] ? toItem(rows[0]) : null;
  }

  /** The stock's truth: one more exchanged while the item is ACTIVE and in stock; false otherwise (its row lock queues the item's other exchanges on MariaDB). */
  async takeOne(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const changed = await execute(em, "UPDATE points_items SET exchanged_count = exchanged_count + 1, updated_at = ? WHERE id = ? AND status = 'ACTIVE' AND exchanged_count < stock", [
      sqlTime(now),
      id,
    ]);
    return changed === 1;
  }

  /** Takes an item off the mall; false when it was off already. */
  async stopItem(em: EntityManager, merchantId: string, id: string, now: Date): Promise<boolean> {
    const changed = await execute(em, "UPDATE points_items SET status = 'STOPPED', updated_at = ? WHERE id = ? AND merchant_id = ? AND status = 'ACTIVE'", [sqlTime(now), id, merchantId]);
    return changed === 1;
  }

  async insertExchange(em: EntityManager, exchange: PointsExchange): Promise<void> {
    const { sql, parameters } = rowsInsert('points_exchanges', [writeExchange(exchange)]);
    await em.query(sql, parameters);
  }

  async exchangeByKey(consumerId: string, idempotencyKey: string, em: EntityManager = this.dataSource.manager): Promise<PointsExchange | null> {
    const rows: unknown[] = await em.query('SELECT * FROM points_exchanges WHERE consumer_id = ? AND idempotency_key = ?', [consumerId, idempotencyKey]);
    return rows[0] ? toExchange(rows[0]) : null;
  }
}

const ITEM_FIELDS = ['id', 'merchantId', 'couponTemplateId', 'pointsPrice', 'stock', 'exchangedCount', 'status', 'createdBy', 'createdAt', 'updatedAt'] as const satisfies ReadonlyArray<
  keyof PointsItem
>;
const writeItem = rowWriter<PointsItem>(ITEM_FIELDS);
const toItem = rowReader<PointsItem>({
  id: readText,
  merchantId: readText,
  couponTemplateId: readText,
  pointsPrice: readInt,
  stock: readInt,
  exchangedCount: readInt,
  status: (v) => readText(v) as PointsItemStatus,
  createdBy: readText,
  createdAt: readTime,
  updatedAt: readTime,
});

const EXCHANGE_FIELDS = ['id', 'itemId', 'merchantId', 'consumerId', 'cardId', 'points', 'couponId', 'idempotencyKey', 'createdAt'] as const satisfies ReadonlyArray<keyof PointsExchange>;
const writeExchange = rowWriter<PointsExchange>(EXCHANGE_FIELDS);
const toExchange = rowReader<PointsExchange>({
  id: readText,
  itemId: readText,
  merchantId: readText,
  consumerId: readText,
  cardId: readText,
  points: readInt,
  couponId: readText,
  idempotencyKey: readText,
  createdAt: readTime,
});
