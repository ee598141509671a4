import type { CardView, MemberCodeInspection, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { actors, bearer } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

/** A merchant in trouble (消保条例 2024 Art. 22; docs/compliance.md): prepayments stop, its cards are still honoured. */
describe('merchants in trouble (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  afterEach(async () => {
    await expectLedgerSound(t);
  });

  const view = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;

  it('should keep honouring a frozen merchant’s cards at the till while refusing top-ups and new cards', async () => {
    const m = await a.approvedMerchant();
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 20_000);
    const ops = await a.operator();
    await t.http.post(`/operator/merchants/${m.merchant.id}/freeze`).set(bearer(ops)).send({ reason: '经营异常，暂停预收款' }).expect(201);

    const code = await memberCode(t, consumer, card.id);
    const inspected = (await t.http.post('/merchant/member-codes/inspect').set(bearer(m.owner)).send({ code: code.numericCode, storeId: m.store.id }).expect(200)).body as MemberCodeInspection;
    expect(inspected).toMatchObject({ codeId: code.codeId, balance: { principalFen: 20_000 } });
    const sale = await t.http
      .post('/merchant/redemptions')
      .set(bearer(m.owner))
      .send({ code: code.numericCode, amountFen: 3_000, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` })
      .expect(201);
    expect(sale.body).toMatchObject({ amountFen: 3_000 });
    expect((await view(consumer, card.id)).balance.principalFen).toBe(17_000);

    const topUp = await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId: card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: randomUUID() }).expect(409);
    expect(topUp.body).toMatchObject({ code: 'MERCHANT_FROZEN', messageZh: expect.any(String), requestId: expect.any(String) });
    const newcomer = await a.consumer();
    expect((await t.http.post('/me/cards').set(bearer(newcomer)).send({ claimToken: m.product.claimToken }).expect(409)).body.code).toBe('PRODUCT_NOT_ACTIVE');
    expect((await view(consumer, card.id)).balance.principalFen).toBe(17_000);
  });
});
