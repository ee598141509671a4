import type { ApiKeyCreated, CardEvent, OpenCardView, Page, RedemptionView, ReversalView, StoreView, TokenPair, TopUpView, WebhookEndpointView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { phoneConsumer, randomPhone } from '../factories/phone-consumer';
import { signedRequest, type PosKey } from '../factories/pos';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { freePort } from '../support/test-app';

describe('open API v1 (e2e, signed with the POS scheme)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  const signed = (key: PosKey, method: 'GET' | 'POST', path: string, body?: unknown) => signedRequest(t, key, method, path, body);

  async function shop(consumer?: TokenPair) {
    const m = await a.approvedMerchant();
    const holder = consumer ?? (await a.consumer());
    const card = await claimCard(t, holder, m.product.claimToken);
    await creditCard(t, card.id, 50_000);
    return { ...m, consumer: holder, card };
  }

  const createKey = async (owner: TokenPair, stores: StoreView[], scopes: string[]) =>
    (await t.http.post('/merchant/api-keys').set(bearer(owner)).send({ name: 'ERP', scopes, storeIds: stores.map((s) => s.id) }).expect(201)).body as ApiKeyCreated;

  async function sale(key: PosKey, consumer: TokenPair, cardId: string, extra: Record<string, unknown> = {}) {
    const code = await memberCode(t, consumer, cardId);
    return signed(key, 'POST', '/open/v1/redemptions', { code: code.numericCode, amountFen: 3_000, merchantOrderNo: unique('POS'), ...extra });
  }

  it('should look a member up by card number or phone, only at their merchant', async () => {
    const phone = randomPhone();
    const holder = await phoneConsumer(t, phone);
    const s = await shop(holder);
    const other = await shop(holder); // the same person holds a card at another merchant
    const key = await createKey(s.owner, [s.store], ['read_cards']);

    const byCard = (await signed(key, 'GET', `/open/v1/members?cardNo=${s.card.cardNo}`).expect(200)).body;
    const byPhone = (await signed(key, 'GET', `/open/v1/members?phone=${phone}`).expect(200)).body;
    const expected = { phoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`, cards: [{ cardNo: s.card.cardNo, status: 'ACTIVE', balance: { principalFen: 50_000, bonusFen: 0, totalFen: 50_000, points: 0 } }] };
    expect(byCard).toMatchObject(expected);
    expect(byPhone).toEqual(byCard);

    expect((await signed(key, 'GET', `/open/v1/members?cardNo=${other.card.cardNo}`).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await signed(key, 'GET', `/open/v1/members?phone=${randomPhone()}`).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    const malformed = await signed(key, 'GET', '/open/v1/members?phone=12345').expect(422);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { phone: [expect.any(String)] } });
  });

  it('should redeem, reverse and list the movements through one pipeline, replaying a resend', async () => {
    const s = await shop();
    const key = await createKey(s.owner, [s.store], ['redeem', 'read_cards']);
    const code = await memberCode(t, s.consumer, s.card.id);
    const body = { code: code.numericCode, amountFen: 3_000, merchantOrderNo: unique('POS') };

    const first = (await signed(key, 'POST', '/open/v1/redemptions', body).expect(201)).body as RedemptionView;
    expect(first).toMatchObject({ amountFen: 3_000, storeId: s.store.id, replayed: false, balanceAfter: { totalFen: 47_000 } });
    const again = (await signed(key, 'POST', '/open/v1/redemptions', body).expect(201)).body as RedemptionView;
    expect(again).toMatchObject({ redemptionId: first.redemptionId, replayed: true });
    const reused = await signed(key, 'POST', '/open/v1/redemptions', { ...body, amountFen: 3_001 }).expect(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const reversal = { amountFen: 1_000, reversalNo: unique('RV') };
    const reversed = (await signed(key, 'POST', `/open/v1/redemptions/${first.redemptionId}/reversals`, reversal).expect(201)).body as ReversalView;
    expect(reversed).toMatchObject({ redemptionId: first.redemptionId, amountFen: 1_000, remainingFen: 2_000, replayed: false });
    expect((await signed(key, 'POST', `/open/v1/redemptions/${first.redemptionId}/reversals`, reversal).expect(201)).body).toMatchObject({ reversalId: reversed.reversalId, replayed: true });
    expect((await signed(key, 'POST', `/open/v1/redemptions/${first.redemptionId}/reversals`, { ...reversal, amountFen: 500 }).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const page = (await signed(key, 'GET', `/open/v1/cards/${s.card.cardNo}/events?limit=2`).expect(200)).body as Page<CardEvent>;
    expect(page.items.map((e) => [e.kind, e.amountFen, e.balanceAfter.totalFen])).toEqual([
      ['REVERSAL', 1_000, 48_000],
      ['REDEMPTION', -3_000, 47_000],
    ]);
    expect(page.nextCursor).not.toBeNull();
    const rest = (await signed(key, 'GET', `/open/v1/cards/${s.card.cardNo}/events?limit=2&cursor=${page.nextCursor}`).expect(200)).body as Page<CardEvent>;
    expect(rest.items.map((e) => e.kind)).toEqual(['TOPUP']);
    expect(rest.nextCursor).toBeNull();
  });

  it('should act only at the key’s stores and answer another merchant’s sale as unknown', async () => {
    const s = await shop();
    const second = (await t.http.post('/merchant/stores').set(bearer(s.owner)).send({ name: '二号店', address: '上海' }).expect(201)).body as StoreView;
    const firstOnly = await createKey(s.owner, [s.store], ['redeem']);
    const both = await createKey(s.owner, [s.store, second], ['redeem']);

    const elsewhere = await sale(firstOnly, s.consumer, s.card.id, { storeId: second.id });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('STORE_NOT_ALLOWED');
    const atSecond = (await sale(both, s.consumer, s.card.id, { storeId: second.id })).body as RedemptionView;
    expect(atSecond.storeId).toBe(second.id);
    const refused = await signed(firstOnly, 'POST', `/open/v1/redemptions/${atSecond.redemptionId}/reversals`, { amountFen: 100, reversalNo: unique('RV') }).expect(403);
    expect(refused.body.code).toBe('STORE_NOT_ALLOWED');

    const other = await shop();
    const foreign = await createKey(other.owner, [other.store], ['redeem']);
    const res = await signed(foreign, 'POST', `/open/v1/redemptions/${atSecond.redemptionId}/reversals`, { amountFen: 100, reversalNo: unique('RV') }).expect(404);
    expect(res.body.code).toBe('REDEMPTION_NOT_FOUND');
    // a member code shown at the wrong merchant's counter is refused as such, by the one sale pipeline (POST /pos/redemptions too)
    const foreignSale = await sale(foreign, s.consumer, s.card.id);
    expect([foreignSale.status, foreignSale.body.code]).toEqual([409, 'CARD_OF_ANOTHER_MERCHANT']);
  });

  it('should open a cashier-assisted top-up once per Idempotency-Key and credit the card when paid', async () => {
    const s = await shop();
    const key = await createKey(s.owner, [s.store], ['topup_orders', 'read_cards']);
    const body = { cardNo: s.card.cardNo, amountFen: 10_000, channel: 'ALIPAY' };
    const idempotencyKey = randomUUID();
    const create = (payload: unknown, header: string | null = idempotencyKey) => {
      const req = signed(key, 'POST', '/open/v1/topup-orders', payload);
      return header === null ? req : req.set('Idempotency-Key', header);
    };

    const order = (await create(body).expect(201)).body as TopUpView;
    expect(order).toMatchObject({ cardId: s.card.id, status: 'PAYING', channel: 'ALIPAY', amountFen: 10_000 });
    expect(order.cashierUrl).toContain('/cashier/alipay/');
    expect(((await create(body).expect(201)).body as TopUpView).orderId).toBe(order.orderId);
    expect((await create({ ...body, amountFen: 20_000 }).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await create(body, null).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const other = await shop();
    expect((await create({ ...body, cardNo: other.card.cardNo }, randomUUID()).expect(404)).body.code).toBe('CARD_NOT_FOUND');

    const outTradeNo = new URL(order.cashierUrl!).pathname.split('/').pop()!;
    await fetch(`${t.sandboxUrl}/__control/orders/alipay/${outTradeNo}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    let card: OpenCardView | undefined;
    for (let i = 0; i < 100 && card?.balance.principalFen !== 60_000; i++) {
      card = (await signed(key, 'GET', `/open/v1/cards/${s.card.cardNo}`).expect(200)).body as OpenCardView;
      if (card.balance.principalFen !== 60_000) await new Promise((r) => setTimeout(r, 100));
    }
    expect(card?.balance.principalFen).toBe(60_000);
  });

  it('should list the merchant’s webhook endpoints to a key with the webhooks scope only', async () => {
    const s = await shop();
    // a loopback port nobody listens on: the suite sends nothing off the machine
    const url = `http://127.0.0.1:${await freePort()}/hooks`;
    await t.http.post('/merchant/webhook-endpoints').set(bearer(s.owner)).send({ url }).expect(201);
    const key = await createKey(s.owner, [s.store], ['webhooks']);
    const listed = (await signed(key, 'GET', '/open/v1/webhook-endpoints').expect(200)).body as WebhookEndpointView[];
    expect(listed).toEqual([expect.objectContaining({ url, status: 'ACTIVE' })]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    const reader = await createKey(s.owner, [s.store], ['read_cards']);
    expect((await signed(reader, 'GET', '/open/v1/webhook-endpoints').expect(403)).body.code).toBe('API_KEY_SCOPE_MISSING');
  });
});
