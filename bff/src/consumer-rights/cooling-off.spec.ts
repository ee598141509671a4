import { coolingOffTopUps, coolingOffTotals, type CoolingOffTopUp } from './cooling-off';

const paid = new Date('2026-12-01T10:00:00.000Z');
const at = (days: number, ms = 0) => new Date(paid.getTime() + days * 86_400_000 + ms);
const topUp = (id: string, paidAt: Date | null, overrides: Partial<CoolingOffTopUp> = {}): CoolingOffTopUp => ({ id, amountFen: 50_000, bonusFen: 5_000, refundedFen: 0, paidAt, creditSeq: 10, ...overrides });

describe('coolingOffTopUps (冷静期)', () => {
  it.each([
    ['on day 6', at(6), true],
    ['in the last millisecond of day 7', at(7, -1), true],
    ['once the 7 days are over', at(7), false],
    ['on day 8', at(8), false],
  ])('should decide an untouched top-up %s', (_case, now, eligible) => {
    expect(coolingOffTopUps([topUp('o1', paid)], 7, now, null).map((e) => e.order.id)).toEqual(eligible ? ['o1'] : []);
  });

  it('should give the deadline as paid + N days', () => {
    expect(coolingOffTopUps([topUp('o1', paid)], 7, at(1), null)[0]?.refundableUntil).toEqual(at(7));
  });

  it('should refuse a top-up after which something was redeemed, but not one credited after the sale', () => {
    const earlier = topUp('early', paid, { creditSeq: 10 });
    const later = topUp('late', at(2), { creditSeq: 30 });
    expect(coolingOffTopUps([later, earlier], 7, at(3), 20).map((e) => e.order.id)).toEqual(['late']);
  });

  it('should go by ledger order, not by the channel’s payment second', () => {
    // paid and spent within the same second: the sale came after the credit
    expect(coolingOffTopUps([topUp('o1', paid, { creditSeq: 10 })], 7, at(1), 11)).toEqual([]);
  });

  it.each([
    ['already partly refunded', topUp('o1', paid, { refundedFen: 1 })],
    ['never paid', topUp('o1', null)],
    ['never credited', topUp('o1', paid, { creditSeq: null })],
  ])('should leave out a top-up %s', (_case, order) => {
    expect(coolingOffTopUps([order], 7, at(1), null)).toEqual([]);
  });

  it('should follow the product: 0 days means no cooling-off, 14 days keeps day 8', () => {
    expect(coolingOffTopUps([topUp('o1', paid)], 0, at(0, 1), null)).toEqual([]);
    expect(coolingOffTopUps([topUp('o1', paid)], 14, at(8), null)).toHaveLength(1);
    expect(() => coolingOffTopUps([], -1, at(0), null)).toThrow(RangeError);
  });

  it('should return every eligible top-up in full and forfeit exactly their bonus', () => {
    const eligible = coolingOffTopUps([topUp('a', at(1), { amountFen: 30_000, bonusFen: 3_000 }), topUp('b', paid, { amountFen: 10_000, bonusFen: 0 })], 7, at(2), null);
    expect(coolingOffTotals(eligible)).toEqual({ refundFen: 40_000, bonusForfeitedFen: 3_000 });
  });
});
