import type { BalanceRefundView, CardView, MemberCodeInspection, MemberLadderView, MembershipView, RedemptionView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, memberCode, paidTopUp, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

/** 会员等级 (docs/marketing.md, "Member levels"): a ladder by cumulative top-up, points multiplied at the till. */
describe('member levels (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  beforeAll(async () => {
    await sandboxControl(t, 'time-scale', { scale: 1000 });
  });
  afterEach(() => expectLedgerSound(t));

  type Merchant = Awaited<ReturnType<typeof a.approvedMerchant>>;
  const LADDER = [
    { name: '银卡', thresholdFen: 50_000, pointsMultiplierPct: 100 },
    { name: '金卡', thresholdFen: 150_000, pointsMultiplierPct: 150 },
  ];
  const setLadder = (m: Merchant, levels: unknown[]) => t.http.put('/merchant/member-levels').set(bearer(m.owner)).send({ levels });
  const membership = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}/membership`).set(bearer(consumer)).expect(200)).body as MembershipView;
  const sale = async (m: Merchant, consumer: TokenPair, cardId: string, amountFen: number) => {
    const code = await memberCode(t, consumer, cardId);
    return (await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: unique('ORD') }).expect(201)).body as RedemptionView;
  };

  it('should raise a member the moment a paid top-up crosses a threshold, earn the level’s points at the till, and count a refund off', async () => {
    const m = await a.approvedMerchant();
    const saved = (await setLadder(m, LADDER).expect(200)).body as MemberLadderView;
    expect(saved.levels.map((l) => [l.rank, l.name, l.thresholdFen, l.pointsMultiplierPct])).toEqual([
      [1, '银卡', 50_000, 100],
      [2, '金卡', 150_000, 150],
    ]);
    expect(((await t.http.get('/merchant/member-levels').set(bearer(m.owner)).expect(200)).body as MemberLadderView).levels).toEqual(saved.levels);

    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    expect(await membership(consumer, card.id)).toMatchObject({ cardId: card.id, merchantName: m.merchant.displayName, toppedUpFen: 0, level: null, next: { level: { name: '银卡' }, missingFen: 50_000 } });

    await paidTopUp(t, consumer, card.id, 50_000);
    expect(await membership(consumer, card.id)).toMatchObject({ toppedUpFen: 50_000, level: { name: '银卡', rank: 1 }, next: { level: { name: '金卡' }, missingFen: 100_000 } });
    expect((await sale(m, consumer, card.id, 10_000)).pointsEarned).toBe(100);

    await paidTopUp(t, consumer, card.id, 100_000);
    expect(await membership(consumer, card.id)).toMatchObject({ toppedUpFen: 150_000, level: { name: '金卡', rank: 2 }, next: null });
    // ¥100 at 1 point per yuan, ×1.5 for 金卡
    expect((await sale(m, consumer, card.id, 10_000)).pointsEarned).toBe(150);
    expect(((await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView).balance.points).toBe(250);

    // 退卡: what goes back no longer counts, and the member is back below 金卡
    const refund = (await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID() }).expect(201)).body as BalanceRefundView;
    await until('the refund', async () => (await t.http.get(`/me/cards/${card.id}/refunds/${refund.refundId}`).set(bearer(consumer)).expect(200)).body as BalanceRefundView, (v) => v.status === 'SUCCEEDED');
    const after = await membership(consumer, card.id);
    // more than ¥1,000 of the ¥1,500 goes back (¥200 was spent): below 银卡's ¥500 again
    expect(refund.principalFen).toBeGreaterThan(100_000);
    expect(after).toMatchObject({ toppedUpFen: 150_000 - refund.principalFen, level: null, next: { level: { name: '银卡' } } });
  });

  it('should take a level’s discount at the till — shown when the code is scanned, on the sale and its replay — and charge the card only the rest', async () => {
    const m = await a.approvedMerchant();
    await setLadder(m, [{ name: '金卡', thresholdFen: 50_000, pointsMultiplierPct: 100, discountRate: 95 }]).expect(200);
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(t, consumer, card.id, 50_000);
    const before = ((await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView).balance.totalFen;

    const code = await memberCode(t, consumer, card.id);
    const seen = (await t.http.post('/merchant/member-codes/inspect').set(bearer(m.owner)).send({ code: code.numericCode, storeId: m.store.id, amountFen: 10_001 }).expect(200)).body as MemberCodeInspection;
    expect(seen.memberLevel).toEqual({ name: '金卡', discountRate: 95 });
    // ¥100.01 at 9.5折: the member pays ¥95.01 (rounded up), ¥5.00 off
    const orderNo = unique('ORD');
    const sold = (await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 10_001, storeId: m.store.id, merchantOrderNo: orderNo }).expect(201)).body as RedemptionView;
    expect(sold).toMatchObject({ amountFen: 9_501, memberDiscount: { levelName: '金卡', discountFen: 500 }, pointsEarned: 95 });
    const again = (await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 10_001, storeId: m.store.id, merchantOrderNo: orderNo }).expect(201)).body as RedemptionView;
    expect(again).toMatchObject({ redemptionId: sold.redemptionId, replayed: true, amountFen: 9_501, memberDiscount: { levelName: '金卡', discountFen: 500 } });
    expect(((await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView).balance.totalFen).toBe(before - 9_501);
    // a reversal gives back at most what the card paid
    const reverse = (amountFen: number) => t.http.post(`/merchant/redemptions/${sold.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen, reversalNo: unique('RV'), reason: '顾客退货' });
    await reverse(10_001).expect(409);
    await reverse(9_501).expect(201);

    // a level without a discount gives none, and the till is told so
    await setLadder(m, [{ name: '金卡', thresholdFen: 50_000, pointsMultiplierPct: 100 }]).expect(200);
    const next = await memberCode(t, consumer, card.id);
    expect(((await t.http.post('/merchant/member-codes/inspect').set(bearer(m.owner)).send({ code: next.numericCode, storeId: m.store.id, amountFen: 1_000 }).expect(200)).body as MemberCodeInspection).memberLevel).toBeNull();
    const full = (await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: next.numericCode, amountFen: 1_000, storeId: m.store.id, merchantOrderNo: unique('ORD') }).expect(201)).body as RedemptionView;
    expect(full.amountFen).toBe(1_000);
    expect(full.memberDiscount).toBeUndefined();
  });

  it('should apply an edit of the ladder to every member at once, and an empty ladder takes the levels away', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(t, consumer, card.id, 50_000);
    expect((await membership(consumer, card.id)).level).toBeNull();
    await setLadder(m, [{ name: '银卡', thresholdFen: 10_000, pointsMultiplierPct: 200 }]).expect(200);
    expect((await membership(consumer, card.id)).level).toMatchObject({ name: '银卡', pointsMultiplierPct: 200 });
    expect((await sale(m, consumer, card.id, 1_000)).pointsEarned).toBe(20);
    await setLadder(m, []).expect(200);
    expect(await membership(consumer, card.id)).toMatchObject({ level: null, next: null });
    expect((await sale(m, consumer, card.id, 1_000)).pointsEarned).toBe(10);
  });

  it('should refuse a ladder out of order, a repeated name, a lower multiplier higher up, and bad fields, changing nothing', async () => {
    const m = await a.approvedMerchant();
    await setLadder(m, LADDER).expect(200);
    const refusals: Array<[unknown[], string]> = [
      [[LADDER[1], LADDER[0]], 'levels.1.thresholdFen'],
      [[LADDER[0], { ...LADDER[1], name: '银卡' }], 'levels.1.name'],
      [[LADDER[0], { ...LADDER[1], pointsMultiplierPct: 100 }, { name: '钻石卡', thresholdFen: 300_000, pointsMultiplierPct: 90 }], 'levels'],
      [[{ ...LADDER[0], discountRate: 95 }, { ...LADDER[1], discountRate: 98 }], 'levels.1.discountRate'],
      [[{ ...LADDER[0], discountRate: 40 }], 'levels'],
      [[{ ...LADDER[0], thresholdFen: 0 }], 'levels'],
    ];
    for (const [levels, field] of refusals) {
      const refused = await setLadder(m, levels).expect(422);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    // the form shows the BFF's own Chinese sentence at the field
    const out = await setLadder(m, [LADDER[1], LADDER[0]]).expect(422);
    expect(out.body.errorsZh['levels.1.thresholdFen']).toEqual(['累计充值门槛要高于上一级「金卡」']);
    expect(((await t.http.get('/merchant/member-levels').set(bearer(m.owner)).expect(200)).body as MemberLadderView).levels.map((l) => l.name)).toEqual(['银卡', '金卡']);
  });

  it('should keep each merchant’s ladder its own, for owners and managers only, and a stranger’s card unknown', async () => {
    const m = await a.approvedMerchant();
    const other = await a.approvedMerchant();
    await setLadder(m, LADDER).expect(200);
    expect(((await t.http.get('/merchant/member-levels').set(bearer(other.owner)).expect(200)).body as MemberLadderView).levels).toEqual([]);
    const cashier = await a.cashier(m.owner, [m.store.id]);
    await t.http.put('/merchant/member-levels').set(bearer(cashier)).send({ levels: [] }).expect(403);
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    const stranger = await a.consumer();
    expect((await t.http.get(`/me/cards/${card.id}/membership`).set(bearer(stranger)).expect(404)).body.code).toBe('CARD_NOT_FOUND');
  });
});
