import type { ApiKeyCreated, ApiKeyView, CardView, OpenCardView, StoreView, TokenPair } from '@jucard/shared';
import { signedRequest, type PosKey } from '../factories/pos';
import { actors, bearer, unique } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe('merchant API keys (e2e, signed with the POS scheme)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  /** One signed request as a merchant's server sends it. */
  const signed = (key: PosKey, method: 'GET' | 'POST', path: string, body?: unknown) => signedRequest(t, key, method, path, body);

  async function shop() {
    const m = await a.approvedMerchant();
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 50_000);
    return { ...m, consumer, card };
  }

  const createKey = async (owner: TokenPair, store: StoreView, scopes: string[]) =>
    (await t.http.post('/merchant/api-keys').set(bearer(owner)).send({ name: 'ERP', scopes, storeIds: [store.id] }).expect(201)).body as ApiKeyCreated;

  async function redeemWith(key: ApiKeyCreated, consumer: TokenPair, card: CardView) {
    const code = await memberCode(t, consumer, card.id);
    return signed(key, 'POST', '/pos/redemptions', { code: code.numericCode, amountFen: 100, merchantOrderNo: unique('POS') });
  }

  it('should let a key do exactly its scopes', async () => {
    const s = await shop();
    const reader = await createKey(s.owner, s.store, ['read_cards']);
    const till = await createKey(s.owner, s.store, ['redeem']);
    expect(reader).toMatchObject({ scopes: ['read_cards'], storeIds: [s.store.id], status: 'ACTIVE', lastUsedAt: null });

    const read = (await signed(reader, 'GET', `/open/v1/cards/${s.card.cardNo}`).expect(200)).body as OpenCardView;
    expect(read).toEqual({ cardNo: s.card.cardNo, status: 'ACTIVE', balance: { principalFen: 50_000, bonusFen: 0, totalFen: 50_000, points: 0 } });
    const readerRedeems = await redeemWith(reader, s.consumer, s.card);
    expect(readerRedeems.status).toBe(403);
    expect(readerRedeems.body).toMatchObject({ code: 'API_KEY_SCOPE_MISSING', messageZh: 'API 密钥没有此项权限' });

    const sale = await redeemWith(till, s.consumer, s.card);
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ amountFen: 100, storeId: s.store.id });
    expect((await signed(till, 'GET', `/open/v1/cards/${s.card.cardNo}`)).body.code).toBe('API_KEY_SCOPE_MISSING');

    const listed = (await t.http.get('/merchant/api-keys').set(bearer(s.owner)).expect(200)).body as ApiKeyView[];
    expect(listed.map((k) => k.appKey).sort()).toEqual([reader.appKey, till.appKey].sort());
    expect(listed.every((k) => k.lastUsedAt !== null)).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(reader.appSecret);
  });

  it('should answer another merchant’s card as unknown', async () => {
    const s = await shop();
    const other = await shop();
    const reader = await createKey(s.owner, s.store, ['read_cards']);
    expect((await signed(reader, 'GET', `/open/v1/cards/${other.card.cardNo}`).expect(404)).body.code).toBe('CARD_NOT_FOUND');
  });

  it('should fail a revoked key at once, with either of its secrets', async () => {
    const s = await shop();
    const key = await createKey(s.owner, s.store, ['redeem', 'read_cards']);
    const rotated = (await t.http.post(`/merchant/api-keys/${key.appKey}/rotate`).set(bearer(s.owner)).send({ overlapSeconds: 3600 }).expect(200)).body as ApiKeyCreated;
    await signed(key, 'GET', `/open/v1/cards/${s.card.cardNo}`).expect(200);

    const revoked = (await t.http.post(`/merchant/api-keys/${key.appKey}/revoke`).set(bearer(s.owner)).expect(200)).body as ApiKeyView;
    expect(revoked).toMatchObject({ status: 'REVOKED', previousSecretValidUntil: null, revokedAt: expect.any(String) });
    for (const secret of [rotated.appSecret, key.appSecret]) {
      const res = await signed({ appKey: key.appKey, appSecret: secret }, 'GET', `/open/v1/cards/${s.card.cardNo}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe(secret === rotated.appSecret ? 'API_KEY_REVOKED' : 'POS_SIGNATURE_INVALID');
    }
    expect((await redeemWith(rotated, s.consumer, s.card)).status).toBe(401);
    expect((await t.http.post(`/merchant/api-keys/${key.appKey}/rotate`).set(bearer(s.owner)).send({}).expect(401)).body.code).toBe('API_KEY_REVOKED');
  });

  it('should accept the previous secret only within the rotation overlap', async () => {
    const s = await shop();
    const key = await createKey(s.owner, s.store, ['read_cards']);
    const path = `/open/v1/cards/${s.card.cardNo}`;

    const overlapping = (await t.http.post(`/merchant/api-keys/${key.appKey}/rotate`).set(bearer(s.owner)).send({ overlapSeconds: 3600 }).expect(200)).body as ApiKeyCreated;
    expect(overlapping.appSecret).not.toBe(key.appSecret);
    expect(overlapping.previousSecretValidUntil).not.toBeNull();
    await signed(key, 'GET', path).expect(200);
    await signed(overlapping, 'GET', path).expect(200);

    const immediate = (await t.http.post(`/merchant/api-keys/${key.appKey}/rotate`).set(bearer(s.owner)).send({ overlapSeconds: 0 }).expect(200)).body as ApiKeyCreated;
    expect((await signed(overlapping, 'GET', path).expect(401)).body.code).toBe('POS_SIGNATURE_INVALID');
    expect((await signed(key, 'GET', path).expect(401)).body.code).toBe('POS_SIGNATURE_INVALID');
    await signed(immediate, 'GET', path).expect(200);
  });

  it('should audit every key action and refuse other merchants and staff below owner', async () => {
    const s = await shop();
    const other = await shop();
    const key = await createKey(s.owner, s.store, ['webhooks']);
    await t.http.post(`/merchant/api-keys/${key.appKey}/rotate`).set(bearer(s.owner)).send({}).expect(200);

    for (const path of ['rotate', 'revoke']) {
      const res = await t.http.post(`/merchant/api-keys/${key.appKey}/${path}`).set(bearer(other.owner)).send({}).expect(404);
      expect(res.body.code).toBe('API_KEY_NOT_FOUND');
    }
    expect((await t.http.get('/merchant/api-keys').set(bearer(other.owner)).expect(200)).body).toEqual([]);
    const foreignStore = await t.http.post('/merchant/api-keys').set(bearer(other.owner)).send({ name: 'x', scopes: ['redeem'], storeIds: [s.store.id] }).expect(404);
    expect(foreignStore.body.code).toBe('STORE_NOT_FOUND');
    expect((await t.http.post('/merchant/api-keys').set(bearer(s.owner)).send({ name: 'x', scopes: ['everything'], storeIds: [s.store.id] }).expect(422)).body.code).toBe('VALIDATION_FAILED');

    const cashierName = unique('cashier');
    await t.http.post('/merchant/staff').set(bearer(s.owner)).send({ username: cashierName, password: 'cashier-password', displayName: '收银员', role: 'CASHIER', storeIds: [s.store.id] }).expect(201);
    const cashier = await a.staffLogin(cashierName, 'cashier-password');
    expect((await t.http.get('/merchant/api-keys').set(bearer(cashier))).status).toBe(403);

    await t.http.post(`/merchant/api-keys/${key.appKey}/revoke`).set(bearer(s.owner)).expect(200);
    const ops = await a.operator();
    const trail = (await t.http.get(`/operator/audit?targetType=pos_app&targetId=${key.appKey}`).set(bearer(ops)).expect(200)).body as { items: Array<{ action: string }> };
    expect(trail.items.map((e) => e.action)).toEqual(['api_key.revoked', 'api_key.rotated', 'api_key.created']);
  });
});
