import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import type { CheckedSale } from './sale';
import { auditOf, cardRefusal, decideSales, postingOf, redemptionOf } from './sale-decision';

const NOW = new Date('2026-12-03T08:00:00Z');

function sale(overrides: { amountFen?: number; orderNo?: string; card?: Partial<CheckedSale['card']>; till?: Partial<CheckedSale['till']>; coupon?: CheckedSale['coupon'] } = {}): CheckedSale {
  return {
    ...(overrides.coupon ? { coupon: overrides.coupon } : {}),
    till: { merchantId: 'm1', storeIds: null, operatorType: 'staff', operatorId: 'staff-1', ...overrides.till },
    request: { code: '930000000000000000', amountFen: overrides.amountFen ?? 1_000, storeId: 's1', merchantOrderNo: overrides.orderNo ?? 'o1' },
    requestHash: 'hash',
    redemptionId: `r-${overrides.orderNo ?? 'o1'}`,
    hot: { payable: 900, bonusPool: 901, pointsPool: 902 },
    store: { id: 's1', name: '静安店' },
    codeId: '123456789',
    card: {
      id: 'c1',
      cardNo: '6200000000000001',
      merchantId: 'm1',
      consumerId: 'u1',
      productId: 'p1',
      status: 'ACTIVE',
      expiresAt: null,
      principalAccountId: 1,
      bonusAccountId: 2,
      pointsAccountId: 3,
      storeIds: [],
      deductionRule: 'PRINCIPAL_FIRST',
      pointsPerYuan: 1,
      level: null,
      ...overrides.card,
    },
  };
}

describe('cardRefusal', () => {
  it.each([
    ['another merchant', { merchantId: 'm2' }, 'CARD_OF_ANOTHER_MERCHANT'],
    ['a frozen card', { status: 'FROZEN' as const }, 'CARD_NOT_ACTIVE'],
    ['an expired card', { expiresAt: new Date(NOW.getTime() - 1) }, 'CARD_EXPIRED'],
    ['a store the product does not accept', { storeIds: ['s9'] }, 'CARD_NOT_ACCEPTED_AT_STORE'],
  ])('should refuse %s', (_what, card, code) => {
    expect(cardRefusal(sale({ card }), NOW)).toBe(code);
  });

  it('should let an active card of this merchant pay at an accepting store', () => {
    expect(cardRefusal(sale({ card: { storeIds: ['s1'], expiresAt: new Date(NOW.getTime() + 1) } }), NOW)).toBeNull();
  });
});

describe('decideSales', () => {
  it('should decide sales on one card in order, each seeing the balance the earlier ones left', () => {
    const sut = decideSales(
      [sale({ amountFen: 600, orderNo: 'a' }), sale({ amountFen: 600, orderNo: 'b' }), sale({ amountFen: 300, orderNo: 'c' })],
      new Map([[1, 800], [2, 200], [3, 5]]),
    );

    expect(sut.paying.map((p) => p.sale.request.merchantOrderNo)).toEqual(['a', 'c']);
    expect(sut.short.map((s) => s.request.merchantOrderNo)).toEqual(['b']);
    expect(sut.paying[0]!.after).toEqual({ principal: 200, bonus: 200, points: 11 });
    expect(sut.paying[1]!.split).toEqual({ principalFen: 200, bonusFen: 100, points: 3 });
    expect(sut.paying[1]!.after).toEqual({ principal: 0, bonus: 100, points: 14 });
  });

  it('should charge a sale with a coupon its list price less the discount, and earn points on what the card paid', () => {
    const sut = decideSales([sale({ amountFen: 12_000, coupon: { couponId: 'cp1', templateId: 'tpl1', discountFen: 2_000 } })], new Map([[1, 10_000], [2, 0], [3, 0]]));

    expect(sut.short).toEqual([]);
    expect(sut.paying[0]!.split).toEqual({ principalFen: 10_000, bonusFen: 0, points: 100 });
    expect(redemptionOf(sut.paying[0]!, NOW)).toMatchObject({ amountFen: 10_000, principalAfterFen: 0 });
    expect(auditOf(sut.paying[0]!).detail).toMatchObject({ amountFen: 10_000, couponId: 'cp1', listPriceFen: 12_000, discountFen: 2_000 });
  });

  it('should take a member level’s discount after the coupon, rounded down to the fen, and multiply the points of what the card paid', () => {
    const gold = { name: '金卡', pointsMultiplierPct: 150, discountRate: 95 };
    // ¥120.01 less a ¥20 coupon = ¥100.01; 9.5折 pays ¥95.01 (rounded up), so ¥5.00 off
    const sut = decideSales([sale({ amountFen: 12_001, card: { level: gold }, coupon: { couponId: 'cp1', templateId: 'tpl1', discountFen: 2_000 } })], new Map([[1, 20_000], [2, 0], [3, 0]]));
    expect(sut.paying[0]!.split).toEqual({ principalFen: 9_501, bonusFen: 0, points: 142 });
    expect(redemptionOf(sut.paying[0]!, NOW)).toMatchObject({ amountFen: 9_501, memberDiscountFen: 500, memberLevel: '金卡' });
    expect(auditOf(sut.paying[0]!).detail).toMatchObject({ amountFen: 9_501, listPriceFen: 12_001, discountFen: 2_000, memberLevel: '金卡', memberDiscountFen: 500 });
    // a level without a discount records none
    const plain = decideSales([sale({ amountFen: 1_000, card: { level: { ...gold, discountRate: 100 } } })], new Map([[1, 5_000], [2, 0], [3, 0]]));
    expect(redemptionOf(plain.paying[0]!, NOW)).toMatchObject({ amountFen: 1_000, memberDiscountFen: 0, memberLevel: null });
  });

  it('should find a sale short when even its paid amount is more than the card holds', () => {
    const sut = decideSales([sale({ amountFen: 12_000, coupon: { couponId: 'cp1', templateId: 'tpl1', discountFen: 1_000 } })], new Map([[1, 10_000], [2, 0], [3, 0]]));
    expect(sut.short).toHaveLength(1);
  });

  it('should not change the locked balances it was given', () => {
    const locked = new Map([[1, 1_000], [2, 0], [3, 0]]);
    decideSales([sale({ amountFen: 1_000 })], locked);
    expect(locked.get(1)).toBe(1_000);
  });
});

describe('what a paying sale writes', () => {
  const [paying] = decideSales([sale({ amountFen: 1_050, card: { deductionRule: 'BONUS_FIRST' } })], new Map([[1, 5_000], [2, 50], [3, 0]])).paying;

  it('should post principal to the payable, bonus to the pool and points from the pool, under the sale\'s request hash', () => {
    expect(postingOf(paying!)).toEqual({
      operationId: 'redeem:r-o1',
      kind: 'REDEMPTION',
      merchantId: 'm1',
      legs: [
        { debitAccountId: 1, creditAccountId: 900, amount: 1_000, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION },
        { debitAccountId: 2, creditAccountId: 901, amount: 50, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_REDEMPTION },
        { debitAccountId: 902, creditAccountId: 3, amount: 10, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_ACCRUAL },
      ],
      requestHash: 'hash',
    });
  });

  it('should record the split and the balances after on the redemption row', () => {
    expect(redemptionOf(paying!, NOW)).toMatchObject({ amountFen: 1_050, principalFen: 1_000, bonusFen: 50, points: 10, principalAfterFen: 4_000, bonusAfterFen: 0, pointsAfter: 10, createdAt: NOW });
  });

  it('should audit a POS sale as the system and a cashier sale as the staff member', () => {
    expect(auditOf(paying!)).toMatchObject({ actorType: 'staff', actorId: 'staff-1', action: 'card.redeemed', targetId: 'c1' });
    const [pos] = decideSales([sale({ till: { operatorType: 'pos', operatorId: 'pos_1' } })], new Map([[1, 5_000]])).paying;
    expect(auditOf(pos!)).toMatchObject({ actorType: 'system', actorId: null });
  });
});
