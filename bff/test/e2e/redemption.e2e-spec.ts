import type { CardView, MemberCodeStatus, MemberCodeView, RedemptionList, RedemptionView, ReversalView, StoreView, TokenPair } from '@jucard/shared';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { signedRequest, type SigningOptions } from '../factories/pos';
import { actors, bearer, productInput, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe('member codes and redemption (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  const orderNo = () => unique('ORD');

  /** A merchant with a cashier, and a consumer holding a card with ¥500 principal + ¥50 bonus. */
  async function till(productOverrides: Record<string, unknown> = {}) {
    const m = await a.approvedMerchant();
    const product = Object.keys(productOverrides).length
      ? (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput(productOverrides)).expect(201)).body
      : m.product;
    const cashier = await a.cashier(m.owner, [m.store.id]);
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, product.claimToken);
    await creditCard(t, card.id, 50_000, 5_000);
    return { ...m, cashier, consumer, card };
  }

  const redeem = (staff: TokenPair, body: Record<string, unknown>) => t.http.post('/merchant/redemptions').set(bearer(staff)).send(body);

  it('should take ¥110 pro rata from principal and bonus, earn points, and show it on both sides at once', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    expect(code.numericCode).toMatch(/^93\d{16}$/);

    const res = await redeem(s.cashier, { code: code.numericCode, amountFen: 11_000, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(201);
    const receipt = res.body as RedemptionView;
    expect(receipt).toMatchObject({ amountFen: 11_000, principalFen: 10_000, bonusFen: 1_000, pointsEarned: 110, replayed: false });
    expect(receipt.balanceAfter).toEqual({ principalFen: 40_000, bonusFen: 4_000, totalFen: 44_000, points: 110 });

    const status = (await t.http.get(`/me/member-codes/${code.codeId}`).set(bearer(s.consumer)).expect(200)).body as MemberCodeStatus;
    expect(status).toMatchObject({ state: 'USED', redemption: { amountFen: 11_000, storeName: '一号店', balance: { totalFen: 44_000 } } });
    const card = (await t.http.get(`/me/cards/${s.card.id}`).set(bearer(s.consumer)).expect(200)).body as CardView;
    expect(card.balance).toEqual({ principalFen: 40_000, bonusFen: 4_000, totalFen: 44_000, points: 110 });
    const movements = (await t.http.get(`/me/cards/${s.card.id}/movements`).set(bearer(s.consumer)).expect(200)).body;
    expect(movements.items.filter((m: { kind: string }) => m.kind === 'REDEMPTION').map((m: { amount: number }) => m.amount).sort((x: number, y: number) => x - y)).toEqual([-10_000, -1_000]);

    const today = (await t.http.get(`/merchant/redemptions?storeId=${s.store.id}`).set(bearer(s.cashier)).expect(200)).body as RedemptionList;
    expect(today.items.map((r) => r.redemptionId)).toEqual([receipt.redemptionId]);
    expect(today.totals).toEqual({ count: 1, amountFen: 11_000, refundedFen: 0, netFen: 11_000 });
  });

  it('should replay the first answer for a repeated merchant order number and refuse it with another body', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const body = { code: code.qrPayload, amountFen: 2_000, storeId: s.store.id, merchantOrderNo: orderNo() };
    const first = (await redeem(s.cashier, body).expect(201)).body as RedemptionView;
    const again = (await redeem(s.cashier, body).expect(201)).body as RedemptionView;
    expect(again).toEqual({ ...first, replayed: true });
    const other = await redeem(s.cashier, { ...body, amountFen: 3_000 }).expect(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(((await t.http.get(`/me/cards/${s.card.id}`).set(bearer(s.consumer))).body as CardView).balance.totalFen).toBe(53_000);
  });

  it('should refuse a used code under a new order number', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    await redeem(s.cashier, { code: code.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(201);
    const replay = await redeem(s.cashier, { code: code.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(409);
    expect(replay.body).toMatchObject({ code: 'MEMBER_CODE_USED', messageZh: '会员码已使用，请让顾客刷新' });
  });

  it.each([
    ['a forged MAC', (code: MemberCodeView) => code.numericCode.slice(0, 12) + ((Number(code.numericCode.slice(12)) + 1) % 1_000_000).toString().padStart(6, '0')],
    ['a made-up code', () => '931000000001000000'],
    ['a WeChat payment code', () => '134567890123456789'],
    ['a tampered QR', (code: MemberCodeView) => code.qrPayload.slice(0, -2) + (code.qrPayload.endsWith('AA') ? 'BB' : 'AA')],
  ])('should refuse %s as MEMBER_CODE_INVALID', async (_label, mutate) => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const res = await redeem(s.cashier, { code: mutate(code), amountFen: 100, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(422);
    expect(res.body).toMatchObject({ code: 'MEMBER_CODE_INVALID', messageZh: '会员码无效，请让顾客刷新后重试' });
  });

  it('should refuse another merchant’s card without consuming the code', async () => {
    const s = await till();
    const other = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const res = await redeem(other.cashier, { code: code.numericCode, amountFen: 100, storeId: other.store.id, merchantOrderNo: orderNo() }).expect(409);
    expect(res.body).toMatchObject({ code: 'CARD_OF_ANOTHER_MERCHANT', messageZh: '此会员卡不属于本商户' });
    await redeem(s.cashier, { code: code.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(201);
  });

  it('should refuse a card at a store it is not accepted at, and a cashier at someone else’s store', async () => {
    const m = await a.approvedMerchant();
    const second = (await t.http.post('/merchant/stores').set(bearer(m.owner)).send({ name: '二号店', address: '北京' }).expect(201)).body as StoreView;
    const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ storeIds: [m.store.id] })).expect(201)).body;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, product.claimToken);
    await creditCard(t, card.id, 10_000);
    const code = await memberCode(t, consumer, card.id);

    const wrongStore = await redeem(m.owner, { code: code.numericCode, amountFen: 100, storeId: second.id, merchantOrderNo: orderNo() }).expect(409);
    expect(wrongStore.body).toMatchObject({ code: 'CARD_NOT_ACCEPTED_AT_STORE', messageZh: '此会员卡不能在本门店使用' });

    const cashier = await a.cashier(m.owner, [second.id], '二号店收银');
    const notHers = await redeem(cashier, { code: code.numericCode, amountFen: 100, storeId: m.store.id, merchantOrderNo: orderNo() }).expect(403);
    expect(notHers.body.code).toBe('STORE_NOT_ALLOWED');
    await t.http.get(`/merchant/redemptions?storeId=${m.store.id}`).set(bearer(cashier)).expect(403);
    await redeem(m.owner, { code: code.numericCode, amountFen: 100, storeId: m.store.id, merchantOrderNo: orderNo() }).expect(201);
  });

  it('should refuse more than the balance with 余额不足 and let the same code pay a smaller amount', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const res = await redeem(s.cashier, { code: code.numericCode, amountFen: 55_001, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(409);
    expect(res.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE', messageZh: '余额不足' });
    const ok = (await redeem(s.cashier, { code: code.numericCode, amountFen: 55_000, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(201)).body as RedemptionView;
    expect(ok.balanceAfter.totalFen).toBe(0);
  });

  it('should refuse a frozen card', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    await t.app.get(DataSource).query("UPDATE cards SET status = 'FROZEN' WHERE id = ?", [s.card.id]);
    const res = await redeem(s.cashier, { code: code.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(409);
    expect(res.body.code).toBe('CARD_NOT_ACTIVE');
    await t.http.post(`/me/cards/${s.card.id}/member-code`).set(bearer(s.consumer)).expect(409);
  });

  it.each([
    ['a zero amount', { amountFen: 0 }, 'amountFen'],
    ['a negative amount', { amountFen: -100 }, 'amountFen'],
    ['a fractional amount', { amountFen: 10.5 }, 'amountFen'],
    ['an oversized amount', { amountFen: 100_000_001 }, 'amountFen'],
    ['an amount as text', { amountFen: '100' }, 'amountFen'],
    ['a missing order number', { merchantOrderNo: undefined }, 'merchantOrderNo'],
  ])('should refuse %s with 422 and consume nothing', async (_label, change, field) => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const res = await redeem(s.cashier, { code: code.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: orderNo(), ...change }).expect(422);
    expect(res.body.errors[field]).toBeDefined();
    await redeem(s.cashier, { code: code.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(201);
  });

  it('should reverse a redemption in parts back to the same buckets, never beyond, with manager rights only', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const receipt = (await redeem(s.cashier, { code: code.numericCode, amountFen: 11_000, storeId: s.store.id, merchantOrderNo: orderNo() }).expect(201)).body as RedemptionView;
    const reverse = (staff: TokenPair, amountFen: number, reversalNo = unique('RV')) =>
      t.http.post(`/merchant/redemptions/${receipt.redemptionId}/reversals`).set(bearer(staff)).send({ amountFen, reversalNo, reason: '顾客退货' });

    expect((await reverse(s.cashier, 1_000).expect(403)).body.code).toBe('FORBIDDEN');
    const partNo = unique('RV');
    const part = (await reverse(s.owner, 5_500, partNo).expect(201)).body as ReversalView;
    expect(part).toMatchObject({ principalFen: 5_000, bonusFen: 500, pointsReversed: 55, remainingFen: 5_500 });
    expect((await reverse(s.owner, 5_500, partNo).expect(201)).body).toEqual({ ...part, replayed: true });
    expect((await reverse(s.owner, 5_501).expect(409)).body).toMatchObject({ code: 'REVERSAL_EXCEEDS_REMAINING', messageZh: '冲正金额超过这笔消费还可冲正的金额' });
    await reverse(s.owner, 5_500).expect(201);
    await reverse(s.owner, 1).expect(409);

    const card = (await t.http.get(`/me/cards/${s.card.id}`).set(bearer(s.consumer)).expect(200)).body as CardView;
    expect(card.balance).toEqual({ principalFen: 50_000, bonusFen: 5_000, totalFen: 55_000, points: 0 });
    const today = (await t.http.get('/merchant/redemptions').set(bearer(s.owner)).expect(200)).body as RedemptionList;
    expect(today.totals).toEqual({ count: 1, amountFen: 11_000, refundedFen: 11_000, netFen: 0 });
    const other = await till();
    await t.http.post(`/merchant/redemptions/${receipt.redemptionId}/reversals`).set(bearer(other.owner)).send({ amountFen: 1, reversalNo: unique('RV') }).expect(404);
  });

  it('should serve a signed POS request once and refuse forged, stale and replayed ones', async () => {
    const s = await till();
    const app = (await t.http.post('/merchant/pos-apps').set(bearer(s.owner)).send({ storeId: s.store.id, name: '前台收银机' }).expect(201)).body;
    const send = async (body: object, options: SigningOptions = {}) => signedRequest(t, app, 'POST', '/pos/redemptions', body, options);
    const code = await memberCode(t, s.consumer, s.card.id);
    const body = { code: code.numericCode, amountFen: 1_000, merchantOrderNo: orderNo() };

    expect((await send(body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await send(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).body.code).toBe('POS_REQUEST_EXPIRED');
    const nonce = randomBytes(12).toString('hex');
    const ok = await send(body, { nonce });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ amountFen: 1_000, storeId: s.store.id });
    expect((await send(body, { nonce })).body.code).toBe('POS_REQUEST_REPLAYED');
    expect((await send(body)).body).toMatchObject({ replayed: true, redemptionId: ok.body.redemptionId });
  });

  it('should let exactly ⌊balance/amount⌋ of 500 concurrent redemptions on one card succeed over HTTP', async () => {
    const s = await till({ deductionRule: 'PRINCIPAL_FIRST' });
    const codes = await Promise.all(Array.from({ length: 500 }, () => memberCode(t, s.consumer, s.card.id)));
    const amount = 123;
    const results = await Promise.all(
      codes.map((code) => redeem(s.cashier, { code: code.numericCode, amountFen: amount, storeId: s.store.id, merchantOrderNo: orderNo() })),
    );
    const succeeded = results.filter((r) => r.status === 201).length;
    const refused = results.filter((r) => r.status === 409 && r.body.code === 'INSUFFICIENT_BALANCE').length;
    expect(succeeded).toBe(Math.floor(55_000 / amount));
    expect(refused).toBe(500 - succeeded);
    const card = (await t.http.get(`/me/cards/${s.card.id}`).set(bearer(s.consumer)).expect(200)).body as CardView;
    expect(card.balance.totalFen).toBe(55_000 - succeeded * amount);
    expect(card.balance.principalFen).toBeGreaterThanOrEqual(0);
    expect(card.balance.bonusFen).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('should let the same code succeed at exactly one of two stores presented at once', async () => {
    const m = await a.approvedMerchant();
    const second = (await t.http.post('/merchant/stores').set(bearer(m.owner)).send({ name: '二号店', address: '北京' }).expect(201)).body as StoreView;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 100_000);
    for (let round = 0; round < 20; round++) {
      const code = await memberCode(t, consumer, card.id);
      const [x, y] = await Promise.all([
        redeem(m.owner, { code: code.numericCode, amountFen: 100, storeId: m.store.id, merchantOrderNo: orderNo() }),
        redeem(m.owner, { code: code.numericCode, amountFen: 100, storeId: second.id, merchantOrderNo: orderNo() }),
      ]);
      expect([x.status, y.status].sort()).toEqual([201, 409]);
      expect([x, y].find((r) => r.status === 409)!.body.code).toBe('MEMBER_CODE_USED');
    }
    expect(((await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer))).body as CardView).balance.totalFen).toBe(100_000 - 20 * 100);
  });
});
