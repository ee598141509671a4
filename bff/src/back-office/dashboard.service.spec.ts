import { emptyDashboardFigures, type CardLiability } from '@jucard/shared';
import type { Clock } from '../common/clock';
import type { BackOfficeRepository, DayTotals } from './back-office.repository';
import { DashboardService } from './dashboard.service';

// 2026-11-25 00:30 in Shanghai (still the 24th in UTC)
const now = new Date('2026-11-24T16:30:00.000Z');
const LIABILITY: CardLiability = { principalFen: 9_000, bonusFen: 1_000, totalFen: 10_000, cardsWithBalance: 2, cardCount: 3 };
const day = (count: number, amountFen: number, bonusFen = 0): DayTotals => ({ count, amountFen, bonusFen });

describe('DashboardService', () => {
  let repository: jest.Mocked<Pick<BackOfficeRepository, 'dailyTopUps' | 'dailyRedemptions' | 'dailyReversals' | 'dailyNewCards' | 'cardLiability'>>;
  let sut: DashboardService;

  beforeEach(() => {
    repository = {
      dailyTopUps: jest.fn().mockResolvedValue(new Map([[29, day(2, 50_000, 5_000)], [0, day(1, 10_000)]])),
      dailyRedemptions: jest.fn().mockResolvedValue(new Map([[29, day(3, 12_000)], [10, day(1, 800)]])),
      dailyReversals: jest.fn().mockResolvedValue(new Map([[29, day(1, 2_000)]])),
      dailyNewCards: jest.fn().mockResolvedValue(new Map([[29, day(4, 0)]])),
      cardLiability: jest.fn().mockResolvedValue(LIABILITY),
    };
    const clock: Clock = { now: () => now };
    sut = new DashboardService(repository as unknown as BackOfficeRepository, clock);
  });

  it('should ask every figure for the same 30 Shanghai business days of the one merchant', async () => {
    await sut.dashboard('m1');
    const [merchantId, days] = repository.dailyTopUps.mock.calls[0]!;
    expect(merchantId).toBe('m1');
    expect(days).toHaveLength(30);
    expect(days[29]).toMatchObject({ date: '2026-11-25', start: new Date('2026-11-24T16:00:00.000Z'), end: new Date('2026-11-25T16:00:00.000Z') });
    for (const figure of [repository.dailyRedemptions, repository.dailyReversals, repository.dailyNewCards]) expect(figure).toHaveBeenCalledWith('m1', days);
  });

  it('should zero-fill the series and net redemptions of the reversals made that day', async () => {
    const result = await sut.dashboard('m1');
    expect(result.series).toHaveLength(30);
    expect(result.series[5]).toEqual({ date: '2026-11-01', ...emptyDashboardFigures() });
    expect(result.today).toEqual({
      date: '2026-11-25',
      topUpCount: 2,
      topUpFen: 50_000,
      topUpBonusFen: 5_000,
      redemptionCount: 3,
      redemptionFen: 12_000,
      reversedFen: 2_000,
      netRedemptionFen: 10_000,
      newCards: 4,
    });
  });

  it('should total the 30 days from the series and pass the liability through', async () => {
    const result = await sut.dashboard('m1');
    expect(result.last30Days).toEqual({
      from: '2026-10-27',
      to: '2026-11-25',
      topUpCount: 3,
      topUpFen: 60_000,
      topUpBonusFen: 5_000,
      redemptionCount: 4,
      redemptionFen: 12_800,
      reversedFen: 2_000,
      netRedemptionFen: 10_800,
      newCards: 4,
    });
    expect(result.liability).toEqual(LIABILITY);
    expect(result.generatedAt).toBe(now.toISOString());
  });
});
