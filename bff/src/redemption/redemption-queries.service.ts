import { Injectable } from '@nestjs/common';
import { businessDayOf, businessDayRange, type RedemptionList } from '@jucard/shared';
import { DataSource, In } from 'typeorm';
import { CardEntity } from '../cards/card.entity';
import { DomainError } from '../common/domain-error';
import { readInt, readTime, sqlTime } from '../database/sql-values';
import { StoreEntity } from '../merchants/merchant.entity';
import { RedemptionEntity } from './redemption.entities';
import { toRedemptionView } from './redemption.views';

/** The business day (Asia/Shanghai): `date`, or the one `now` falls on, as a UTC interval. */
export function businessDay(date: string | undefined, now: Date): { from: Date; to: Date; date: string } {
  const day = date ?? businessDayOf(now);
  const range = businessDayRange(day);
  if (!range) throw new DomainError('VALIDATION_FAILED', 'date', { date: ['must be a YYYY-MM-DD date'] });
  return { from: range[0], to: range[1], date: day };
}

@Injectable()
export class RedemptionQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** One store's (or every allowed store's) redemptions of a business day, newest first, with the day's totals. */
  async list(
    merchantId: string,
    storeIds: string[] | null,
    day: { from: Date; to: Date },
    cursor: string | undefined,
    limit: number,
  ): Promise<RedemptionList> {
    const storeFilter = storeIds ? ` AND store_id IN (${storeIds.map(() => '?').join(', ') || 'NULL'})` : '';
    const params = [merchantId, sqlTime(day.from), sqlTime(day.to), ...(storeIds ?? [])];
    const [totals] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS amount, COALESCE(SUM(refunded_fen), 0) AS refunded
         FROM redemptions WHERE merchant_id = ? AND created_at >= ? AND created_at < ?${storeFilter}`,
      params,
    )) as Array<Record<string, unknown>>;

    const after = decodeListCursor(cursor);
    const page: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id FROM redemptions WHERE merchant_id = ? AND created_at >= ? AND created_at < ?${storeFilter}
        ${after ? 'AND (created_at < ? OR (created_at = ? AND id < ?))' : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...params, ...(after ? [sqlTime(after.at), sqlTime(after.at), after.id] : []), limit + 1],
    );
    const ids = page.slice(0, limit).map((r) => String(r.id));
    const rows = ids.length ? await this.dataSource.getRepository(RedemptionEntity).findBy({ id: In(ids) }) : [];
    rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    const stores = await this.dataSource.getRepository(StoreEntity).findBy({ merchantId });
    const cards = rows.length ? await this.dataSource.getRepository(CardEntity).findBy({ id: In([...new Set(rows.map((r) => r.cardId))]) }) : [];
    const last = rows[rows.length - 1];
    const amount = readInt(totals?.amount);
    const refunded = readInt(totals?.refunded);
    return {
      items: rows.map((r) =>
        toRedemptionView(r, stores.find((s) => s.id === r.storeId) ?? { id: r.storeId, name: '' }, cards.find((c) => c.id === r.cardId)?.cardNo ?? '', false),
      ),
      totals: { count: readInt(totals?.n), amountFen: amount, refundedFen: refunded, netFen: amount - refunded },
      nextCursor: page.length > limit && last ? encodeListCursor(last.createdAt, last.id) : null,
    };
  }
}

function encodeListCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}|${id}`).toString('base64url');
}

function decodeListCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const match = /^(\d{13})\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new DomainError('VALIDATION_FAILED', 'cursor', { cursor: ['cursor is not valid'] });
  return { at: readTime(new Date(Number(match[1]))), id: match[2]! };
}
