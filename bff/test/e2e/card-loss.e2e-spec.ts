import type { BalanceRefundView, CardProductView, CardReplacementView, CardUnlockCodeSent, CardView, CouponView, MemberCodeInspection, RefundQuoteView, TokenPair, TopUpView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer, productInput } from '../factories/actors';
import { couponTemplate } from '../factories/marketing';
import { claimCard, creditCard, memberCode, paidTopUp, sandboxControl } from '../factories/money';
import { phoneConsumer, randomPhone } from '../factories/phone-consumer';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

/** 挂失 / 解挂 / 补卡 (docs/compliance.md §5) over HTTP. */
describe('card loss and replacement (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  afterEach(async () => {
    await expectLedgerSound(t);
  });

  async function namedCard(kind: 'NAMED' | 'ANONYMOUS' = 'NAMED') {
    const m = await a.approvedMerchant();
    const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind })).expect(201)).body as CardProductView;
    const phone = randomPhone();
    const consumer = await phoneConsumer(t, phone);
    const card = await claimCard(t, consumer, product.claimToken);
    await creditCard(t, card.id, 50_000, 10_000);
    return { m, phone, consumer, card };
  }

  const sell = (m: Awaited<ReturnType<typeof namedCard>>['m'], code: string, amountFen: number) =>
    t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code, amountFen, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` });
  const view = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;
  const reportLost = (consumer: TokenPair, cardId: string) => t.http.post(`/me/cards/${cardId}/loss`).set(bearer(consumer));
  const replace = (consumer: TokenPair, cardId: string) => t.http.post(`/me/cards/${cardId}/replacement`).set(bearer(consumer));

  async function smsCode(phone: string): Promise<string> {
    const outbox = (await (await fetch(`${t.sandboxUrl}/__control/sms?phone=${phone}`)).json()) as { messages: Array<{ text: string }> };
    const text = [...outbox.messages].reverse().find((msg) => msg.text.includes('解除挂失'))?.text ?? '';
    const code = /(\d{6})/.exec(text)?.[1];
    if (!code) throw new Error(`no unlock code for ${phone}`);
    return code;
  }

  it('should refuse a lost card at the till with its own code and lift the loss only with a fresh SMS code', async () => {
    const { m, phone, consumer, card } = await namedCard();
    const code = await memberCode(t, consumer, card.id);
    expect((await reportLost(consumer, card.id).expect(200)).body).toMatchObject({ id: card.id, status: 'LOST' });

    const refused = await sell(m, code.numericCode, 1_000).expect(409);
    expect(refused.body).toMatchObject({ code: 'CARD_REPORTED_LOST', messageZh: expect.stringContaining('挂失') });
    expect((await view(consumer, card.id)).balance.totalFen).toBe(60_000);

    const sent = (await t.http.post(`/me/cards/${card.id}/unlock-code`).set(bearer(consumer)).expect(200)).body as CardUnlockCodeSent;
    expect(sent.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const wrong = (await smsCode(phone)) === '000000' ? '111111' : '000000';
    expect((await t.http.post(`/me/cards/${card.id}/unlock`).set(bearer(consumer)).send({ code: wrong }).expect(422)).body.code).toBe('LOSS_CODE_INVALID');
    expect((await view(consumer, card.id)).status).toBe('LOST');

    const unlocked = await t.http.post(`/me/cards/${card.id}/unlock`).set(bearer(consumer)).send({ code: await smsCode(phone) }).expect(200);
    expect(unlocked.body).toMatchObject({ status: 'ACTIVE' });
    await sell(m, (await memberCode(t, consumer, card.id)).numericCode, 1_000).expect(201);
  });

  it('should refuse to report an anonymous card lost, and another consumer’s card reads as unknown', async () => {
    const anonymous = await namedCard('ANONYMOUS');
    expect((await reportLost(anonymous.consumer, anonymous.card.id).expect(409)).body.code).toBe('ANONYMOUS_CARD_CANNOT_BE_LOST');
    expect((await view(anonymous.consumer, anonymous.card.id)).status).toBe('ACTIVE');

    const named = await namedCard();
    expect((await reportLost(anonymous.consumer, named.card.id).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await replace(named.consumer, named.card.id).expect(409)).body.code).toBe('CARD_NOT_LOST');
  });

  it('should move every balance to one new card number when replaced twice at once, the old card closed for good', async () => {
    const { m, consumer, card } = await namedCard();
    await sell(m, (await memberCode(t, consumer, card.id)).numericCode, 5_000).expect(201);
    const before = (await view(consumer, card.id)).balance;
    await reportLost(consumer, card.id).expect(200);

    const answers = await Promise.all([replace(consumer, card.id), replace(consumer, card.id)]);
    const bodies = answers.map((res) => {
      expect(res.status).toBe(200);
      return res.body as CardReplacementView;
    });
    expect(bodies[0]!.card.id).toBe(bodies[1]!.card.id);
    const replacement = bodies[0]!;
    expect(replacement.card.cardNo).not.toBe(card.cardNo);
    expect(replacement.card).toMatchObject({ status: 'ACTIVE', replacesCardId: card.id, balance: before });
    expect(replacement.moved).toEqual(before);

    expect(await view(consumer, card.id)).toMatchObject({ status: 'CLOSED', balance: { principalFen: 0, bonusFen: 0, points: 0 } });
    expect((await t.http.post(`/me/cards/${card.id}/unlock-code`).set(bearer(consumer)).expect(409)).body.code).toBe('CARD_NOT_LOST');
    const cards = (await t.http.get('/me/cards').set(bearer(consumer)).expect(200)).body as CardView[];
    expect(cards.map((c) => c.id).sort()).toEqual([card.id, replacement.card.id].sort());
    await sell(m, (await memberCode(t, consumer, replacement.card.id)).numericCode, 1_000).expect(201);
  });

  it('should keep the holder’s valid coupons for the replacement card: offered and used with its member code at the till', async () => {
    const { m, consumer, card } = await namedCard();
    const template = await couponTemplate(t, m.owner);
    const coupon = (await t.http.post(`/merchant/coupon-templates/${template.id}/issues`).set(bearer(m.owner)).send({ requestNo: `ISSUE-${randomUUID()}`, cardNo: card.cardNo }).expect(201))
      .body as CouponView;
    await reportLost(consumer, card.id).expect(200);
    const replacement = (await replace(consumer, card.id).expect(200)).body as CardReplacementView;

    const code = await memberCode(t, consumer, replacement.card.id);
    const seen = (await t.http.post('/merchant/member-codes/inspect').set(bearer(m.owner)).send({ code: code.numericCode, storeId: m.store.id, amountFen: 12_000 }).expect(200))
      .body as MemberCodeInspection;
    expect(seen.coupons?.map((c) => [c.couponId, c.discountFen])).toEqual([[coupon.id, 1_000]]);
    const sold = await t.http
      .post('/merchant/redemptions')
      .set(bearer(m.owner))
      .send({ code: code.numericCode, amountFen: 12_000, storeId: m.store.id, couponId: coupon.id, merchantOrderNo: `ORD-${randomUUID()}` })
      .expect(201);
    expect(sold.body).toMatchObject({ amountFen: 11_000, coupon: { couponId: coupon.id, discountFen: 1_000 } });
    expect((await t.http.get(`/me/coupons/${coupon.id}`).set(bearer(consumer)).expect(200)).body).toMatchObject({ status: 'USED' });
    expect((await view(consumer, replacement.card.id)).balance.totalFen).toBe(60_000 - 11_000);
  });

  it('should refund a replacement card’s unused balance pro rata to the WeChat Pay top-up of the card it replaced', async () => {
    // the channel's refund takes a while in channel time: the sandbox runs it 1,000× faster (as consumer-rights.e2e does)
    const scale = (await sandboxControl<{ scale: number }>(t, 'time-scale')).scale;
    await sandboxControl(t, 'time-scale', { scale: 1000 });
    try {
      await refundOfReplacement();
    } finally {
      await sandboxControl(t, 'time-scale', { scale });
    }
  });

  async function refundOfReplacement(): Promise<void> {
    const m = await a.approvedMerchant();
    const consumer = await phoneConsumer(t, randomPhone());
    const card = await claimCard(t, consumer, m.product.claimToken);
    const order = await paidTopUp(t, consumer, card.id, 50_000); // the ¥500 tier: ¥50 bonus
    await sell(m, (await memberCode(t, consumer, card.id)).numericCode, 20_000).expect(201);
    const quoteOf = async (cardId: string) => (await t.http.get(`/me/cards/${cardId}/refund-quote`).set(bearer(consumer)).expect(200)).body as RefundQuoteView;
    const before = await quoteOf(card.id);
    expect(before).toMatchObject({ paidFen: 50_000, bonusGrantedFen: 5_000, consumedFen: 20_000 });

    await reportLost(consumer, card.id).expect(200);
    const replacement = ((await replace(consumer, card.id).expect(200)).body as CardReplacementView).card;
    const quoted = await quoteOf(replacement.id);
    // the same count as on the lost card: its top-up, its bonus, what it spent — and the balances that moved
    const figures = ['rule', 'paidFen', 'bonusGrantedFen', 'consumedFen', 'consumedPrincipalFen', 'refundFen', 'bonusForfeitedFen', 'principalBalanceFen', 'bonusBalanceFen'] as const;
    for (const figure of figures) expect([figure, quoted[figure]]).toEqual([figure, before[figure]]);
    expect(quoted.refundFen).toBeGreaterThan(0);

    const requested = (await t.http.post(`/me/cards/${replacement.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID(), quotedRefundFen: quoted.refundFen }).expect(201))
      .body as BalanceRefundView;
    const done = await until(
      'the refund',
      async () => (await t.http.get(`/me/cards/${replacement.id}/refunds/${requested.refundId}`).set(bearer(consumer)).expect(200)).body as BalanceRefundView,
      (v) => v.status !== 'PROCESSING',
      { tries: 300 },
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', principalFen: quoted.refundFen, parts: [{ channel: 'WECHATPAY', amountFen: quoted.refundFen, status: 'SUCCEEDED' }] });
    expect(await view(consumer, replacement.id)).toMatchObject({ status: 'CLOSED', balance: { principalFen: 0, bonusFen: 0 } });
    const [paid] = await t.app.get(DataSource).query<Array<{ refunded_fen: number | string }>>('SELECT refunded_fen FROM topup_orders WHERE id = ?', [order.orderId]);
    expect(Number(paid!.refunded_fen)).toBe(quoted.refundFen);
  }

  it('should credit the replacement when a top-up opened on the lost card is paid after 补卡, the old card staying closed and empty', async () => {
    const { consumer, card } = await namedCard();
    // the order is opened while the card is active; the consumer pays it in WeChat only after 挂失 and 补卡
    const order = (await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId: card.id, amountFen: 50_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    await reportLost(consumer, card.id).expect(200);
    const replacement = ((await replace(consumer, card.id).expect(200)).body as CardReplacementView).card;
    expect(replacement.balance).toMatchObject({ principalFen: 50_000, bonusFen: 10_000 });

    await sandboxControl(t, `orders/wechatpay/${new URL(order.cashierUrl!).pathname.split('/').pop()!}/pay`, {});
    await until('the late top-up', async () => (await t.http.get(`/me/topups/${order.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView, (v) => v.status === 'PAID');
    // ¥500 and its tier's ¥50 bonus land on the card the holder has now; nothing is left on the closed one
    expect((await view(consumer, replacement.id)).balance).toMatchObject({ principalFen: 100_000, bonusFen: 15_000 });
    expect(await view(consumer, card.id)).toMatchObject({ status: 'CLOSED', balance: { principalFen: 0, bonusFen: 0 } });
    const [audit] = await t.app.get(DataSource).query<Array<{ target_id: string; detail: string }>>(
      "SELECT target_id, detail FROM audit_log WHERE action = 'card.topped_up' AND target_id = ?",
      [replacement.id],
    );
    expect(JSON.parse(audit!.detail)).toMatchObject({ orderId: order.orderId, orderCardId: card.id });
  });

  it('should lose nothing when a sale already on its way races the loss and the replacement', async () => {
    const { m, consumer, card } = await namedCard();
    const code = await memberCode(t, consumer, card.id);
    const [sale] = await Promise.all([
      sell(m, code.numericCode, 20_000),
      (async () => {
        await reportLost(consumer, card.id).expect(200);
        await replace(consumer, card.id).expect(200);
      })(),
    ]);
    const replaced = (await t.http.post(`/me/cards/${card.id}/replacement`).set(bearer(consumer)).expect(200)).body as CardReplacementView;
    const spent = sale.status === 201 ? 20_000 : 0;
    if (sale.status !== 201) expect(['CARD_REPORTED_LOST', 'INSUFFICIENT_BALANCE', 'CARD_NOT_ACTIVE']).toContain(sale.body.code);
    expect(replaced.card.balance.totalFen).toBe(60_000 - spent);
    expect((await view(consumer, card.id)).balance.totalFen).toBe(0);
  });

  it('should let merchant staff report a holder’s card lost after the SMS code to that phone, only at their merchant', async () => {
    const { m, phone, consumer, card } = await namedCard();
    const cashier = await a.cashier(m.owner, [m.store.id]);
    const staffCode = async (to: string) => {
      const outbox = (await (await fetch(`${t.sandboxUrl}/__control/sms?phone=${to}`)).json()) as { messages: Array<{ text: string }> };
      return /(\d{6})/.exec([...outbox.messages].reverse().find((msg) => msg.text.includes('商户客服'))?.text ?? '')?.[1] ?? '';
    };

    expect((await t.http.post('/merchant/card-losses').set(bearer(cashier)).send({ phone, code: '000000' }).expect(422)).body.code).toBe('LOSS_CODE_INVALID');
    expect((await view(consumer, card.id)).status).toBe('ACTIVE');
    expect((await t.http.post('/merchant/card-losses/code').set(bearer(cashier)).send({ phone }).expect(200)).body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const reported = await t.http.post('/merchant/card-losses').set(bearer(cashier)).send({ phone, code: await staffCode(phone) }).expect(200);
    expect(reported.body.cards).toEqual([expect.objectContaining({ status: 'LOST', cardNoMasked: expect.stringContaining(card.cardNo.slice(-4)) })]);

    // another merchant's staff, with the right code, find no card of theirs
    const elsewhere = await namedCard();
    await t.http.post('/merchant/card-losses/code').set(bearer(m.owner)).send({ phone: elsewhere.phone }).expect(200);
    expect((await t.http.post('/merchant/card-losses').set(bearer(m.owner)).send({ phone: elsewhere.phone, code: await staffCode(elsewhere.phone) }).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await view(elsewhere.consumer, elsewhere.card.id)).status).toBe('ACTIVE');
    expect((await view(consumer, card.id)).status).toBe('LOST');
  });
});
