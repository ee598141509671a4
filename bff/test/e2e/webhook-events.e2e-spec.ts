import {
  businessDayOf,
  type CardView,
  type CouponView,
  type Page,
  type RedemptionView,
  type SettlementRunView,
  type StatementView,
  type TokenPair,
  type WebhookEndpointCreated,
  type WebhookEventType,
  type WebhookPayload,
} from '@jucard/shared';
import { Clock } from '../../src/common/clock';
import { WebhookDeliveryJob } from '../../src/webhooks/webhook-delivery.job';
import { actors, bearer, unique } from '../factories/actors';
import { couponTemplate } from '../factories/marketing';
import { claimCard, coverHeldPayouts, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';
import { eventually, Receiver } from '../support/webhook-receiver';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
jest.setTimeout(60_000);

/**
 * The events beyond a sale's (webhooks.e2e-spec covers card.topped_up / redeemed / reversed): each arrives exactly
 * once, verified with standardwebhooks, after the HTTP action that causes it, at its own merchant's endpoints only.
 */
describe('webhook events: claims, coupons, statements and payouts (e2e, verified with standardwebhooks)', () => {
  const t = useTestApp({ WEBHOOK_DELIVERY_INTERVAL_MS: '40', WEBHOOK_SCHEDULE_SCALE: '0.0002', MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);
  const receivers: Receiver[] = [];
  /** Another merchant's endpoint, subscribed to everything: it must never hear of the merchants under test. */
  let bystander: Receiver;
  let ops: TokenPair;

  beforeAll(async () => {
    ops = await a.operator();
    const other = await a.approvedMerchant();
    bystander = await receiver();
    bystander.secret = ((await t.http.post('/merchant/webhook-endpoints').set(bearer(other.owner)).send({ url: bystander.url }).expect(201)).body as WebhookEndpointCreated).secret;
  });

  afterEach(async () => {
    expect(bystander.verified).toEqual([]);
    expect(bystander.rejected).toEqual([]);
    await expectLedgerSound(t);
  });

  afterAll(async () => {
    for (const r of receivers.splice(0)) await r.stop();
  });

  async function receiver(): Promise<Receiver> {
    const r = await Receiver.started();
    receivers.push(r);
    return r;
  }

  /** A merchant (its KYC changed by `kyc`) with an endpoint taking every event, at a fresh receiver. */
  async function merchantWithEndpoint(kyc: { settlementAccountNo?: string } = {}) {
    const m = await a.approvedMerchant(kyc);
    const r = await receiver();
    const created = (await t.http.post('/merchant/webhook-endpoints').set(bearer(m.owner)).send({ url: r.url, description: 'CRM' }).expect(201)).body as WebhookEndpointCreated;
    r.secret = created.secret;
    return { ...m, receiver: r };
  }

  async function sale(owner: TokenPair, consumer: TokenPair, cardId: string, storeId: string, amountFen: number, couponId?: string): Promise<RedemptionView> {
    const code = await memberCode(t, consumer, cardId);
    const body = { code: code.numericCode, amountFen, storeId, merchantOrderNo: unique('ORD'), ...(couponId ? { couponId } : {}) };
    return (await t.http.post('/merchant/redemptions').set(bearer(owner)).send(body).expect(201)).body as RedemptionView;
  }

  /** The verified events of these types, once `count` of them have arrived and a few more job runs sent nothing twice. */
  async function arrived(r: Receiver, types: WebhookEventType[], count: number): Promise<WebhookPayload[]> {
    const ofTypes = () => r.verified.filter((v) => types.includes(v.payload.type));
    await eventually(`${count} × ${types.join(' / ')}`, () => ofTypes().length >= count);
    await pause(400);
    expect(r.rejected).toEqual([]);
    for (const v of r.verified) expect(r.countOf(v.id)).toBe(1);
    expect(ofTypes()).toHaveLength(count);
    return ofTypes().map((v) => v.payload);
  }

  const types = (r: Receiver) => r.verified.map((v) => v.payload.type);

  it('should send card.claimed once when a consumer claims a card of the merchant', async () => {
    const m = await merchantWithEndpoint();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    // a second claim of the same product is refused and tells nobody
    await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: m.product.claimToken }).expect(409);

    const [claimed] = await arrived(m.receiver, ['card.claimed'], 1);
    expect(claimed).toEqual({
      type: 'card.claimed',
      timestamp: card.createdAt,
      data: { cardId: card.id, cardNo: card.cardNo, productId: m.product.id, productName: m.product.name, kind: 'NAMED', expiresAt: null, claimedAt: card.createdAt },
    });
    expect(types(m.receiver)).toEqual(['card.claimed']);
  });

  it('should send coupon.issued once for every grant: issued by hand (a repeated request sends none), claimed from a link with or without a card', async () => {
    const m = await merchantWithEndpoint();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    const template = await couponTemplate(t, m.owner, { perConsumerLimit: 3 });
    const requestNo = unique('ISSUE');
    const issue = (body: object) => t.http.post(`/merchant/coupon-templates/${template.id}/issues`).set(bearer(m.owner)).send(body);
    const byCard = (await issue({ requestNo, cardNo: card.cardNo }).expect(201)).body as CouponView;
    // the same request number again answers the first coupon: no second grant, no second event
    expect(((await issue({ requestNo, cardNo: card.cardNo }).expect(201)).body as CouponView).id).toBe(byCard.id);
    const claimed = (await t.http.post('/me/coupons/claims').set(bearer(consumer)).send({ token: template.claimToken }).expect(201)).body as CouponView;
    await t.http.post('/me/coupons/claims').set(bearer(consumer)).send({ token: template.claimToken }).expect(409);
    // a consumer holding no card of the merchant can claim from the link too: the event names no card
    const stranger = await a.consumer();
    const strangers = (await t.http.post('/me/coupons/claims').set(bearer(stranger)).send({ token: template.claimToken }).expect(201)).body as CouponView;

    const issued = await arrived(m.receiver, ['coupon.issued'], 3);
    const byId = new Map(issued.map((p) => [(p as WebhookPayload<'coupon.issued'>).data.couponId, p as WebhookPayload<'coupon.issued'>]));
    const terms = { kind: 'AMOUNT_OFF', amountOffFen: 1_000, percentOff: null, capFen: null, thresholdFen: 10_000 };
    expect(byId.get(byCard.id)).toEqual({
      type: 'coupon.issued',
      timestamp: byCard.issuedAt,
      data: { couponId: byCard.id, templateId: template.id, name: '满100减10', ...terms, source: 'ISSUED', cardNo: card.cardNo, validFrom: byCard.validFrom, validUntil: byCard.validUntil, issuedAt: byCard.issuedAt },
    });
    expect(byId.get(claimed.id)?.data).toMatchObject({ templateId: template.id, source: 'CLAIMED', cardNo: card.cardNo, validUntil: claimed.validUntil });
    expect(byId.get(strangers.id)?.data).toMatchObject({ templateId: template.id, source: 'CLAIMED', cardNo: null });
    expect([...byId.keys()].sort()).toEqual([byCard.id, claimed.id, strangers.id].sort());
  });

  it('should send coupon.used with the sale that used the coupon, and name the coupon a full reversal gives back', async () => {
    const m = await merchantWithEndpoint();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 50_000);
    const template = await couponTemplate(t, m.owner);
    const coupon = (await t.http.post(`/merchant/coupon-templates/${template.id}/issues`).set(bearer(m.owner)).send({ requestNo: unique('ISSUE'), cardNo: card.cardNo }).expect(201))
      .body as CouponView;
    const plain = await sale(m.owner, consumer, card.id, m.store.id, 2_000);
    const withCoupon = await sale(m.owner, consumer, card.id, m.store.id, 12_000, coupon.id);
    expect(withCoupon.amountFen).toBe(11_000);

    const [used] = (await arrived(m.receiver, ['coupon.used'], 1)) as Array<WebhookPayload<'coupon.used'>>;
    expect(used).toEqual({
      type: 'coupon.used',
      timestamp: withCoupon.createdAt,
      data: {
        couponId: coupon.id,
        templateId: template.id,
        redemptionId: withCoupon.redemptionId,
        merchantOrderNo: withCoupon.merchantOrderNo,
        cardId: card.id,
        cardNo: card.cardNo,
        storeId: m.store.id,
        listPriceFen: 12_000,
        discountFen: 1_000,
        paidFen: 11_000,
        usedAt: withCoupon.createdAt,
      },
    });
    const redeemed = (await arrived(m.receiver, ['card.redeemed'], 2)).map((p) => (p as WebhookPayload<'card.redeemed'>).data);
    expect(redeemed.map((d) => [d.redemptionId, d.amountFen]).sort()).toEqual(
      [
        [plain.redemptionId, 2_000],
        [withCoupon.redemptionId, 11_000],
      ].sort(),
    );

    // a part reversal keeps the coupon used; reversing the rest gives it back, and the reversal's event says so
    await t.http.post(`/merchant/redemptions/${withCoupon.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 1_000, reversalNo: unique('RV') }).expect(201);
    await t.http.post(`/merchant/redemptions/${withCoupon.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 10_000, reversalNo: unique('RV') }).expect(201);
    await t.http.post(`/merchant/redemptions/${plain.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 2_000, reversalNo: unique('RV') }).expect(201);
    const reversed = (await arrived(m.receiver, ['card.reversed'], 3)).map((p) => (p as WebhookPayload<'card.reversed'>).data);
    expect(reversed.map((d) => [d.redemptionId, d.amountFen, d.remainingFen, d.restoredCouponId]).sort()).toEqual(
      [
        [withCoupon.redemptionId, 1_000, 10_000, null],
        [withCoupon.redemptionId, 10_000, 0, coupon.id],
        [plain.redemptionId, 2_000, 0, null],
      ].sort(),
    );
    expect((await t.http.get(`/me/coupons/${coupon.id}`).set(bearer(consumer)).expect(200)).body).toMatchObject({ status: 'AVAILABLE' });
    expect(types(m.receiver).filter((type) => type === 'coupon.used')).toHaveLength(1);
  });

  it('should send statement.settled when a day is settled, then payout.paid or, when the bank refuses, payout.failed', async () => {
    const paid = await merchantWithEndpoint();
    // the sandbox bank refuses a payee account ending 4004 (ACCOUNT_FROZEN)
    const refused = await merchantWithEndpoint({ settlementAccountNo: '6222020200112234004' });
    const holders: Array<{ m: typeof paid; card: CardView; consumer: TokenPair }> = [];
    for (const m of [paid, refused]) {
      const consumer = await a.consumer();
      const card = await claimCard(t, consumer, m.product.claimToken);
      await creditCard(t, card.id, 50_000);
      holders.push({ m, card, consumer });
    }
    for (const { m, card, consumer } of holders) {
      await sale(m.owner, consumer, card.id, m.store.id, 10_000);
      const second = await sale(m.owner, consumer, card.id, m.store.id, 5_000);
      await t.http.post(`/merchant/redemptions/${second.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 2_000, reversalNo: unique('RV') }).expect(201);
    }

    // a business day of this suite's own, well ahead (settled before it ends): no other suite settles it. While the
    // clock is ahead the delivery job is held: a delivery is signed with the time it is sent, and standardwebhooks
    // refuses a timestamp more than 5 minutes off
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const delivery = t.app.get(WebhookDeliveryJob);
    await delivery.beforeApplicationShutdown();
    clock.now = () => new Date(realNow().getTime() + 97 * 86_400_000);
    const day = businessDayOf(clock.now());
    try {
      await pause(1_100); // past the partial day's lag behind its cut-off
      const started = (await t.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate: day, overrideReason: '测试：回调事件' }).expect(202)).body as SettlementRunView;
      const read = async () => (await t.http.get(`/operator/settlement/runs/${started.id}`).set(bearer(ops)).expect(200)).body as SettlementRunView;
      expect((await until(`settlement run ${started.id}`, read, (run) => run.status !== 'RUNNING', { tries: 200, everyMs: 50 })).status).toBe('COMPLETED');
      // the channels settle into the custody reserve what the payouts need; then the payouts job pays them
      await coverHeldPayouts(t);
    } finally {
      clock.now = realNow;
      delivery.onApplicationBootstrap();
    }

    for (const m of [paid, refused]) {
      const [statement] = ((await t.http.get('/merchant/settlement/statements').set(bearer(m.owner)).expect(200)).body as Page<StatementView>).items;
      // ¥150 sold, ¥20 reversed: net ¥130, fee 0.60 % = ¥0.78, payout ¥129.22
      expect(statement).toMatchObject({ businessDate: day, netFen: 13_000, feeFen: 78, payoutFen: 12_922, status: m === paid ? 'PAID' : 'PAYOUT_FAILED' });
      const [settled] = (await arrived(m.receiver, ['statement.settled'], 1)) as Array<WebhookPayload<'statement.settled'>>;
      expect(settled).toEqual({
        type: 'statement.settled',
        timestamp: statement!.createdAt,
        data: {
          statementId: statement!.id,
          businessDate: day,
          redeemedPrincipalFen: 15_000,
          reversedPrincipalFen: 2_000,
          netFen: 13_000,
          feeRateBps: statement!.feeRateBps,
          feeFen: 78,
          payoutFen: 12_922,
          redemptionCount: 2,
          reversalCount: 1,
          settledAt: statement!.createdAt,
        },
      });
      if (m === paid) {
        const [payout] = (await arrived(m.receiver, ['payout.paid'], 1)) as Array<WebhookPayload<'payout.paid'>>;
        expect(payout!.data).toEqual({ statementId: statement!.id, businessDate: day, payoutFen: 12_922, bankReference: statement!.payoutReference, paidAt: statement!.paidAt });
        expect(types(m.receiver)).not.toContain('payout.failed');
      } else {
        const [failure] = (await arrived(m.receiver, ['payout.failed'], 1)) as Array<WebhookPayload<'payout.failed'>>;
        expect(failure!.data).toEqual({ statementId: statement!.id, businessDate: day, payoutFen: 12_922, code: 'ACCOUNT_FROZEN', reason: '账户已冻结', attempt: 1, failedAt: expect.any(String) });
        expect(statement!.payoutError).toBe('ACCOUNT_FROZEN: 账户已冻结');
        expect(types(m.receiver)).not.toContain('payout.paid');
      }
    }
  });
});
