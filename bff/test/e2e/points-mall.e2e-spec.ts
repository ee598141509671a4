import type { CardProductView, CardView, CouponView, PointsExchangeView, PointsItemView, PointsMallView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { PointsExpiryJob } from '../../src/marketing/points-expiry.job';
import { actors, bearer, productInput, unique } from '../factories/actors';
import { couponTemplate } from '../factories/marketing';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

/** 积分商城 (docs/marketing.md, "Points mall") over HTTP: points earned at the till, spent for coupons. */
describe('points mall (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  type Merchant = Awaited<ReturnType<typeof a.approvedMerchant>>;

  /** A member of `m` whose card earned points on a ¥`yuan` sale (the product earns 1 point per yuan). */
  async function memberWithPoints(m: Merchant, yuan: number) {
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 100_000);
    const code = await memberCode(t, consumer, card.id);
    await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: yuan * 100, storeId: m.store.id, merchantOrderNo: unique('ORD') }).expect(201);
    return { consumer, card };
  }

  const item = async (m: Merchant, pointsPrice: number, stock: number, terms = {}) => {
    const template = await couponTemplate(t, m.owner, { totalQuantity: 1_000, ...terms });
    const created = (await t.http.post('/merchant/points-items').set(bearer(m.owner)).send({ couponTemplateId: template.id, pointsPrice, stock }).expect(201)).body as PointsItemView;
    return { template, item: created };
  };
  const mall = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}/points-mall`).set(bearer(consumer)).expect(200)).body as PointsMallView;
  const exchange = (consumer: TokenPair, cardId: string, itemId: string, idempotencyKey = randomUUID()) =>
    t.http.post(`/me/cards/${cardId}/points-exchanges`).set(bearer(consumer)).send({ itemId, idempotencyKey });
  const pointsOf = async (consumer: TokenPair, cardId: string) => ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView).balance.points;
  const coupons = async (consumer: TokenPair) => (await t.http.get('/me/coupons').set(bearer(consumer)).expect(200)).body as CouponView[];
  const itemsOf = async (m: Merchant) => (await t.http.get('/merchant/points-items').set(bearer(m.owner)).expect(200)).body as PointsItemView[];

  it('should exchange points for a coupon in one posting, answer a repeat with the first exchange, and let the coupon pay at the till', async () => {
    const m = await a.approvedMerchant();
    const { consumer, card } = await memberWithPoints(m, 100);
    const { template, item: offered } = await item(m, 60, 10);
    const seen = await mall(consumer, card.id);
    expect(seen).toMatchObject({ cardId: card.id, merchantName: m.merchant.displayName, points: 100 });
    expect(seen.items.map((i) => [i.id, i.pointsPrice, i.remaining, i.coupon.name])).toEqual([[offered.id, 60, 10, template.name]]);

    const key = randomUUID();
    const first = (await exchange(consumer, card.id, offered.id, key).expect(201)).body as PointsExchangeView;
    expect(first).toMatchObject({ itemId: offered.id, cardId: card.id, points: 60, pointsLeft: 40, coupon: { templateId: template.id, source: 'EXCHANGED', status: 'AVAILABLE' } });
    // a retry (a lost answer, a second tap) is the same exchange: no second posting, no second coupon
    const again = (await exchange(consumer, card.id, offered.id, key).expect(201)).body as PointsExchangeView;
    expect(again).toMatchObject({ exchangeId: first.exchangeId, coupon: { id: first.coupon.id }, pointsLeft: 40 });
    const another = (await item(m, 1, 1)).item;
    expect((await exchange(consumer, card.id, another.id, key).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await pointsOf(consumer, card.id)).toBe(40);
    expect((await coupons(consumer)).map((c) => [c.id, c.source])).toEqual([[first.coupon.id, 'EXCHANGED']]);
    expect((await itemsOf(m)).find((i) => i.id === offered.id)).toMatchObject({ exchangedCount: 1, remaining: 9 });
    expect((await itemsOf(m)).find((i) => i.id === another.id)).toMatchObject({ exchangedCount: 0 });

    // one POINTS posting under the exchange's id, card → the merchant's points pool
    const db = t.app.get(DataSource);
    const legs = await db.query<Array<{ amount: number | string; ledger: number | string }>>('SELECT amount, ledger FROM ledger_transfers WHERE operation_id = ?', [`points-exchange:${first.exchangeId}`]);
    expect(legs.map((l) => [Number(l.amount), Number(l.ledger)])).toEqual([[60, 3]]);
    const movements = (await t.http.get(`/me/cards/${card.id}/movements`).set(bearer(consumer)).expect(200)).body as { items: Array<{ kind: string; amount: number; ledger: string; correlationId: string }> };
    expect(movements.items.find((mv) => mv.correlationId === `points-exchange:${first.exchangeId}`)).toMatchObject({ kind: 'POINTS', amount: -60, ledger: 'POINTS' });

    const code = await memberCode(t, consumer, card.id);
    const sold = await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 12_000, storeId: m.store.id, couponId: first.coupon.id, merchantOrderNo: unique('ORD') }).expect(201);
    expect(sold.body).toMatchObject({ amountFen: 11_000, coupon: { couponId: first.coupon.id, discountFen: 1_000 } });
  });

  it('should refuse an exchange the card has not the points for, and change nothing', async () => {
    const m = await a.approvedMerchant();
    const { consumer, card } = await memberWithPoints(m, 100);
    const { template, item: dear } = await item(m, 101, 10);
    const refused = await exchange(consumer, card.id, dear.id).expect(409);
    expect(refused.body).toMatchObject({ code: 'POINTS_INSUFFICIENT', messageZh: '积分不足，无法兑换', requestId: expect.any(String) });
    expect(await pointsOf(consumer, card.id)).toBe(100);
    expect(await coupons(consumer)).toEqual([]);
    expect((await itemsOf(m))[0]).toMatchObject({ id: dear.id, exchangedCount: 0 });
    const templateNow = (await t.http.get(`/merchant/coupon-templates/${template.id}`).set(bearer(m.owner)).expect(200)).body as { issuedCount: number };
    expect(templateNow.issuedCount).toBe(0);
  });

  it('should spend a card’s points once when it exchanges five times at once with points for one', async () => {
    const m = await a.approvedMerchant();
    const { consumer, card } = await memberWithPoints(m, 100);
    const { item: offered } = await item(m, 60, 10, { perConsumerLimit: 10 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => exchange(consumer, card.id, offered.id)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'POINTS_INSUFFICIENT')).toBe(true);
    expect(await pointsOf(consumer, card.id)).toBe(40);
    expect(await coupons(consumer)).toHaveLength(1);
    expect((await itemsOf(m))[0]).toMatchObject({ exchangedCount: 1 });
  });

  it('should give exactly the stock when more members exchange at once than it holds', async () => {
    const m = await a.approvedMerchant();
    const members = await Promise.all(Array.from({ length: 8 }, () => memberWithPoints(m, 100)));
    const { item: offered } = await item(m, 10, 3);
    const answers = await Promise.all(members.map(({ consumer, card }) => exchange(consumer, card.id, offered.id)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(5).fill('POINTS_ITEM_SOLD_OUT'));
    expect((await itemsOf(m))[0]).toMatchObject({ exchangedCount: 3, remaining: 0 });
    const points = await Promise.all(members.map(({ consumer, card }) => pointsOf(consumer, card.id)));
    expect(points.sort()).toEqual([100, 100, 100, 100, 100, 90, 90, 90].sort());
    // sold out: no longer on offer
    expect((await mall(members[0]!.consumer, members[0]!.card.id)).items).toEqual([]);
  });

  it('should keep each merchant’s mall to its own cards, refuse a stopped item, and check what the back office sends', async () => {
    const m = await a.approvedMerchant();
    const other = await a.approvedMerchant();
    const { consumer, card } = await memberWithPoints(m, 100);
    const { item: foreign } = await item(other, 10, 10);
    expect((await exchange(consumer, card.id, foreign.id).expect(404)).body.code).toBe('POINTS_ITEM_NOT_FOUND');
    const stranger = await a.consumer();
    const { item: own } = await item(m, 10, 10);
    expect((await exchange(stranger, card.id, own.id).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await t.http.get(`/me/cards/${card.id}/points-mall`).set(bearer(stranger)).expect(404)).body.code).toBe('CARD_NOT_FOUND');

    // 下架: gone from the mall, refused, and a second stop says so
    const stopped = (await t.http.post(`/merchant/points-items/${own.id}/stop`).set(bearer(m.owner)).expect(200)).body as PointsItemView;
    expect(stopped.status).toBe('STOPPED');
    expect((await t.http.post(`/merchant/points-items/${own.id}/stop`).set(bearer(m.owner)).expect(409)).body.code).toBe('POINTS_ITEM_STOPPED');
    expect((await mall(consumer, card.id)).items).toEqual([]);
    expect((await exchange(consumer, card.id, own.id).expect(409)).body.code).toBe('POINTS_ITEM_STOPPED');
    expect(await pointsOf(consumer, card.id)).toBe(100);

    const template = await couponTemplate(t, m.owner);
    const foreignTemplate = await couponTemplate(t, other.owner);
    const post = (body: Record<string, unknown>) => t.http.post('/merchant/points-items').set(bearer(m.owner)).send(body);
    for (const body of [{ couponTemplateId: template.id, pointsPrice: 0, stock: 1 }, { couponTemplateId: template.id, pointsPrice: 10, stock: 0 }, { couponTemplateId: 'nope', pointsPrice: 10, stock: 1 }, { pointsPrice: 1.5, stock: 1 }]) {
      const res = await post(body).expect(422);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    }
    expect((await post({ couponTemplateId: foreignTemplate.id, pointsPrice: 10, stock: 1 }).expect(404)).body.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    await t.http.post(`/merchant/coupon-templates/${template.id}/stop`).set(bearer(m.owner)).expect(200);
    expect((await post({ couponTemplateId: template.id, pointsPrice: 10, stock: 1 }).expect(409)).body.code).toBe('COUPON_TEMPLATE_STOPPED');
    const cashier = await a.cashier(m.owner, [m.store.id]);
    expect((await t.http.get('/merchant/points-items').set(bearer(cashier)).expect(403)).body.code).toBeDefined();
    expect((await itemsOf(m)).map((i) => i.id)).toEqual([own.id]);
  });
});

/** Points expiry (docs/marketing.md, "Points expiry"): earned in year Y, gone at the end of Y + n, the earliest first. */
describe('points expiry (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  let realNow: () => Date;
  let startedAt: Date;
  beforeAll(() => {
    const clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
  });
  beforeEach(() => {
    startedAt = realNow();
  });
  /** The app's clock at `at`, moving on from there (the tokens keep real time). */
  const travelTo = (at: string) => {
    const to = new Date(at).getTime();
    t.app.get(Clock).now = () => new Date(to + (realNow().getTime() - startedAt.getTime()));
  };
  afterEach(async () => {
    t.app.get(Clock).now = realNow;
    await expectLedgerSound(t);
  });

  type Merchant = Awaited<ReturnType<typeof a.approvedMerchant>>;

  /** A member of a product of `m` (1 point per yuan) with ¥1,000 on the card. */
  async function member(m: Merchant, product: Record<string, unknown> = {}) {
    const created = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput(product)).expect(201)).body as CardProductView;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, created.claimToken);
    await creditCard(t, card.id, 100_000);
    return { consumer, card, product: created };
  }
  const sale = async (m: Merchant, consumer: TokenPair, cardId: string, yuan: number) => {
    const code = await memberCode(t, consumer, cardId);
    await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: yuan * 100, storeId: m.store.id, merchantOrderNo: unique('ORD') }).expect(201);
  };
  const mall = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}/points-mall`).set(bearer(consumer)).expect(200)).body as PointsMallView;
  const pointsOf = async (consumer: TokenPair, cardId: string) => ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView).balance.points;
  const expire = () => t.app.get(PointsExpiryJob).runOnce();

  it('should take back, at the end of the next year, the points of a year not yet spent, the earliest spent first', async () => {
    const m = await a.approvedMerchant();
    const { consumer, card, product } = await member(m);
    expect(product.pointsValidYears).toBe(1);
    travelTo('2027-03-01T02:00:00Z');
    await sale(m, consumer, card.id, 500);
    travelTo('2028-02-01T02:00:00Z');
    await sale(m, consumer, card.id, 300);
    // 200 spent in the mall: taken from 2027's 500, the oldest, so 300 of them are left to expire
    const template = await couponTemplate(t, m.owner, { totalQuantity: 10 });
    const offered = (await t.http.post('/merchant/points-items').set(bearer(m.owner)).send({ couponTemplateId: template.id, pointsPrice: 200, stock: 5 }).expect(201)).body as PointsItemView;
    await t.http.post(`/me/cards/${card.id}/points-exchanges`).set(bearer(consumer)).send({ itemId: offered.id, idempotencyKey: randomUUID() }).expect(201);
    expect(await mall(consumer, card.id)).toMatchObject({ points: 600, expiring: { points: 300, lastDay: '2028-12-31' } });
    await expire();
    expect(await pointsOf(consumer, card.id)).toBe(600);

    // 2028-12-31 23:30 in Shanghai: 2027's points still count; half an hour later they are gone
    travelTo('2028-12-31T15:30:00Z');
    await expire();
    expect(await pointsOf(consumer, card.id)).toBe(600);
    travelTo('2028-12-31T16:00:01Z');
    await expire();
    expect(await pointsOf(consumer, card.id)).toBe(300);
    expect(await mall(consumer, card.id)).toMatchObject({ points: 300, expiring: { points: 300, lastDay: '2029-12-31' } });
    // one POINTS posting, card → the merchant's points pool, under the card and the last year it covers; a rerun adds none
    await expire();
    const db = t.app.get(DataSource);
    const legs = await db.query<Array<{ operation_id: string; amount: number | string; code: number | string }>>(
      'SELECT t.operation_id, t.amount, t.code FROM ledger_transfers t JOIN cards c ON c.points_account_id = t.debit_account_id WHERE c.id = ? AND t.code = 13',
      [card.id],
    );
    expect(legs.map((l) => [l.operation_id, Number(l.amount)])).toEqual([[`points-expiry:${card.id}:2027`, 300]]);
    const events = (await t.http.get(`/me/cards/${card.id}/events`).set(bearer(consumer)).expect(200)).body as { items: Array<{ kind: string; points: number }> };
    expect(events.items[0]).toMatchObject({ kind: 'POINTS_EXPIRY', points: -300 });

    // 2030: 2028's 300 go too
    travelTo('2030-01-01T00:00:00Z');
    await expire();
    expect(await pointsOf(consumer, card.id)).toBe(0);
    expect((await mall(consumer, card.id)).expiring).toBeNull();
  });

  it('should keep the points of a product that keeps them for good, and keep the rule when an edit leaves it out', async () => {
    const m = await a.approvedMerchant();
    const { consumer, card, product } = await member(m, { pointsValidYears: 0 });
    expect(product.pointsValidYears).toBe(0);
    await sale(m, consumer, card.id, 100);
    const edited = (await t.http.put(`/merchant/card-products/${product.id}`).set(bearer(m.owner)).send(productInput({ name: product.name, description: '改了说明' })).expect(200)).body as CardProductView;
    expect(edited.pointsValidYears).toBe(0);
    travelTo('2035-01-01T00:00:00Z');
    await expire();
    expect(await pointsOf(consumer, card.id)).toBe(100);
    expect((await mall(consumer, card.id)).expiring).toBeNull();
  });

  it.each([[-1], [11], ['1']])('should refuse a points validity of %p', async (pointsValidYears) => {
    const m = await a.approvedMerchant();
    const refused = await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ pointsValidYears })).expect(422);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
  });
});
