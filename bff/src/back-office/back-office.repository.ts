import { Injectable } from '@nestjs/common';
import { maskName, maskPhone, type CardKind, type CardLiability, type CardStatus, type MerchantStatus, type OperatorCardView } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { readInt, readTextOrNull, readTime, readTimeOrNull, sqlTime } from '../database/sql-values';
import { balanceSql } from '../ledger/ledger.repository';

/** A business day as the instants [start, end). */
export interface DayWindow {
  start: Date;
  end: Date;
}

/** What one day holds of one figure; a day without rows is absent from the map. */
export interface DayTotals {
  count: number;
  amountFen: number;
  bonusFen: number;
}

type Raw = Record<string, unknown>;

/**
 * The back office's read models across contexts: the dashboard and the operator's card look-up. Reads only; every
 * write goes through the owning context. Plain SQL, the same on MariaDB and SQLite; row mappers at the bottom.
 */
@Injectable()
export class BackOfficeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Paid top-ups per day (by time of payment), keyed by the day's index in `days`. */
  dailyTopUps(merchantId: string, days: DayWindow[]): Promise<Map<number, DayTotals>> {
    return this.perDay(days, 'COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(bonus_fen) AS bonus', 'topup_orders', 'paid_at', merchantId);
  }

  dailyRedemptions(merchantId: string, days: DayWindow[]): Promise<Map<number, DayTotals>> {
    return this.perDay(days, 'COUNT(*) AS n, SUM(amount_fen) AS amount', 'redemptions', 'created_at', merchantId);
  }

  /** Reversals made on each day, whatever day the redemption was. */
  dailyReversals(merchantId: string, days: DayWindow[]): Promise<Map<number, DayTotals>> {
    return this.perDay(days, 'COUNT(*) AS n, SUM(amount_fen) AS amount', 'redemption_reversals', 'created_at', merchantId);
  }

  dailyNewCards(merchantId: string, days: DayWindow[]): Promise<Map<number, DayTotals>> {
    return this.perDay(days, 'COUNT(*) AS n', 'cards', 'created_at', merchantId);
  }

  /** Consumers' money on the merchant's cards now (card accounts are cold: their posted totals are current). */
  async cardLiability(merchantId: string): Promise<CardLiability> {
    const principal = balanceSql('p');
    const bonus = balanceSql('b');
    const [row] = await this.dataSource.query<Raw[]>(
      `SELECT COUNT(*) AS cards,
              COALESCE(SUM(${principal}), 0) AS principal,
              COALESCE(SUM(${bonus}), 0) AS bonus,
              COALESCE(SUM(CASE WHEN ${principal} > 0 OR ${bonus} > 0 THEN 1 ELSE 0 END), 0) AS with_balance
         FROM cards c
         JOIN ledger_accounts p ON p.id = c.principal_account_id
         JOIN ledger_accounts b ON b.id = c.bonus_account_id
        WHERE c.merchant_id = ?`,
      [merchantId],
    );
    const principalFen = readInt(row?.principal);
    const bonusFen = readInt(row?.bonus);
    return { principalFen, bonusFen, totalFen: principalFen + bonusFen, cardsWithBalance: readInt(row?.with_balance), cardCount: readInt(row?.cards) };
  }

  /** One card with its merchant, product and balances, as an operator looks it up; null when no card has the number. */
  async operatorCard(cardNo: string): Promise<OperatorCardView | null> {
    const rows: Raw[] = await this.dataSource.query(`${operatorCardSelect()} WHERE c.card_no = ?`, [cardNo]);
    return rows[0] ? toOperatorCard(rows[0]) : null;
  }

  /** Every card of the consumer with this phone, newest first (an operator on the phone with a customer). */
  async operatorCardsByPhone(phone: string): Promise<OperatorCardView[]> {
    const rows: Raw[] = await this.dataSource.query(`${operatorCardSelect()} WHERE co.phone = ? ORDER BY c.created_at DESC, c.id LIMIT 50`, [phone]);
    return rows.map(toOperatorCard);
  }

  /**
   * One grouped query per figure; the day of a row is found with a CASE over the day boundaries (bound as
   * parameters), which reads the same on MariaDB and SQLite and uses the (merchant, time) index.
   */
  private async perDay(days: DayWindow[], aggregates: string, table: string, timeColumn: string, merchantId: string): Promise<Map<number, DayTotals>> {
    const first = days[0];
    const last = days[days.length - 1];
    if (!first || !last) return new Map();
    const bucket = `CASE ${days.map((_, i) => `WHEN ${timeColumn} < ? THEN ${i}`).join(' ')} END`;
    const rows: Raw[] = await this.dataSource.query(
      `SELECT ${bucket} AS day_index, ${aggregates} FROM ${table}
        WHERE merchant_id = ? AND ${timeColumn} >= ? AND ${timeColumn} < ? GROUP BY day_index`,
      [...days.map((d) => sqlTime(d.end)), merchantId, sqlTime(first.start), sqlTime(last.end)],
    );
    return new Map(rows.map((r) => [readInt(r.day_index), toDayTotals(r)]));
  }
}

function toDayTotals(r: Raw): DayTotals {
  return { count: readInt(r.n), amountFen: readInt(r.amount), bonusFen: readInt(r.bonus) };
}

/** The operator's view of a card: product, merchant, balances and holder, in one read. */
function operatorCardSelect(): string {
  // an account missing from the ledger reads as zero, as the card's own balance read does
  return `SELECT c.id, c.card_no, c.status, c.consumer_id, c.expires_at, c.created_at, c.product_id,
              p.kind, p.name AS product_name, m.id AS merchant_id, m.display_name, m.status AS merchant_status,
              co.phone AS holder_phone, co.nickname AS holder_name,
              COALESCE(${balanceSql('pa')}, 0) AS principal, COALESCE(${balanceSql('ba')}, 0) AS bonus, COALESCE(${balanceSql('xa')}, 0) AS points
         FROM cards c
         JOIN merchants m ON m.id = c.merchant_id
         JOIN card_products p ON p.id = c.product_id
         LEFT JOIN consumers co ON co.id = c.consumer_id
         LEFT JOIN ledger_accounts pa ON pa.id = c.principal_account_id
         LEFT JOIN ledger_accounts ba ON ba.id = c.bonus_account_id
         LEFT JOIN ledger_accounts xa ON xa.id = c.points_account_id`;
}

function toOperatorCard(r: Raw): OperatorCardView {
  const principalFen = readInt(r.principal);
  const bonusFen = readInt(r.bonus);
  const expiresAt = readTimeOrNull(r.expires_at);
  return {
    id: String(r.id),
    cardNo: String(r.card_no),
    status: String(r.status) as CardStatus,
    kind: String(r.kind) as CardKind,
    productId: String(r.product_id),
    productName: String(r.product_name),
    consumerId: String(r.consumer_id),
    expiresAt: expiresAt ? expiresAt.toISOString() : null,
    createdAt: readTime(r.created_at).toISOString(),
    merchant: { id: String(r.merchant_id), displayName: String(r.display_name), status: String(r.merchant_status) as MerchantStatus },
    balance: { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: readInt(r.points) },
    holder: {
      nameMasked: readTextOrNull(r.holder_name) ? maskName(readTextOrNull(r.holder_name)!) : null,
      phoneMasked: readTextOrNull(r.holder_phone) ? maskPhone(readTextOrNull(r.holder_phone)!) : null,
    },
  };
}
