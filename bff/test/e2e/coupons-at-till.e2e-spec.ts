import type { CouponTemplateInput, CouponView, MemberCodeInspection, RedemptionView, StoreView, TokenPair } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { sqlTime } from '../../src/database/sql-values';
import { actors, bearer, unique } from '../factories/actors';
import { couponTemplate } from '../factories/marketing';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe('coupons at the till (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  /** A merchant with two stores, a member holding ¥500 on its card, and one coupon of `terms` issued to them. */
  async function member(terms: Partial<CouponTemplateInput> = {}) {
    const m = await a.approvedMerchant();
    const other = (await t.http.post('/merchant/stores').set(bearer(m.owner)).send({ name: '二号店', address: '上海' }).expect(201)).body as StoreView;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 50_000);
    const template = await couponTemplate(t, m.owner, terms);
    const coupon = (await t.http.post(`/merchant/coupon-templates/${template.id}/issues`).set(bearer(m.owner)).send({ requestNo: unique('ISSUE'), cardNo: card.cardNo }).expect(201))
      .body as CouponView;
    return { ...m, other, consumer, card, template, coupon };
  }

  const sale = (staff: TokenPair, body: Record<string, unknown>) => t.http.post('/merchant/redemptions').set(bearer(staff)).send({ merchantOrderNo: unique('ORD'), ...body });
  const balanceOf = async (consumer: TokenPair, cardId: string) =>
    ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as { balance: { principalFen: number } }).balance.principalFen;
  const couponOf = async (consumer: TokenPair, couponId: string) => (await t.http.get(`/me/coupons/${couponId}`).set(bearer(consumer)).expect(200)).body as CouponView;
  const couponRows = (redemptionId: string) => t.app.get(DataSource).query('SELECT list_price_fen, discount_fen, paid_fen, restored_at FROM coupon_redemptions WHERE redemption_id = ?', [redemptionId]);

  it('should offer the member’s usable coupons after the scan, priced for the amount, best first', async () => {
    const s = await member();
    const better = await couponTemplate(t, s.owner, { name: '9折最高减30', kind: 'PERCENT_OFF', amountOffFen: null, percentOff: 10, capFen: 3_000, thresholdFen: 0 });
    await t.http.post(`/merchant/coupon-templates/${better.id}/issues`).set(bearer(s.owner)).send({ requestNo: unique('ISSUE'), cardNo: s.card.cardNo }).expect(201);
    const code = await memberCode(t, s.consumer, s.card.id);

    const seen = (await t.http.post('/merchant/member-codes/inspect').set(bearer(s.owner)).send({ code: code.numericCode, storeId: s.store.id, amountFen: 20_000 }).expect(200))
      .body as MemberCodeInspection;

    expect(seen.coupons?.map((c) => [c.name, c.discountFen])).toEqual([
      ['9折最高减30', 2_000],
      ['满100减10', 1_000],
    ]);
    const below = (await t.http.post('/merchant/member-codes/inspect').set(bearer(s.owner)).send({ code: code.numericCode, storeId: s.store.id, amountFen: 5_000 }).expect(200))
      .body as MemberCodeInspection;
    expect(below.coupons?.map((c) => [c.name, c.discountFen])).toEqual([
      ['9折最高减30', 500],
      ['满100减10', null],
    ]);
  });

  it('should charge the card the list price less the coupon, record 原价 / 优惠券 / 实付, and use the coupon once', async () => {
    const s = await member();
    const code = await memberCode(t, s.consumer, s.card.id);

    const res = await sale(s.owner, { code: code.numericCode, amountFen: 12_000, storeId: s.store.id, couponId: s.coupon.id }).expect(201);

    const receipt = res.body as RedemptionView;
    expect(receipt).toMatchObject({ amountFen: 11_000, principalFen: 11_000, coupon: { couponId: s.coupon.id, listPriceFen: 12_000, discountFen: 1_000, paidFen: 11_000 } });
    expect(await balanceOf(s.consumer, s.card.id)).toBe(39_000);
    expect(await couponRows(receipt.redemptionId)).toEqual([expect.objectContaining({ restored_at: null })]);
    expect((await couponOf(s.consumer, s.coupon.id)).status).toBe('USED');

    const again = await memberCode(t, s.consumer, s.card.id);
    const second = await sale(s.owner, { code: again.numericCode, amountFen: 12_000, storeId: s.store.id, couponId: s.coupon.id }).expect(409);
    expect(second.body).toMatchObject({ code: 'COUPON_USED', messageZh: '优惠券已被使用', requestId: expect.any(String) });
    expect(await balanceOf(s.consumer, s.card.id)).toBe(39_000);
    // the refused sale gave its member code back: it pays without the coupon
    await sale(s.owner, { code: again.numericCode, amountFen: 1_000, storeId: s.store.id }).expect(201);
  });

  it('should answer a resent coupon sale from its first receipt', async () => {
    const s = await member();
    const code = await memberCode(t, s.consumer, s.card.id);
    const body = { code: code.numericCode, amountFen: 12_000, storeId: s.store.id, couponId: s.coupon.id, merchantOrderNo: unique('ORD') };
    const first = (await sale(s.owner, body).expect(201)).body as RedemptionView;
    const resent = (await sale(s.owner, body).expect(201)).body as RedemptionView;
    expect(resent).toEqual({ ...first, replayed: true });
    expect(await balanceOf(s.consumer, s.card.id)).toBe(39_000);
  });

  it.each<[string, { amountFen?: number; couponId?: string }, string]>([
    ['below its threshold', { amountFen: 9_000 }, 'COUPON_NOT_USABLE'],
    ['of another member', { couponId: 'foreign' }, 'COUPON_NOT_FOUND'],
    ['made up', { couponId: '8e9b2f4e-4d7c-4a55-9a55-3b1b9e1c0d11' }, 'COUPON_NOT_FOUND'],
  ])('should refuse a coupon %s, charging nothing', async (_, overrides, codeName) => {
    const s = await member();
    let couponId = s.coupon.id;
    if (overrides.couponId === 'foreign') {
      const stranger = await member();
      couponId = stranger.coupon.id;
    } else if (overrides.couponId) couponId = overrides.couponId;
    const code = await memberCode(t, s.consumer, s.card.id);
    const res = await sale(s.owner, { code: code.numericCode, amountFen: overrides.amountFen ?? 12_000, storeId: s.store.id, couponId }).expect(codeName === 'COUPON_NOT_FOUND' ? 404 : 409);
    expect(res.body.code).toBe(codeName);
    expect(await balanceOf(s.consumer, s.card.id)).toBe(50_000);
    expect((await couponOf(s.consumer, s.coupon.id)).status).toBe('AVAILABLE');
  });

  it('should let one of two sales presenting one coupon at once at two stores win; the other is refused and charges nothing', async () => {
    const s = await member();
    const [first, second] = [await memberCode(t, s.consumer, s.card.id), await memberCode(t, s.consumer, s.card.id)];

    const answers = await Promise.all([
      sale(s.owner, { code: first.numericCode, amountFen: 12_000, storeId: s.store.id, couponId: s.coupon.id }),
      sale(s.owner, { code: second.numericCode, amountFen: 12_000, storeId: s.other.id, couponId: s.coupon.id }),
    ]);

    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('COUPON_USED');
    expect(await balanceOf(s.consumer, s.card.id)).toBe(39_000);
    const [row] = await t.app.get(DataSource).query<Array<{ n: unknown }>>('SELECT COUNT(*) AS n FROM coupon_redemptions WHERE coupon_id = ?', [s.coupon.id]);
    expect(Number(row!.n)).toBe(1);
  });

  it('should give the coupon back when its sale is reversed in full while it is in date, and not on a partial reversal', async () => {
    const s = await member();
    const code = await memberCode(t, s.consumer, s.card.id);
    const receipt = (await sale(s.owner, { code: code.numericCode, amountFen: 12_000, storeId: s.store.id, couponId: s.coupon.id }).expect(201)).body as RedemptionView;
    const reverse = (amountFen: number) => t.http.post(`/merchant/redemptions/${receipt.redemptionId}/reversals`).set(bearer(s.owner)).send({ amountFen, reversalNo: unique('RV') });

    await reverse(1_000).expect(201);
    expect((await couponOf(s.consumer, s.coupon.id)).status).toBe('USED');
    await reverse(10_000).expect(201);

    expect(await couponOf(s.consumer, s.coupon.id)).toMatchObject({ status: 'AVAILABLE', usedAt: null });
    expect(await couponRows(receipt.redemptionId)).toEqual([expect.objectContaining({ restored_at: expect.anything() })]);
    expect(await balanceOf(s.consumer, s.card.id)).toBe(50_000);
    const next = await memberCode(t, s.consumer, s.card.id);
    await sale(s.owner, { code: next.numericCode, amountFen: 12_000, storeId: s.store.id, couponId: s.coupon.id }).expect(201);
  });

  it('should keep the coupon used when its sale is reversed after the coupon ended', async () => {
    const s = await member();
    const code = await memberCode(t, s.consumer, s.card.id);
    const receipt = (await sale(s.owner, { code: code.numericCode, amountFen: 12_000, storeId: s.store.id, couponId: s.coupon.id }).expect(201)).body as RedemptionView;
    await t.app.get(DataSource).query('UPDATE coupons SET valid_until = ? WHERE id = ?', [sqlTime(new Date(Date.now() - 60_000)), s.coupon.id]);

    await t.http.post(`/merchant/redemptions/${receipt.redemptionId}/reversals`).set(bearer(s.owner)).send({ amountFen: 11_000, reversalNo: unique('RV') }).expect(201);

    expect((await couponOf(s.consumer, s.coupon.id)).status).toBe('USED');
    expect(await couponRows(receipt.redemptionId)).toEqual([expect.objectContaining({ restored_at: null })]);
  });
});
