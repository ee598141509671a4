import { Injectable } from '@nestjs/common';
import { emptyDashboardFigures, type DashboardDay, type DashboardFigures, type MerchantDashboard } from '@jucard/shared';
import { Clock } from '../common/clock';
import { BackOfficeRepository, type DayTotals } from './back-office.repository';
import { lastBusinessDays } from './report-range';

const SERIES_DAYS = 30;
const NONE: DayTotals = { count: 0, amountFen: 0, bonusFen: 0 };

/** The merchant's home screen: today, the last 30 business days (one zero-filled point per day) and what its cards hold now. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repository: BackOfficeRepository,
    private readonly clock: Clock,
  ) {}

  async dashboard(merchantId: string): Promise<MerchantDashboard> {
    const now = this.clock.now();
    const days = lastBusinessDays(SERIES_DAYS, now);
    const [topUps, redemptions, reversals, cards, liability] = await Promise.all([
      this.repository.dailyTopUps(merchantId, days),
      this.repository.dailyRedemptions(merchantId, days),
      this.repository.dailyReversals(merchantId, days),
      this.repository.dailyNewCards(merchantId, days),
      this.repository.cardLiability(merchantId),
    ]);
    const series: DashboardDay[] = days.map((day, i) => {
      const topUp = topUps.get(i) ?? NONE;
      const redeemed = redemptions.get(i) ?? NONE;
      const reversedFen = (reversals.get(i) ?? NONE).amountFen;
      return {
        date: day.date,
        topUpCount: topUp.count,
        topUpFen: topUp.amountFen,
        topUpBonusFen: topUp.bonusFen,
        redemptionCount: redeemed.count,
        redemptionFen: redeemed.amountFen,
        reversedFen,
        netRedemptionFen: redeemed.amountFen - reversedFen,
        newCards: (cards.get(i) ?? NONE).count,
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
}

function sum(days: DashboardFigures[]): DashboardFigures {
  const total = emptyDashboardFigures();
  for (const day of days) {
    for (const key of Object.keys(total) as Array<keyof DashboardFigures>) total[key] += day[key];
  }
  return total;
}
