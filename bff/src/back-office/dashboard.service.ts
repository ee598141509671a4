import { Injectable } from '@nestjs/common';
import type { CardLiability, DashboardDay, DashboardFigures, MerchantDashboard } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { readInt, sqlTime } from '../database/sql-values';
import { lastBusinessDays } from './report-range';

const SERIES_DAYS = 30;

type Day = ReturnType<typeof lastBusinessDays>[number];
type Raw = Record<string, unknown>;

/**
 * The merchant's home screen: today, the last 30 business days (one zero-filled point per day) and what its
 * cards hold now. Each figure is one grouped query; the day of a row is found with a CASE over the day
 * boundaries (bound as parameters), which reads the same on MariaDB and SQLite and uses the (merchant, time) index.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async dashboard(merchantId: string): Promise<MerchantDashboard> {
    const now = this.clock.now();
    const days = lastBusinessDays(SERIES_DAYS, now);
    const [topUps, redemptions, reversals, cards, liability] = await Promise.all([
      this.perDay(days, 'COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(bonus_fen) AS bonus', 'topup_orders', 'paid_at', merchantId),
      this.perDay(days, 'COUNT(*) AS n, SUM(amount_fen) AS amount', 'redemptions', 'created_at', merchantId),
      this.perDay(days, 'SUM(amount_fen) AS amount', 'redemption_reversals', 'created_at', merchantId),
      this.perDay(days, 'COUNT(*) AS n', 'cards', 'created_at', merchantId),
      this.liability(merchantId),
    ]);
    const series: DashboardDay[] = days.map((day, i) => {
      const redeemed = readInt(redemptions.get(i)?.amount);
      const reversed = readInt(reversals.get(i)?.amount);
      return {
        date: day.date,
        topUpCount: readInt(topUps.get(i)?.n),
        topUpFen: readInt(topUps.get(i)?.amount),
        topUpBonusFen: readInt(topUps.get(i)?.bonus),
        redemptionCount: readInt(redemptions.get(i)?.n),
        redemptionFen: redeemed,
        reversedFen: reversed,
        netRedemptionFen: redeemed - reversed,
        newCards: readInt(cards.get(i)?.n),
      };
    });
    const first = series[0];
    const today = series[series.length - 1];
    if (!first || !today) throw new RangeError('the dashboard series is empty');
    return {
      generatedAt: now.toISOString(),
      today,
      last30Days: { ...sum(series), from: first.date, to: today.date },
      series,
      liability,
    };
  }

  /** One row per day that has any, keyed by the day's index in `days`. */
  private async perDay(days: Day[], aggregates: string, table: string, timeColumn: string, merchantId: string): Promise<Map<number, Raw>> {
    const first = days[0];
    const last = days[days.length - 1];
    if (!first || !last) return new Map();
    const bucket = `CASE ${days.map((_, i) => `WHEN ${timeColumn} < ? THEN ${i}`).join(' ')} END`;
    const rows: Raw[] = await this.dataSource.query(
      `SELECT ${bucket} AS day_index, ${aggregates} FROM ${table}
        WHERE merchant_id = ? AND ${timeColumn} >= ? AND ${timeColumn} < ? GROUP BY day_index`,
      [...days.map((d) => sqlTime(d.end)), merchantId, sqlTime(first.start), sqlTime(last.end)],
    );
    return new Map(rows.map((r) => [readInt(r.day_index), r]));
  }

  /** Consumers' money on the merchant's cards now (card accounts are cold: their posted totals are current). */
  private async liability(merchantId: string): Promise<CardLiability> {
    const [row] = (await this.dataSource.query(
      `SELECT COUNT(*) AS cards,
              COALESCE(SUM(p.credits_posted - p.debits_posted - p.debits_pending), 0) AS principal,
              COALESCE(SUM(b.credits_posted - b.debits_posted - b.debits_pending), 0) AS bonus,
              COALESCE(SUM(CASE WHEN p.credits_posted - p.debits_posted - p.debits_pending > 0
                                  OR b.credits_posted - b.debits_posted - b.debits_pending > 0 THEN 1 ELSE 0 END), 0) AS with_balance
         FROM cards c
         JOIN ledger_accounts p ON p.id = c.principal_account_id
         JOIN ledger_accounts b ON b.id = c.bonus_account_id
        WHERE c.merchant_id = ?`,
      [merchantId],
    )) as Raw[];
    const principalFen = readInt(row?.principal);
    const bonusFen = readInt(row?.bonus);
    return { principalFen, bonusFen, totalFen: principalFen + bonusFen, cardsWithBalance: readInt(row?.with_balance), cardCount: readInt(row?.cards) };
  }
}

function sum(days: DashboardFigures[]): DashboardFigures {
  const total: DashboardFigures = {
    topUpCount: 0,
    topUpFen: 0,
    topUpBonusFen: 0,
    redemptionCount: 0,
    redemptionFen: 0,
    reversedFen: 0,
    netRedemptionFen: 0,
    newCards: 0,
  };
  for (const day of days) {
    for (const key of Object.keys(total) as Array<keyof DashboardFigures>) total[key] += day[key];
  }
  return total;
}
