import type { CardMovement, CardProductView, CardView, Page } from '@jucard/shared';
import { AppConfig } from '../../src/config/app-config';
import { actors, bearer, productInput } from '../factories/actors';
import { creditCard } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe('card products and cards (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  it('should let a consumer preview a claim link, claim the card and see it with a zero balance', async () => {
    const { product, merchant } = await a.approvedMerchant();
    const consumer = await a.consumer();

    const preview = (await t.http.get(`/claim/${product.claimToken}`).expect(200)).body as CardProductView;
    expect(preview).toMatchObject({ name: '会员储值卡', merchantName: '测试商户', maxBalanceFen: 500_000 });
    expect(preview.tiers).toEqual([
      { payFen: 10_000, bonusFen: 0 },
      { payFen: 50_000, bonusFen: 5_000 },
    ]);

    const card = (await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: product.claimToken }).expect(201)).body as CardView;
    expect(card).toMatchObject({ status: 'ACTIVE', merchantId: merchant.id, productName: '会员储值卡', expiresAt: null });
    expect(card.cardNo).toMatch(/^88\d{14}$/);
    expect(card.balance).toEqual({ principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 });
    expect(card.terms).toMatchObject({ allowCustomAmount: true, minTopUpFen: 1_000, deductionRule: 'PRO_RATA', paymentChannels: ['WECHATPAY', 'ALIPAY', 'UNIONPAY'] });
    expect(card.terms.tiers).toEqual(preview.tiers);

    const list = (await t.http.get('/me/cards').set(bearer(consumer)).expect(200)).body as CardView[];
    expect(list.map((c) => c.id)).toEqual([card.id]);
    const again = await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: product.claimToken }).expect(409);
    expect(again.body).toMatchObject({ code: 'CARD_ALREADY_CLAIMED', messageZh: '您已领取过这张会员卡' });
  });

  it('should give anonymous cards an expiry at least three years out', async () => {
    const { owner } = await a.approvedMerchant();
    const product = (
      await t.http.post('/merchant/card-products').set(bearer(owner)).send(productInput({ kind: 'ANONYMOUS', tiers: [{ payFen: 20_000, bonusFen: 1_000 }] })).expect(201)
    ).body as CardProductView;
    expect(product).toMatchObject({ maxBalanceFen: 100_000, validityMonths: 36 });
    const card = (await t.http.post('/me/cards').set(bearer(await a.consumer())).send({ claimToken: product.claimToken }).expect(201)).body as CardView;
    const years = (Date.parse(card.expiresAt!) - Date.parse(card.createdAt)) / (365.25 * 86400_000);
    expect(years).toBeGreaterThanOrEqual(2.99);
  });

  it('should split the balance into principal and bonus and list movements newest first, page by page', async () => {
    const { product } = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = (await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: product.claimToken }).expect(201)).body as CardView;
    for (let i = 0; i < 3; i++) await creditCard(t, card.id, 50_000, 5_000);

    const read = (await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView;
    expect(read.balance).toEqual({ principalFen: 150_000, bonusFen: 15_000, totalFen: 165_000, points: 0 });

    const seen: CardMovement[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=4&cursor=${cursor}` : '?limit=4';
      const page = (await t.http.get(`/me/cards/${card.id}/movements${query}`).set(bearer(consumer)).expect(200)).body as Page<CardMovement>;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(seen.filter((m) => m.kind === 'TOPUP').map((m) => m.amount)).toEqual([50_000, 50_000, 50_000]);
    expect(seen.filter((m) => m.kind === 'BONUS').every((m) => m.amount === 5_000 && m.ledger === 'BONUS')).toBe(true);
    const times = seen.map((m) => Date.parse(m.occurredAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('should keep one consumer out of another consumer’s card', async () => {
    const { product } = await a.approvedMerchant();
    const owner = await a.consumer();
    const stranger = await a.consumer();
    const card = (await t.http.post('/me/cards').set(bearer(owner)).send({ claimToken: product.claimToken }).expect(201)).body as CardView;

    expect((await t.http.get(`/me/cards/${card.id}`).set(bearer(stranger)).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    await t.http.get(`/me/cards/${card.id}/movements`).set(bearer(stranger)).expect(404);
    expect((await t.http.get('/me/cards').set(bearer(stranger)).expect(200)).body).toEqual([]);
    await t.http.get('/me/cards/not-a-uuid').set(bearer(owner)).expect(422);
    await t.http.get(`/me/cards/${card.id}/movements?cursor=$$$`).set(bearer(owner)).expect(422);
  });

  it('should keep one merchant out of another merchant’s products', async () => {
    const mine = await a.approvedMerchant();
    const theirs = await a.approvedMerchant();

    await t.http.get(`/merchant/card-products/${theirs.product.id}`).set(bearer(mine.owner)).expect(404);
    await t.http.put(`/merchant/card-products/${theirs.product.id}`).set(bearer(mine.owner)).send(productInput()).expect(404);
    await t.http.post(`/merchant/card-products/${theirs.product.id}/retire`).set(bearer(mine.owner)).expect(404);
    const list = (await t.http.get('/merchant/card-products').set(bearer(mine.owner)).expect(200)).body as CardProductView[];
    expect(list.map((p) => p.id)).toEqual([mine.product.id]);
    const foreignStores = await t.http.post('/merchant/card-products').set(bearer(mine.owner)).send(productInput({ storeIds: [theirs.store.id] })).expect(404);
    expect(foreignStores.body.code).toBe('STORE_NOT_FOUND');
    // the merchant comes from the token: a merchantId in the body is refused, not obeyed
    await t.http.post('/merchant/card-products').set(bearer(mine.owner)).send({ ...productInput(), merchantId: theirs.merchant.id }).expect(422);
  });

  it.each([
    ['a negative tier amount', { tiers: [{ payFen: -100, bonusFen: 0 }] }, 'tiers.0.payFen'],
    ['a zero tier amount', { tiers: [{ payFen: 0, bonusFen: 0 }] }, 'tiers.0.payFen'],
    ['a fractional amount', { minTopUpFen: 10.5 }, 'minTopUpFen'],
    ['an amount given as a string', { minTopUpFen: '1000' }, 'minTopUpFen'],
    ['an oversized amount', { tiers: [{ payFen: 100_000_001, bonusFen: 0 }] }, 'tiers.0.payFen'],
    ['a balance cap above the regulatory limit', { maxBalanceFen: 600_000 }, 'maxBalanceFen'],
    ['an unknown deduction rule', { deductionRule: 'RANDOM' }, 'deductionRule'],
  ])('should refuse a product with %s and create nothing', async (_label, overrides, field) => {
    const { owner } = await a.approvedMerchant();
    const before = ((await t.http.get('/merchant/card-products').set(bearer(owner)).expect(200)).body as unknown[]).length;
    const res = await t.http.post('/merchant/card-products').set(bearer(owner)).send(productInput(overrides)).expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors[field]).toBeDefined();
    expect(((await t.http.get('/merchant/card-products').set(bearer(owner)).expect(200)).body as unknown[]).length).toBe(before);
  });

  it('should edit a product and stop claims once it is retired, keeping issued cards', async () => {
    const { owner, product } = await a.approvedMerchant();
    const early = await a.consumer();
    const card = (await t.http.post('/me/cards').set(bearer(early)).send({ claimToken: product.claimToken }).expect(201)).body as CardView;

    const edited = await t.http.put(`/merchant/card-products/${product.id}`).set(bearer(owner)).send(productInput({ name: '金卡' })).expect(200);
    expect(edited.body.name).toBe('金卡');
    await t.http.put(`/merchant/card-products/${product.id}`).set(bearer(owner)).send(productInput({ kind: 'ANONYMOUS' })).expect(422);

    await t.http.post(`/merchant/card-products/${product.id}/retire`).set(bearer(owner)).expect(201);
    const late = await t.http.post('/me/cards').set(bearer(await a.consumer())).send({ claimToken: product.claimToken }).expect(409);
    expect(late.body).toMatchObject({ code: 'PRODUCT_NOT_ACTIVE', messageZh: '该会员卡已停售' });
    await t.http.get(`/me/cards/${card.id}`).set(bearer(early)).expect(200);
  });

  it('should name the merchant’s phone and the platform’s service phone on the card, for a frozen card to point at', async () => {
    const { product } = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = (await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: product.claimToken }).expect(201)).body as CardView;
    const read = (await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView;
    expect(read).toMatchObject({ servicePhone: '13912345678', platformServicePhone: t.app.get(AppConfig).PLATFORM_SERVICE_PHONE });
    expect(read.platformServicePhone).toMatch(/^[0-9][0-9 -]{4,19}$/);
  });

  it('should refuse unknown and malformed claim tokens', async () => {
    const consumer = await a.consumer();
    expect((await t.http.get('/claim/aaaaaaaaaaaaaaaaaaaaaaaa').expect(404)).body.code).toBe('CLAIM_TOKEN_INVALID');
    await t.http.get('/claim/short').expect(404);
    await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: 'aaaaaaaaaaaaaaaaaaaaaaaa' }).expect(404);
    await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: 'bad token!' }).expect(422);
  });
});
