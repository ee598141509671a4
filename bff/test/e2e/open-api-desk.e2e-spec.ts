import type { ApiKeyCreated, BalanceRefundView, CardProductView, CouponCheckView, CouponTemplateView, CouponView, OpenCardView, RedemptionView, RefundQuoteView, StoreView, TokenPair, TopUpView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer, productInput, unique } from '../factories/actors';
import { couponTemplate } from '../factories/marketing';
import { claimCard, memberCode, paidTopUp, sandboxControl } from '../factories/money';
import { phoneConsumer, randomPhone } from '../factories/phone-consumer';
import { signedRequest, type PosKey } from '../factories/pos';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

/** The open API's top-up order status, 退卡 at the counter (scope refunds) and coupons (scope coupons), signed. */
describe('open API v1: top-up order status, refunds and coupons (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  /** Every scope but the one a route needs: the route must still refuse. */
  const ALL_SCOPES = ['read_cards', 'redeem', 'topup_orders', 'refunds', 'coupons', 'webhooks'];
  const allBut = (scope: string) => ALL_SCOPES.filter((s) => s !== scope);

  const get = (key: PosKey, path: string) => signedRequest(t, key, 'GET', path);
  const post = (key: PosKey, path: string, body: unknown, idempotencyKey: string | null) => {
    const req = signedRequest(t, key, 'POST', path, body);
    return idempotencyKey === null ? req : req.set('Idempotency-Key', idempotencyKey);
  };

  /** A merchant with a ¥3,000 + ¥1,000 product (PRO_RATA) and a member holding a card of it, nothing paid yet. */
  async function shop(holder?: TokenPair) {
    const m = await a.approvedMerchant();
    const product = (
      await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ tiers: [{ payFen: 300_000, bonusFen: 100_000 }] })).expect(201)
    ).body as CardProductView;
    const consumer = holder ?? (await a.consumer());
    const card = await claimCard(t, consumer, product.claimToken);
    const key = async (scopes: string[], stores: StoreView[] = [m.store]) =>
      (await t.http.post('/merchant/api-keys').set(bearer(m.owner)).send({ name: 'ERP', scopes, storeIds: stores.map((s) => s.id) }).expect(201)).body as ApiKeyCreated;
    return { ...m, consumer, card, key };
  }

  const cardOf = async (key: PosKey, cardNo: string) => (await get(key, `/open/v1/cards/${cardNo}`).expect(200)).body as OpenCardView;

  it('should answer the status of a top-up order of the key’s merchant, to the topup_orders scope only', async () => {
    const s = await shop();
    const key = await s.key(['topup_orders']);
    const opened = (await post(key, '/open/v1/topup-orders', { cardNo: s.card.cardNo, amountFen: 300_000, channel: 'ALIPAY' }, randomUUID()).expect(201)).body as TopUpView;

    const paying = (await get(key, `/open/v1/topup-orders/${opened.orderId}`).expect(200)).body as TopUpView;
    expect(paying).toMatchObject({ orderId: opened.orderId, cardId: s.card.id, status: 'PAYING', amountFen: 300_000, bonusFen: 100_000, channel: 'ALIPAY', paidAt: null });
    await sandboxControl(t, `orders/alipay/${new URL(opened.cashierUrl!).pathname.split('/').pop()!}/pay`, {});
    const paid = await until('the payment', async () => (await get(key, `/open/v1/topup-orders/${opened.orderId}`).expect(200)).body as TopUpView, (v) => v.status === 'PAID');
    expect(paid.paidAt).not.toBeNull();

    // exactly its scope: every other scope is refused
    const others = await s.key(allBut('topup_orders'));
    expect((await get(others, `/open/v1/topup-orders/${opened.orderId}`).expect(403)).body.code).toBe('API_KEY_SCOPE_MISSING');
    // another merchant's order reads like an unknown one; a malformed id is refused as such
    const foreign = await (await shop()).key(['topup_orders']);
    expect((await get(foreign, `/open/v1/topup-orders/${opened.orderId}`).expect(404)).body.code).toBe('TOPUP_NOT_FOUND');
    expect((await get(key, `/open/v1/topup-orders/${randomUUID()}`).expect(404)).body.code).toBe('TOPUP_NOT_FOUND');
    expect((await get(key, '/open/v1/topup-orders/not-an-order').expect(422)).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { orderId: [expect.any(String)] } });
  });

  // docs/compliance.md: ¥3,000 + ¥1,000 bonus, ¥3,594 used → ¥2,695.50 counted against principal, ¥304.50 back
  it('should quote and give a card back at the counter once per Idempotency-Key, counted pro rata', async () => {
    await sandboxControl(t, 'time-scale', { scale: 1000 });
    const s = await shop();
    await paidTopUp(t, s.consumer, s.card.id, 300_000);
    const till = await s.key(['redeem', 'read_cards']);
    const code = await memberCode(t, s.consumer, s.card.id);
    await post(till, '/open/v1/redemptions', { code: code.numericCode, amountFen: 359_400, merchantOrderNo: unique('ERP') }, null).expect(201);
    const key = await s.key(['refunds']);
    const path = `/open/v1/cards/${s.card.cardNo}`;

    const quote = (await get(key, `${path}/refund-quote`).expect(200)).body as RefundQuoteView;
    const calculation = { rule: 'PRO_RATA', paidFen: 300_000, bonusGrantedFen: 100_000, consumedFen: 359_400, consumedPrincipalFen: 269_550, refundFen: 30_450, bonusForfeitedFen: 10_150 };
    expect(quote).toMatchObject({ ...calculation, cardId: s.card.id, principalBalanceFen: 30_450, bonusBalanceFen: 10_150 });

    // bad input is refused with its code and changes nothing
    expect((await post(key, `${path}/refunds`, { quotedRefundFen: 30_450 }, null).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await post(key, `${path}/refunds`, { quotedRefundFen: 30_450 }, 'short').expect(422)).body.code).toBe('VALIDATION_FAILED');
    expect((await post(key, `${path}/refunds`, { quotedRefundFen: -1 }, randomUUID()).expect(422)).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { quotedRefundFen: [expect.any(String)] } });
    expect((await post(key, `${path}/refunds`, { quotedRefundFen: 30_000 }, randomUUID()).expect(409)).body.code).toBe('REFUND_QUOTE_CHANGED');
    expect((await post(key, '/open/v1/cards/12345/refunds', {}, randomUUID()).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect(await cardOf(till, s.card.cardNo)).toMatchObject({ status: 'ACTIVE', balance: { principalFen: 30_450, bonusFen: 10_150 } });

    const idempotencyKey = randomUUID();
    const refund = (await post(key, `${path}/refunds`, { quotedRefundFen: quote.refundFen }, idempotencyKey).expect(201)).body as BalanceRefundView;
    expect(refund).toMatchObject({ cardId: s.card.id, principalFen: 30_450, bonusForfeitedFen: 10_150, calculation });
    // a retry answers the same refund; the same key with another body is refused
    expect(((await post(key, `${path}/refunds`, { quotedRefundFen: quote.refundFen }, idempotencyKey).expect(201)).body as BalanceRefundView).refundId).toBe(refund.refundId);
    expect((await post(key, `${path}/refunds`, {}, idempotencyKey).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const done = await until('the refund', async () => (await get(key, `${path}/refunds/${refund.refundId}`).expect(200)).body as BalanceRefundView, (v) => v.status !== 'PROCESSING');
    expect(done).toMatchObject({ status: 'SUCCEEDED', parts: [{ channel: 'WECHATPAY', amountFen: 30_450, status: 'SUCCEEDED' }], calculation });
    expect(await cardOf(till, s.card.cardNo)).toMatchObject({ status: 'CLOSED', balance: { principalFen: 0, bonusFen: 0 } });
    expect((await post(key, `${path}/refunds`, {}, randomUUID()).expect(409)).body.code).toBe('NOTHING_TO_REFUND');
    // audited as the consumer's 退卡, naming the API key that asked for it
    const audit = await t.app.get(DataSource).query<Array<{ actor_type: string; detail: string }>>("SELECT actor_type, detail FROM audit_log WHERE action = 'card.balance_refund_requested' AND target_id = ?", [s.card.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_type).toBe('consumer');
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ refundId: refund.refundId, viaApiKey: key.appKey });
    // the card.refunded event, written once with the refund (the replay above wrote no second one)
    const events = await t.app.get(DataSource).query<Array<{ payload: string }>>("SELECT payload FROM webhook_messages WHERE event_type = 'card.refunded' AND merchant_id = ?", [s.merchant.id]);
    expect(events.map((e) => (JSON.parse(e.payload) as { data: unknown }).data)).toEqual([
      { refundId: refund.refundId, cardId: s.card.id, cardNo: s.card.cardNo, kind: 'PRO_RATA', principalFen: 30_450, bonusForfeitedFen: 10_150, refundedFen: 30_450, channel: 'WECHATPAY', requestedAt: refund.createdAt },
    ]);

    // exactly its scope
    const others = await s.key(allBut('refunds'));
    for (const refused of [get(others, `${path}/refund-quote`), post(others, `${path}/refunds`, {}, randomUUID()), get(others, `${path}/refunds/${refund.refundId}`)]) {
      expect((await refused.expect(403)).body.code).toBe('API_KEY_SCOPE_MISSING');
    }
    // another merchant's key knows neither the card nor its refund; this merchant's other card does not own it
    const foreign = await (await shop()).key(['refunds']);
    expect((await get(foreign, `${path}/refund-quote`).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await post(foreign, `${path}/refunds`, {}, randomUUID()).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await get(foreign, `${path}/refunds/${refund.refundId}`).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    const second = await claimCard(t, await a.consumer(), s.product.claimToken);
    expect((await get(key, `/open/v1/cards/${second.cardNo}/refunds/${refund.refundId}`).expect(404)).body.code).toBe('REFUND_NOT_FOUND');
    expect((await get(key, `/open/v1/cards/${second.cardNo}/refund-quote`).expect(409)).body.code).toBe('NOTHING_TO_REFUND');
  });

  it('should issue a coupon by card number or phone once per Idempotency-Key, and check it for a sale', async () => {
    const phone = randomPhone();
    const s = await shop(await phoneConsumer(t, phone));
    await paidTopUp(t, s.consumer, s.card.id, 300_000);
    const template = await couponTemplate(t, s.owner, { perConsumerLimit: 2 });
    const key = await s.key(['coupons']);
    const issues = `/open/v1/coupon-templates/${template.id}/issues`;
    const issuedCount = async () => ((await t.http.get(`/merchant/coupon-templates/${template.id}`).set(bearer(s.owner)).expect(200)).body as CouponTemplateView).issuedCount;

    const idempotencyKey = randomUUID();
    const byCard = (await post(key, issues, { cardNo: s.card.cardNo }, idempotencyKey).expect(201)).body as CouponView;
    expect(byCard).toMatchObject({ templateId: template.id, merchantId: s.merchant.id, status: 'AVAILABLE', source: 'ISSUED', amountOffFen: 1_000, thresholdFen: 10_000 });
    expect(((await post(key, issues, { cardNo: s.card.cardNo }, idempotencyKey).expect(201)).body as CouponView).id).toBe(byCard.id);
    expect((await post(key, issues, { phone }, idempotencyKey).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const byPhone = (await post(key, issues, { phone }, randomUUID()).expect(201)).body as CouponView;
    expect(byPhone.id).not.toBe(byCard.id);
    expect(await issuedCount()).toBe(2);

    // bad input is refused with its code and issues nothing
    const other = await shop();
    const foreignTemplate = await couponTemplate(t, other.owner);
    for (const [body, header, status, code] of [
      [{ cardNo: s.card.cardNo }, null, 422, 'IDEMPOTENCY_KEY_REQUIRED'],
      [{ cardNo: s.card.cardNo, phone }, randomUUID(), 422, 'VALIDATION_FAILED'],
      [{}, randomUUID(), 422, 'VALIDATION_FAILED'],
      [{ phone: randomPhone() }, randomUUID(), 404, 'MEMBER_NOT_FOUND'],
      [{ cardNo: other.card.cardNo }, randomUUID(), 404, 'MEMBER_NOT_FOUND'],
      [{ cardNo: s.card.cardNo }, randomUUID(), 409, 'COUPON_LIMIT_REACHED'],
    ] as const) {
      expect([header, (await post(key, issues, body, header).expect(status)).body.code]).toEqual([header, code]);
    }
    expect((await post(key, `/open/v1/coupon-templates/${foreignTemplate.id}/issues`, { cardNo: s.card.cardNo }, randomUUID()).expect(404)).body.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    expect(await issuedCount()).toBe(2);

    const check = (k: PosKey, couponId: string, query: string) => get(k, `/open/v1/coupons/${couponId}/check?${query}`);
    const usable = (await check(key, byCard.id, `cardNo=${s.card.cardNo}&amountFen=12000`).expect(200)).body as CouponCheckView;
    expect(usable).toMatchObject({ couponId: byCard.id, usable: true, reason: null, amountFen: 12_000, discountFen: 1_000, payFen: 11_000, status: 'AVAILABLE' });
    expect((await check(key, byCard.id, `cardNo=${s.card.cardNo}&amountFen=5000`).expect(200)).body).toMatchObject({ usable: false, reason: 'COUPON_NOT_USABLE', discountFen: 0, payFen: 5_000 });
    expect((await check(key, byCard.id, `cardNo=${s.card.cardNo}&amountFen=12.5`).expect(422)).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { amountFen: expect.arrayContaining([expect.any(String)]) } });
    expect((await check(key, byCard.id, `cardNo=${s.card.cardNo}&amountFen=12000&storeId=${other.store.id}`).expect(403)).body.code).toBe('STORE_NOT_ALLOWED');
    expect((await check(key, randomUUID(), `cardNo=${s.card.cardNo}&amountFen=12000`).expect(404)).body.code).toBe('COUPON_NOT_FOUND');
    // another merchant sees neither the card nor the coupon
    const foreign = await other.key(['coupons']);
    expect((await check(foreign, byCard.id, `cardNo=${s.card.cardNo}&amountFen=12000`).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await check(foreign, byCard.id, `cardNo=${other.card.cardNo}&amountFen=12000`).expect(404)).body.code).toBe('COUPON_NOT_FOUND');
    expect((await post(foreign, issues, { cardNo: s.card.cardNo }, randomUUID()).expect(404)).body.code).toBe('COUPON_TEMPLATE_NOT_FOUND');

    // the sale takes exactly what the check said; checked again, the coupon is used
    const till = await s.key(['redeem']);
    const code = await memberCode(t, s.consumer, s.card.id);
    const sale = (await post(till, '/open/v1/redemptions', { code: code.numericCode, amountFen: 12_000, merchantOrderNo: unique('ERP'), couponId: byCard.id }, null).expect(201)).body as RedemptionView;
    expect(sale).toMatchObject({ amountFen: usable.payFen, coupon: { listPriceFen: 12_000, discountFen: usable.discountFen } });
    expect((await check(key, byCard.id, `cardNo=${s.card.cardNo}&amountFen=12000`).expect(200)).body).toMatchObject({ usable: false, reason: 'COUPON_USED', status: 'USED' });

    // exactly its scope
    const others = await s.key(allBut('coupons'));
    expect((await post(others, issues, { cardNo: s.card.cardNo }, randomUUID()).expect(403)).body.code).toBe('API_KEY_SCOPE_MISSING');
    expect((await check(others, byPhone.id, `cardNo=${s.card.cardNo}&amountFen=12000`).expect(403)).body.code).toBe('API_KEY_SCOPE_MISSING');
    expect(await issuedCount()).toBe(2);
  });
});
