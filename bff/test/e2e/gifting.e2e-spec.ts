import type { CardGiftOffer, CardGiftPreview, CardGiftView, CardProductView, CardView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer, productInput } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { verifyRealName } from '../factories/real-name';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

/** 转赠 of a whole card (docs/compliance.md) over HTTP. */
describe('gifting (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  afterEach(async () => {
    await expectLedgerSound(t);
  });

  async function gift(kind: 'NAMED' | 'ANONYMOUS' = 'ANONYMOUS') {
    const m = await a.approvedMerchant();
    const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind })).expect(201)).body as CardProductView;
    const { consumer: giver, card } = await cardHolder(t, product.claimToken, 30_000, 5_000);
    const offer = (await t.http.post(`/me/cards/${card.id}/gifts`).set(bearer(giver)).expect(201)).body as CardGiftOffer;
    return { m, giver, card, offer };
  }
  const claim = (consumer: TokenPair, token: string) => t.http.post('/me/gift-claims').set(bearer(consumer)).send({ token });
  const view = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;

  it('should move the whole card to the friend, refuse the giver’s member code after, and audit both sides', async () => {
    const { m, giver, card, offer } = await gift();
    expect(offer.gift).toMatchObject({ cardId: card.id, status: 'PENDING' });
    expect(offer.sharePath).toContain(encodeURIComponent(offer.token));
    const oldCode = await memberCode(t, giver, card.id);
    const friend = await a.consumer();
    const preview = (await t.http.get('/me/gift-claims/preview').query({ token: offer.token }).set(bearer(friend)).expect(200)).body as CardGiftPreview;
    expect(preview).toMatchObject({ status: 'PENDING', balance: { principalFen: 30_000, bonusFen: 5_000 }, realNameRequired: false });

    const received = (await claim(friend, offer.token).expect(201)).body as CardView;
    expect(received.id).not.toBe(card.id);
    expect(received.balance).toMatchObject({ principalFen: 30_000, bonusFen: 5_000, totalFen: 35_000 });
    expect(((await t.http.get('/me/cards').set(bearer(friend)).expect(200)).body as CardView[]).map((c) => c.id)).toContain(received.id);
    expect(await view(giver, card.id)).toMatchObject({ status: 'CLOSED', balance: { totalFen: 0 } });

    const sale = (code: string) => t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code, amountFen: 1_000, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` });
    expect((await sale(oldCode.numericCode).expect(409)).body.code).toBe('CARD_NOT_ACTIVE');
    await t.http.post(`/me/cards/${card.id}/member-code`).set(bearer(giver)).expect(409);
    await sale((await memberCode(t, friend, received.id)).numericCode).expect(201);

    const actions: Array<{ action: string; target_id: string }> = await t.app.get(DataSource).query('SELECT action, target_id FROM audit_log WHERE target_id IN (?, ?) AND action LIKE ?', [card.id, received.id, 'card.gift%']);
    expect(actions.map((r) => [r.action, r.target_id]).sort()).toEqual([['card.gift_given', card.id], ['card.gift_offered', card.id], ['card.gift_received', received.id]].sort());
    const decisions: Array<{ outcome: string }> = await t.app.get(DataSource).query('SELECT outcome FROM risk_decisions WHERE operation_kind = ? AND operation_id = ?', ['GIFT', `card-gift:${offer.gift.id}`]);
    expect(decisions.map((d) => d.outcome)).toEqual(['allow']);
    expect((await claim(friend, offer.token).expect(409)).body.code).toBe('GIFT_ALREADY_CLAIMED');
  });

  it('should let one of two claims at once win and answer the other with a 409', async () => {
    const { offer } = await gift();
    const [first, second] = [await a.consumer(), await a.consumer()];
    const answers = await Promise.all([claim(first, offer.token), claim(second, offer.token)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.body).toMatchObject({ code: 'GIFT_ALREADY_CLAIMED', messageZh: expect.any(String), requestId: expect.any(String) });
    expect((answers.find((r) => r.status === 201)!.body as CardView).balance.totalFen).toBe(35_000);
  });

  it('should let the giver cancel until claimed, and refuse a cancelled, expired, forged or own gift', async () => {
    const { giver, card, offer } = await gift();
    const friend = await a.consumer();
    expect((await claim(giver, offer.token).expect(409)).body.code).toBe('GIFT_OWN_CARD');
    expect((await t.http.post(`/me/cards/${card.id}/gifts`).set(bearer(giver)).expect(409)).body.code).toBe('GIFT_ALREADY_PENDING');
    expect(((await t.http.get(`/me/cards/${card.id}/gift`).set(bearer(giver)).expect(200)).body as CardGiftView).id).toBe(offer.gift.id);
    // another consumer can neither cancel the gift nor offer the card
    await t.http.post(`/me/gifts/${offer.gift.id}/cancel`).set(bearer(friend)).expect(404);
    expect((await t.http.post(`/me/cards/${card.id}/gifts`).set(bearer(friend)).expect(404)).body.code).toBe('CARD_NOT_FOUND');

    const [giftId, nonce] = offer.token.split('.');
    expect((await claim(friend, `${giftId}.${nonce}.${'A'.repeat(43)}`).expect(404)).body.code).toBe('GIFT_TOKEN_INVALID');
    expect((await claim(friend, `${randomUUID()}.${nonce}.${offer.token.split('.')[2]}`).expect(404)).body.code).toBe('GIFT_TOKEN_INVALID');

    expect(((await t.http.post(`/me/gifts/${offer.gift.id}/cancel`).set(bearer(giver)).expect(200)).body as CardGiftView).status).toBe('CANCELLED');
    expect((await claim(friend, offer.token).expect(409)).body.code).toBe('GIFT_CANCELLED');
    expect((await view(giver, card.id)).status).toBe('ACTIVE');

    const again = (await t.http.post(`/me/cards/${card.id}/gifts`).set(bearer(giver)).expect(201)).body as CardGiftOffer;
    await t.app.get(DataSource).query('UPDATE card_gifts SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1_000), again.gift.id]);
    expect((await claim(friend, again.token).expect(410)).body.code).toBe('GIFT_EXPIRED');
    expect((await t.http.post(`/me/gifts/${again.gift.id}/cancel`).set(bearer(giver)).expect(409)).body.code).toBe('GIFT_NOT_PENDING');
    expect((await view(giver, card.id)).balance.totalFen).toBe(35_000);
    // an expired gift frees the card for a new one
    await t.http.post(`/me/cards/${card.id}/gifts`).set(bearer(giver)).expect(201);
  });

  it('should claim a named card only after the recipient’s real-name verification', async () => {
    const { card, giver, offer } = await gift('NAMED');
    const friend = await a.consumer({ realName: false });
    expect((await claim(friend, offer.token).expect(409)).body.code).toBe('REAL_NAME_REQUIRED');
    expect((await view(giver, card.id)).status).toBe('ACTIVE');
    await verifyRealName(t, friend);
    expect(((await claim(friend, offer.token).expect(201)).body as CardView).balance.totalFen).toBe(35_000);
  });
});
