import type { ShiftSummary, TokenPair } from '@jucard/shared';
import { actors, bearer, unique } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe('交班: the shift summary at the till (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  async function shop() {
    const m = await a.approvedMerchant();
    const cashiers: TokenPair[] = [];
    for (const displayName of ['收银员小王', '收银员小李']) cashiers.push(await a.cashier(m.owner, [m.store.id], displayName));
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 50_000);
    const sell = async (cashier: TokenPair, amountFen: number) => {
      const code = await memberCode(t, consumer, card.id);
      const body = { code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: unique('ORD') };
      return (await t.http.post('/merchant/redemptions').set(bearer(cashier)).send(body).expect(201)).body as { redemptionId: string };
    };
    return { ...m, wang: cashiers[0]!, li: cashiers[1]!, sell };
  }

  const shift = (staff: TokenPair, storeId: string) => t.http.get(`/merchant/shift?storeId=${storeId}`).set(bearer(staff));
  const handOver = (staff: TokenPair, storeId: string) => t.http.post('/merchant/shift/handover').set(bearer(staff)).send({ storeId });

  it("should count a cashier's own sales and reversals, and the owner's view by cashier", async () => {
    const s = await shop();
    const sale = await s.sell(s.wang, 10_000);
    await s.sell(s.wang, 2_000);
    await s.sell(s.li, 500);
    await t.http.post(`/merchant/redemptions/${sale.redemptionId}/reversals`).set(bearer(s.owner)).send({ amountFen: 10_000, reversalNo: unique('RV') }).expect(201);

    const wang = (await shift(s.wang, s.store.id).expect(200)).body as ShiftSummary;
    expect(wang.cashiers).toEqual([{ operatorId: expect.any(String), name: '收银员小王', count: 2, amountFen: 12_000, refundedFen: 10_000, netFen: 2_000 }]);
    expect(wang.endedAt).toBeNull();

    const owner = (await shift(s.owner, s.store.id).expect(200)).body as ShiftSummary;
    expect(owner.cashiers.map((c) => [c.name, c.count, c.netFen]).sort()).toEqual([
      ['收银员小李', 1, 500],
      ['收银员小王', 2, 2_000],
    ]);
    expect(owner.totals).toEqual({ count: 3, amountFen: 12_500, refundedFen: 10_000, netFen: 2_500 });
  });

  it('should end the shift at a handover, start the next one empty, and end it once for two taps', async () => {
    const s = await shop();
    await s.sell(s.wang, 3_000);

    const ended = (await handOver(s.wang, s.store.id).expect(200)).body as ShiftSummary;
    expect(ended.totals).toMatchObject({ count: 1, netFen: 3_000 });
    expect(ended.endedAt).toEqual(expect.any(String));

    const next = (await shift(s.wang, s.store.id).expect(200)).body as ShiftSummary;
    expect(next.startedAt).toBe(ended.endedAt);
    expect(next.totals).toEqual({ count: 0, amountFen: 0, refundedFen: 0, netFen: 0 });
    await s.sell(s.wang, 700);
    expect(((await shift(s.wang, s.store.id).expect(200)).body as ShiftSummary).totals.netFen).toBe(700);
    // the other cashier's shift is their own
    expect(((await shift(s.li, s.store.id).expect(200)).body as ShiftSummary).totals.count).toBe(0);
  });

  it('should refuse a store the cashier does not work at and a store of another merchant', async () => {
    const s = await shop();
    const other = (await t.http.post('/merchant/stores').set(bearer(s.owner)).send({ name: '二号店', address: '上海' }).expect(201)).body as { id: string };
    const elsewhere = await a.approvedMerchant();
    expect((await shift(s.wang, other.id).expect(403)).body.code).toBe('STORE_NOT_ALLOWED');
    expect((await handOver(s.wang, elsewhere.store.id).expect(404)).body.code).toBe('STORE_NOT_FOUND');
    expect((await shift(s.wang, 'not-a-uuid').expect(422)).body.code).toBe('VALIDATION_FAILED');
  });
});
