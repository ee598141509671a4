import { Injectable } from '@nestjs/common';
import { businessDayOf, businessDayRange, type RedemptionList } from '@jucard/shared';
import { CardsRepository } from '../cards/cards.repository';
import { DomainError } from '../common/domain-error';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { RedemptionRepository } from './redemption.repository';
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
  constructor(
    private readonly redemptions: RedemptionRepository,
    private readonly merchants: MerchantsRepository,
    private readonly cards: CardsRepository,
  ) {}

  /** One store's (or every allowed store's) redemptions of a business day, newest first, with the day's totals. */
  async list(
    merchantId: string,
    storeIds: string[] | null,
    day: { from: Date; to: Date },
    cursor: string | undefined,
    limit: number,
  ): Promise<RedemptionList> {
    const filter = { merchantId, storeIds, from: day.from, to: day.to };
    const [totals, page] = await Promise.all([this.redemptions.dayTotals(filter), this.redemptions.dayPage(filter, decodeListCursor(cursor), limit)]);
    const rows = await this.redemptions.findByIds(page.slice(0, limit));
    rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    const [stores, cardNos] = await Promise.all([this.merchants.storeNames(merchantId), this.cards.cardNos(rows.map((r) => r.cardId))]);
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => toRedemptionView(r, { id: r.storeId, name: stores.get(r.storeId) ?? '' }, cardNos.get(r.cardId) ?? '', false)),
      totals: { count: totals.count, amountFen: totals.amountFen, refundedFen: totals.refundedFen, netFen: totals.amountFen - totals.refundedFen },
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
  return { at: new Date(Number(match[1])), id: match[2]! };
}
