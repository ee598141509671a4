import type { AgreementsStatusView, CardProductView, CardTermsView, CardView, PlatformAgreementView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer, productInput } from '../factories/actors';
import { paidTopUp } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

const TERMS_V1 = '一、本卡为记名卡，本金永久有效。\n二、未消费的余额可按规定申请退款，赠送部分按实付比例折算。';
const TERMS_V2 = `${TERMS_V1}\n三、本卡可在本品牌全国门店使用。`;

/** Contracts (docs/compliance.md §8): versioned product terms accepted at claim and top-up; void clauses refused; sign-in agreements. */
describe('contracts (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);
  const ds = () => t.app.get(DataSource);

  afterEach(async () => {
    await expectLedgerSound(t);
  });

  const createProduct = (owner: TokenPair, overrides: Record<string, unknown>) => t.http.post('/merchant/card-products').set(bearer(owner)).send(productInput(overrides));
  const editProduct = (owner: TokenPair, productId: string, overrides: Record<string, unknown>) =>
    t.http.put(`/merchant/card-products/${productId}`).set(bearer(owner)).send(productInput(overrides));
  const claim = (consumer: TokenPair, claimToken: string, acceptedTermsVersion?: number) =>
    t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken, ...(acceptedTermsVersion === undefined ? {} : { acceptedTermsVersion }) });
  const topUp = (consumer: TokenPair, cardId: string, acceptedTermsVersion?: number) =>
    t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID(), ...(acceptedTermsVersion === undefined ? {} : { acceptedTermsVersion }) });
  const ordersOf = async (cardId: string) => Number((await ds().query<Array<{ n: unknown }>>('SELECT COUNT(*) AS n FROM topup_orders WHERE card_id = ?', [cardId]))[0]!.n);

  it.each([
    ['不退不换 in the terms', { kind: 'NAMED', terms: '本卡售出后不退不换。' }, 'terms', '不退不换'],
    ['最终解释权 in the description', { kind: 'ANONYMOUS', description: '最终解释权归本店所有' }, 'description', '最终解释权归商家所有'],
    ['过期作废 on a named card', { kind: 'NAMED', terms: '余额过期作废。' }, 'terms', '过期作废'],
  ])('should refuse %s with 422 naming the clause, creating nothing', async (_name, overrides, field, clause) => {
    const m = await a.approvedMerchant();
    const before = ((await t.http.get('/merchant/card-products').set(bearer(m.owner)).expect(200)).body as CardProductView[]).length;
    const res = await createProduct(m.owner, overrides).expect(422);
    expect(res.body).toMatchObject({ code: 'TERMS_VOID_CLAUSE', requestId: expect.any(String), messageZh: expect.stringContaining('无效') });
    expect(res.body.errors[field][0]).toContain(clause);
    expect(res.body.errorsZh[field][0]).toContain(`「${clause}」`);
    expect(((await t.http.get('/merchant/card-products').set(bearer(m.owner)).expect(200)).body as CardProductView[]).length).toBe(before);
  });

  it('should let an anonymous card say 过期作废 (its balance is reactivated or moved, never lost) and refuse an edit adding a void clause', async () => {
    const m = await a.approvedMerchant();
    const anonymous = (await createProduct(m.owner, { kind: 'ANONYMOUS', terms: '有效期三年，过期作废。' }).expect(201)).body as CardProductView;
    expect(anonymous.contract).toMatchObject({ version: 1 });
    const named = (await createProduct(m.owner, { kind: 'NAMED', terms: TERMS_V1 }).expect(201)).body as CardProductView;
    expect((await editProduct(m.owner, named.id, { kind: 'NAMED', terms: `${TERMS_V1}本卡不挂失、不补办。` }).expect(422)).body.code).toBe('TERMS_VOID_CLAUSE');
    expect(((await t.http.get(`/merchant/card-products/${named.id}`).set(bearer(m.owner)).expect(200)).body as CardProductView).contract).toMatchObject({ version: 1, text: TERMS_V1 });
  });

  it('should make a new version only when an edit changes the text', async () => {
    const m = await a.approvedMerchant();
    const product = (await createProduct(m.owner, { terms: TERMS_V1 }).expect(201)).body as CardProductView;
    expect(product.contract).toMatchObject({ version: 1, text: TERMS_V1, publishedAt: expect.any(String) });
    expect(((await editProduct(m.owner, product.id, { terms: TERMS_V1 }).expect(200)).body as CardProductView).contract!.version).toBe(1);
    expect(((await editProduct(m.owner, product.id, { terms: TERMS_V2 }).expect(200)).body as CardProductView).contract).toMatchObject({ version: 2, text: TERMS_V2 });
    expect(((await editProduct(m.owner, product.id, {}).expect(200)).body as CardProductView).contract!.version).toBe(2);
    const versions = await ds().query<Array<{ version: unknown }>>('SELECT version FROM product_terms WHERE product_id = ? ORDER BY version', [product.id]);
    expect(versions.map((v) => Number(v.version))).toEqual([1, 2]);
  });

  it('should show the terms at claim and claim only with the version in force accepted, recording it', async () => {
    const m = await a.approvedMerchant();
    const product = (await createProduct(m.owner, { terms: TERMS_V1 }).expect(201)).body as CardProductView;
    await editProduct(m.owner, product.id, { terms: TERMS_V2 }).expect(200);
    const preview = (await t.http.get(`/claim/${product.claimToken}`).expect(200)).body as CardProductView;
    expect(preview.contract).toMatchObject({ version: 2, text: TERMS_V2 });

    const consumer = await a.consumer();
    expect((await claim(consumer, product.claimToken).expect(409)).body).toMatchObject({ code: 'TERMS_NOT_ACCEPTED', messageZh: expect.stringContaining('充值协议') });
    expect((await claim(consumer, product.claimToken, 1).expect(409)).body.code).toBe('TERMS_NOT_ACCEPTED');
    expect((await t.http.get('/me/cards').set(bearer(consumer)).expect(200)).body).toEqual([]);

    const card = (await claim(consumer, product.claimToken, 2).expect(201)).body as CardView;
    expect(((await t.http.get(`/me/cards/${card.id}/terms`).set(bearer(consumer)).expect(200)).body as CardTermsView)).toMatchObject({ terms: { version: 2 }, accepted: true });
    const rows = await ds().query<Array<{ version: unknown; context: string }>>('SELECT version, context FROM terms_acceptances WHERE product_id = ?', [product.id]);
    expect(rows.map((r) => [Number(r.version), r.context])).toEqual([[2, 'CLAIM']]);
  });

  it('should refuse a top-up until the consumer accepts the version in force, opening no order, then take it', async () => {
    const m = await a.approvedMerchant();
    const product = (await createProduct(m.owner, { terms: TERMS_V1 }).expect(201)).body as CardProductView;
    const consumer = await a.consumer();
    const card = (await claim(consumer, product.claimToken, 1).expect(201)).body as CardView;
    await paidTopUp(t, consumer, card.id, 10_000);

    // the merchant changes the terms: the next top-up shows them and needs them accepted
    await editProduct(m.owner, product.id, { terms: TERMS_V2 }).expect(200);
    expect(((await t.http.get(`/me/cards/${card.id}/terms`).set(bearer(consumer)).expect(200)).body as CardTermsView)).toMatchObject({ terms: { version: 2, text: TERMS_V2 }, accepted: false });
    const ordersBefore = await ordersOf(card.id);
    expect((await topUp(consumer, card.id).expect(409)).body.code).toBe('TERMS_NOT_ACCEPTED');
    expect((await topUp(consumer, card.id, 1).expect(409)).body.code).toBe('TERMS_NOT_ACCEPTED');
    expect(await ordersOf(card.id)).toBe(ordersBefore);

    expect((await topUp(consumer, card.id, 2).expect(201)).body).toMatchObject({ cardId: card.id, amountFen: 10_000 });
    expect(((await t.http.get(`/me/cards/${card.id}/terms`).set(bearer(consumer)).expect(200)).body as CardTermsView).accepted).toBe(true);
    await topUp(consumer, card.id).expect(201);
    expect(await ordersOf(card.id)).toBe(ordersBefore + 2);
  });

  it('should accept the terms from the card page, refusing an older version', async () => {
    const m = await a.approvedMerchant();
    const product = (await createProduct(m.owner, {}).expect(201)).body as CardProductView;
    expect(product.contract).toBeNull();
    const consumer = await a.consumer();
    const card = (await claim(consumer, product.claimToken).expect(201)).body as CardView;
    expect((await t.http.get(`/me/cards/${card.id}/terms`).set(bearer(consumer)).expect(200)).body).toEqual({ terms: null, accepted: true });

    await editProduct(m.owner, product.id, { terms: TERMS_V1 }).expect(200);
    await editProduct(m.owner, product.id, { terms: TERMS_V2 }).expect(200);
    expect((await t.http.post(`/me/cards/${card.id}/terms-acceptance`).set(bearer(consumer)).send({ version: 1 }).expect(409)).body.code).toBe('TERMS_NOT_ACCEPTED');
    expect((await t.http.post(`/me/cards/${card.id}/terms-acceptance`).set(bearer(consumer)).send({ version: 0 }).expect(422)).body.errors).toHaveProperty('version');
    const accepted = (await t.http.post(`/me/cards/${card.id}/terms-acceptance`).set(bearer(consumer)).send({ version: 2 }).expect(200)).body as CardTermsView;
    expect(accepted).toMatchObject({ terms: { version: 2 }, accepted: true });
    await topUp(consumer, card.id).expect(201);
  });

  it('should show 用户协议 and 隐私政策 and record the versions accepted at sign-in', async () => {
    const agreements = (await t.http.get('/legal/agreements').expect(200)).body as PlatformAgreementView[];
    expect(agreements.map((d) => [d.kind, d.title])).toEqual([
      ['USER_AGREEMENT', '聚卡用户协议'],
      ['PRIVACY_POLICY', '聚卡隐私政策'],
    ]);
    expect(agreements.every((d) => d.text.length > 100 && /^\d{4}-\d{2}-\d{2}$/.test(d.version))).toBe(true);
    const [user, privacy] = agreements;

    const consumer = await a.consumer();
    const before = (await t.http.get('/me/agreements').set(bearer(consumer)).expect(200)).body as AgreementsStatusView;
    expect(before.agreements.map((d) => [d.kind, d.acceptedVersion, d.upToDate])).toEqual([
      ['USER_AGREEMENT', null, false],
      ['PRIVACY_POLICY', null, false],
    ]);
    const stale = await t.http.post('/me/agreements').set(bearer(consumer)).send({ userAgreementVersion: '2020-01-01', privacyPolicyVersion: privacy!.version }).expect(422);
    expect(stale.body.errorsZh.userAgreementVersion[0]).toContain('已更新');
    expect(((await t.http.get('/me/agreements').set(bearer(consumer)).expect(200)).body as AgreementsStatusView).agreements.some((d) => d.upToDate)).toBe(false);

    const body = { userAgreementVersion: user!.version, privacyPolicyVersion: privacy!.version };
    const after = (await t.http.post('/me/agreements').set(bearer(consumer)).send(body).expect(200)).body as AgreementsStatusView;
    expect(after.agreements.every((d) => d.upToDate && d.acceptedVersion === d.version)).toBe(true);
    await t.http.post('/me/agreements').set(bearer(consumer)).send(body).expect(200);
    const rows = await ds().query<Array<{ n: unknown }>>("SELECT COUNT(*) AS n FROM agreement_acceptances WHERE consumer_id = (SELECT consumer_id FROM agreement_acceptances ORDER BY accepted_at DESC LIMIT 1)");
    expect(Number(rows[0]!.n)).toBe(2);
    await t.http.get('/me/agreements').expect(401);
  });
});
