import type { BalanceRefundView, CardProductView, CardView, CoolingOffQuoteView, RefundQuoteView, TokenPair, TopUpView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { DuplicatePaymentRefunds } from '../../src/payments/duplicate-payments.service';
import { actors, bearer, productInput } from '../factories/actors';
import { claimCard, paidTopUp, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

/** Consumer rights (docs/compliance.md) over HTTP, with the channel sandbox paying and refunding. */
describe('consumer rights (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  const control = (path: string, body?: unknown) => sandboxControl(t, path, body);

  beforeAll(async () => {
    await control('time-scale', { scale: 1000 });
  });

  afterEach(async () => {
    await expectLedgerSound(t);
  });

  const payTopUp = (consumer: TokenPair, cardId: string, amountFen: number, channel = 'WECHATPAY') => paidTopUp(t, consumer, cardId, amountFen, channel);

  /** A card of a product with one ¥3,000 + ¥1,000 tier (unless `product` says otherwise), topped up once through WeChat Pay. */
  async function toppedUpCard(deductionRule: string, product: Record<string, unknown> = {}, amountFen = 300_000) {
    const m = await a.approvedMerchant();
    const created = (
      await t.http
        .post('/merchant/card-products')
        .set(bearer(m.owner))
        .send(productInput({ deductionRule, tiers: [{ payFen: 300_000, bonusFen: 100_000 }], ...product }))
        .expect(201)
    ).body as CardProductView;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, created.claimToken);
    const order = await payTopUp(consumer, card.id, amountFen);
    return { m, consumer, card, product: created, order };
  }

  async function spend(m: Awaited<ReturnType<typeof toppedUpCard>>['m'], consumer: TokenPair, cardId: string, amountFen: number): Promise<void> {
    const code = (await t.http.post(`/me/cards/${cardId}/member-code`).set(bearer(consumer)).expect(201)).body;
    await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(201);
  }

  const quote = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}/refund-quote`).set(bearer(consumer)).expect(200)).body as RefundQuoteView;
  const balance = async (consumer: TokenPair, cardId: string) => ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView);

  // 法释〔2025〕4号 Art. 25: ¥3,000 + ¥1,000 bonus, ¥3,594 used → ¥2,695.50 counted against principal, ¥304.50 back
  it.each([
    ['BONUS_FIRST', { principalFen: 40_600, bonusFen: 0 }],
    ['PRINCIPAL_FIRST', { principalFen: 0, bonusFen: 40_600 }],
    ['PRO_RATA', { principalFen: 30_450, bonusFen: 10_150 }],
  ])('should refund ¥304.50 of ¥3,000 + ¥1,000 after ¥3,594 was spent on a %s card, as quoted', async (rule, left) => {
    const { m, consumer, card } = await toppedUpCard(rule);
    await spend(m, consumer, card.id, 359_400);
    expect((await balance(consumer, card.id)).balance).toMatchObject(left);

    const quoted = await quote(consumer, card.id);
    const calculation = { rule: 'PRO_RATA', paidFen: 300_000, bonusGrantedFen: 100_000, consumedFen: 359_400, consumedPrincipalFen: 269_550, refundFen: 30_450, bonusForfeitedFen: left.bonusFen };
    expect(quoted).toMatchObject({ ...calculation, cardId: card.id, principalBalanceFen: left.principalFen, bonusBalanceFen: left.bonusFen });
    // a quote changes nothing
    expect((await balance(consumer, card.id)).status).toBe('ACTIVE');

    const requested = (await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID(), quotedRefundFen: quoted.refundFen }).expect(201)).body as BalanceRefundView;
    expect(requested).toMatchObject({ principalFen: 30_450, bonusForfeitedFen: left.bonusFen, calculation });
    const done = await until(
      'the refund',
      async () => (await t.http.get(`/me/cards/${card.id}/refunds/${requested.refundId}`).set(bearer(consumer)).expect(200)).body as BalanceRefundView,
      (v) => v.status !== 'PROCESSING',
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', parts: [{ channel: 'WECHATPAY', amountFen: 30_450, status: 'SUCCEEDED' }], calculation });

    const after = await balance(consumer, card.id);
    expect(after).toMatchObject({ status: 'CLOSED', balance: { principalFen: 0, bonusFen: 0 } });
    const db = t.app.get(DataSource);
    const [part] = await db.query('SELECT out_trade_no FROM refund_parts WHERE card_refund_id = ?', [requested.refundId]);
    const atChannel = (await control(`orders/wechatpay/${part.out_trade_no}`)) as { refunds: Array<{ amountFen: number }> };
    expect(atChannel.refunds.map((r) => r.amountFen)).toEqual([30_450]);
    // the merchant is owed exactly the principal counted as used: ¥3,000 − ¥304.50, whatever was deducted first
    const [payable] = await db.query(
      `SELECT COALESCE(SUM(CASE WHEN t.credit_account_id = a.id THEN t.amount ELSE -t.amount END), 0) AS owed
         FROM ledger_transfers t JOIN ledger_accounts a ON a.id IN (t.credit_account_id, t.debit_account_id)
        WHERE a.code = 210 AND a.owner_ref = ? AND a.ledger = 1`,
      [m.merchant.id],
    );
    expect(Number(payable.owed)).toBe(269_550);
  });

  it('should refuse a refund confirmed on a quote the card has moved past, and change nothing', async () => {
    const { m, consumer, card } = await toppedUpCard('BONUS_FIRST');
    const quoted = await quote(consumer, card.id);
    expect(quoted).toMatchObject({ refundFen: 300_000, consumedFen: 0, bonusForfeitedFen: 100_000 });
    await spend(m, consumer, card.id, 10_000);

    const refused = await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID(), quotedRefundFen: quoted.refundFen }).expect(409);
    expect(refused.body).toMatchObject({ code: 'REFUND_QUOTE_CHANGED', messageZh: expect.stringContaining('重新确认'), requestId: expect.any(String) });
    expect(await balance(consumer, card.id)).toMatchObject({ status: 'ACTIVE', balance: { principalFen: 300_000, bonusFen: 90_000 } });
    // ¥100 used of ¥4,000: ¥75 counted against principal
    expect((await quote(consumer, card.id)).refundFen).toBe(292_500);
  });

  it('should let either a sale or 退卡 win when they race, never both spending the same money', async () => {
    const { m, consumer, card } = await toppedUpCard('BONUS_FIRST');
    const code = (await t.http.post(`/me/cards/${card.id}/member-code`).set(bearer(consumer)).expect(201)).body;
    const [sale, refund] = await Promise.all([
      t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 359_400, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }),
      t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID() }),
    ]);
    expect(refund.status).toBe(201);
    const refunded = (refund.body as BalanceRefundView).principalFen;
    if (sale.status === 201) expect(refunded).toBe(30_450); // the sale first: the pro-rata count of what is left
    else {
      // refused at the card (closed) or at its guarded debit (emptied by the refund in between)
      expect(sale.body.code).toMatch(/CARD_NOT_ACTIVE|CARD_CLOSED|INSUFFICIENT_BALANCE/);
      expect(refunded).toBe(300_000); // the refund first: nothing was used
    }
    expect((await balance(consumer, card.id)).balance).toMatchObject({ principalFen: 0, bonusFen: 0 });
  });

  it('should answer another consumer’s card as not found, and a closed card as not refundable', async () => {
    const { consumer, card } = await toppedUpCard('PRO_RATA');
    const stranger = await a.consumer();
    expect((await t.http.get(`/me/cards/${card.id}/refund-quote`).set(bearer(stranger)).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await t.http.get(`/me/cards/not-a-uuid/refund-quote`).set(bearer(consumer)).expect(422)).body.code).toBe('VALIDATION_FAILED');
    await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID() }).expect(201);
    expect((await t.http.get(`/me/cards/${card.id}/refund-quote`).set(bearer(consumer)).expect(409)).body.code).toBe('CARD_NOT_ACTIVE');
    expect((await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID(), quotedRefundFen: -1 }).expect(422)).body.code).toBe('VALIDATION_FAILED');
  });
});

describe('7-day cooling-off (冷静期, e2e)', () => {
  const t = useTestApp();
  const a = actors(t);
  const DAY = 86_400_000;

  const control = (path: string, body?: unknown) => sandboxControl(t, path, body);

  let realNow: () => Date;
  beforeAll(async () => {
    await control('time-scale', { scale: 1000 });
    const clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
  });

  /** The app's clock `days` ahead of real time (the channel sandbox keeps real time). */
  const travel = (days: number) => {
    t.app.get(Clock).now = () => new Date(realNow().getTime() + days * DAY);
  };

  afterEach(async () => {
    t.app.get(Clock).now = realNow;
    await expectLedgerSound(t);
  });

  async function holder(product: Record<string, unknown> = {}) {
    const m = await a.approvedMerchant();
    const created = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput(product)).expect(201)).body as CardProductView;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, created.claimToken);
    return { m, consumer, card, product: created };
  }

  async function payTopUp(consumer: TokenPair, cardId: string, amountFen: number): Promise<TopUpView> {
    const order = (await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen, channel: 'ALIPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    await control(`orders/alipay/${new URL(order.cashierUrl!).pathname.split('/').pop()!}/pay`, {});
    return until('the top-up', async () => (await t.http.get(`/me/topups/${order.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView, (v) => v.status === 'PAID');
  }

  const quote = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}/cooling-off-quote`).set(bearer(consumer)).expect(200)).body as CoolingOffQuoteView;
  const ask = (consumer: TokenPair, cardId: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/me/cards/${cardId}/cooling-off-refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID(), ...body });
  const cardOf = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;

  it('should return an unused ¥500 + ¥50 top-up in full on day 6, forfeiting its bonus and keeping the card', async () => {
    const { consumer, card, product } = await holder();
    expect(product.coolingOffDays).toBe(7);
    const order = await payTopUp(consumer, card.id, 50_000);
    travel(6);

    const quoted = await quote(consumer, card.id);
    expect(quoted).toMatchObject({ coolingOffDays: 7, refundFen: 50_000, bonusForfeitedFen: 5_000, topUps: [{ orderId: order.orderId, amountFen: 50_000, bonusFen: 5_000 }] });
    expect(new Date(quoted.topUps[0]!.refundableUntil).getTime()).toBe(new Date(order.paidAt!).getTime() + 7 * DAY);

    const key = randomUUID();
    const requested = (await ask(consumer, card.id, { idempotencyKey: key, quotedRefundFen: 50_000 }).expect(201)).body as BalanceRefundView;
    expect(requested).toMatchObject({ principalFen: 50_000, bonusForfeitedFen: 5_000, calculation: { rule: 'COOLING_OFF', paidFen: 50_000, bonusGrantedFen: 5_000, consumedFen: 0, refundFen: 50_000 } });
    // the same key answers the same refund
    expect(((await ask(consumer, card.id, { idempotencyKey: key }).expect(201)).body as BalanceRefundView).refundId).toBe(requested.refundId);
    const done = await until('the refund', async () => (await t.http.get(`/me/cards/${card.id}/refunds/${requested.refundId}`).set(bearer(consumer)).expect(200)).body as BalanceRefundView, (v) => v.status !== 'PROCESSING');
    expect(done).toMatchObject({ status: 'SUCCEEDED', parts: [{ channel: 'ALIPAY', amountFen: 50_000, status: 'SUCCEEDED' }] });
    expect(await cardOf(consumer, card.id)).toMatchObject({ status: 'ACTIVE', balance: { principalFen: 0, bonusFen: 0 } });
    // returned once: nothing is left in the cooling-off period, and nothing for 退卡 either
    expect((await ask(consumer, card.id).expect(409)).body.code).toBe('NOT_IN_COOLING_OFF');
    expect((await t.http.get(`/me/cards/${card.id}/refund-quote`).set(bearer(consumer)).expect(409)).body.code).toBe('NOTHING_TO_REFUND');
  });

  it('should count a replacement card’s top-ups from the card it replaced: refunded in full when nothing was redeemed, refused after a sale', async () => {
    const replaced = async (sale: boolean) => {
      const { m, consumer, card } = await holder();
      const order = await payTopUp(consumer, card.id, 50_000);
      if (sale) {
        const code = (await t.http.post(`/me/cards/${card.id}/member-code`).set(bearer(consumer)).expect(201)).body;
        await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 1_000, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(201);
      }
      await t.http.post(`/me/cards/${card.id}/loss`).set(bearer(consumer)).expect(200);
      const replacement = ((await t.http.post(`/me/cards/${card.id}/replacement`).set(bearer(consumer)).expect(200)).body as { card: CardView }).card;
      return { consumer, order, replacement };
    };
    travel(3);
    const unused = await replaced(false);
    const quoted = await quote(unused.consumer, unused.replacement.id);
    expect(quoted).toMatchObject({ refundFen: 50_000, bonusForfeitedFen: 5_000, topUps: [{ orderId: unused.order.orderId, amountFen: 50_000 }] });
    const requested = (await ask(unused.consumer, unused.replacement.id, { quotedRefundFen: 50_000 }).expect(201)).body as BalanceRefundView;
    const done = await until(
      'the refund',
      async () => (await t.http.get(`/me/cards/${unused.replacement.id}/refunds/${requested.refundId}`).set(bearer(unused.consumer)).expect(200)).body as BalanceRefundView,
      (v) => v.status !== 'PROCESSING',
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', parts: [{ channel: 'ALIPAY', amountFen: 50_000, status: 'SUCCEEDED' }] });
    expect(await cardOf(unused.consumer, unused.replacement.id)).toMatchObject({ status: 'ACTIVE', balance: { principalFen: 0, bonusFen: 0 } });

    // a sale on the lost card after the top-up: redeemed, so no cooling-off on its replacement either
    const used = await replaced(true);
    expect((await quote(used.consumer, used.replacement.id)).topUps).toEqual([]);
    expect((await ask(used.consumer, used.replacement.id).expect(409)).body.code).toBe('NOT_IN_COOLING_OFF');
    expect((await cardOf(used.consumer, used.replacement.id)).balance.totalFen).toBe(55_000 - 1_000);
  });

  it('should refuse the cooling-off refund on day 8, changing nothing', async () => {
    const { consumer, card } = await holder();
    await payTopUp(consumer, card.id, 50_000);
    travel(8);
    expect(await quote(consumer, card.id)).toMatchObject({ refundFen: 0, bonusForfeitedFen: 0, topUps: [] });
    const refused = await ask(consumer, card.id).expect(409);
    expect(refused.body).toMatchObject({ code: 'NOT_IN_COOLING_OFF', messageZh: expect.stringContaining('冷静期'), requestId: expect.any(String) });
    expect(await cardOf(consumer, card.id)).toMatchObject({ status: 'ACTIVE', balance: { principalFen: 50_000, bonusFen: 5_000 } });
    expect(Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM card_refunds WHERE card_id = ?', [card.id]))[0].n)).toBe(0);
  });

  it('should cover only the top-up paid after the last sale', async () => {
    const { m, consumer, card } = await holder();
    await payTopUp(consumer, card.id, 10_000);
    const code = (await t.http.post(`/me/cards/${card.id}/member-code`).set(bearer(consumer)).expect(201)).body;
    await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 1_000, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(201);
    expect(await quote(consumer, card.id)).toMatchObject({ refundFen: 0, topUps: [] });

    travel(1);
    const later = await payTopUp(consumer, card.id, 50_000);
    travel(3);
    const quoted = await quote(consumer, card.id);
    expect(quoted.topUps.map((o) => o.orderId)).toEqual([later.orderId]);
    await ask(consumer, card.id, { quotedRefundFen: quoted.refundFen }).expect(201);
    // the ¥90 left of the first top-up stays on the card
    expect((await cardOf(consumer, card.id)).balance).toMatchObject({ principalFen: 9_000, bonusFen: 0 });
  });

  it('should follow the product: no cooling-off where it is 0 days, 14 days still covers day 8', async () => {
    const off = await holder({ coolingOffDays: 0 });
    expect(off.product.coolingOffDays).toBe(0);
    await payTopUp(off.consumer, off.card.id, 10_000);
    expect((await ask(off.consumer, off.card.id).expect(409)).body.code).toBe('NOT_IN_COOLING_OFF');

    const longer = await holder({ coolingOffDays: 14 });
    await payTopUp(longer.consumer, longer.card.id, 10_000);
    travel(8);
    expect((await quote(longer.consumer, longer.card.id)).refundFen).toBe(10_000);
    // an edit that leaves the field out keeps the product's period
    const edited = (await t.http.put(`/merchant/card-products/${longer.product.id}`).set(bearer(longer.m.owner)).send(productInput({ name: '改名卡' })).expect(200)).body as CardProductView;
    expect(edited.coolingOffDays).toBe(14);
    expect((await t.http.post('/merchant/card-products').set(bearer(longer.m.owner)).send(productInput({ coolingOffDays: -1 })).expect(422)).body.code).toBe('VALIDATION_FAILED');
  });

  it('should pay a top-up back once when the cooling-off refund and 退卡 race', async () => {
    const { consumer, card } = await holder();
    await payTopUp(consumer, card.id, 50_000);
    const [coolingOff, refund] = await Promise.all([ask(consumer, card.id), t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID() })]);
    const won = [coolingOff, refund].filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect((won[0]!.body as BalanceRefundView).principalFen).toBe(50_000);
    expect([coolingOff, refund].find((r) => r.status !== 201)!.body.code).toMatch(/NOT_IN_COOLING_OFF|NOTHING_TO_REFUND|CARD_NOT_ACTIVE/);
    const [order] = await t.app.get(DataSource).query('SELECT refunded_fen FROM topup_orders WHERE card_id = ?', [card.id]);
    expect(Number(order.refunded_fen)).toBe(50_000);
  });

  it('should refuse a stale confirmation and another consumer’s card', async () => {
    const { consumer, card } = await holder();
    await payTopUp(consumer, card.id, 10_000);
    expect((await ask(consumer, card.id, { quotedRefundFen: 20_000 }).expect(409)).body.code).toBe('REFUND_QUOTE_CHANGED');
    const stranger = await a.consumer();
    expect((await t.http.get(`/me/cards/${card.id}/cooling-off-quote`).set(bearer(stranger)).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await ask(stranger, card.id).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await cardOf(consumer, card.id)).balance.principalFen).toBe(10_000);
  });
});

describe('double payment (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  const control = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const res = await fetch(`${t.sandboxUrl}/__control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };

  beforeAll(async () => {
    await control('time-scale', { scale: 1000 });
  });

  afterEach(async () => {
    await control('faults/wechatpay', undefined, 'DELETE');
    await expectLedgerSound(t);
  });

  it('should credit the card once and send the second payment of one order back to its channel', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    // WeChat Pay takes the order but answers too late: the BFF fails over, and the consumer still pays both
    await control('faults/wechatpay', { timeoutMs: 5_500, apiCount: 1 });
    const order = (await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId: card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    expect(order.channel).not.toBe('WECHATPAY');
    const db = t.app.get(DataSource);
    const [late] = await db.query("SELECT out_trade_no, status FROM payment_attempts WHERE order_id = ? AND channel = 'WECHATPAY'", [order.orderId]);
    expect(late.status).toBe('FAILED');

    const second = order.channel!.toLowerCase();
    await control(`orders/${second}/${new URL(order.cashierUrl!).pathname.split('/').pop()!}/pay`, {});
    await until('the credit', async () => (await t.http.get(`/me/topups/${order.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView, (v) => v.status === 'PAID');
    await until('WeChat Pay to take the late order', () => control(`orders/wechatpay/${late.out_trade_no}`), (r) => r.status === 200);
    await control(`orders/wechatpay/${late.out_trade_no}/pay`, {});

    const atWechat = await until(
      'the refund at WeChat Pay',
      async () => (await control(`orders/wechatpay/${late.out_trade_no}`)).body as { refunds: Array<{ amountFen: number; status: string }> },
      (o) => o.refunds.some((r) => r.status === 'SUCCESS'),
    );
    expect(atWechat.refunds.map((r) => r.amountFen)).toEqual([10_000]);
    const [refund] = await until(
      'the refund to be confirmed',
      () => db.query<Array<{ id: string; status: string; principal_fen: number | string }>>("SELECT id, status, principal_fen FROM card_refunds WHERE card_id = ? AND rule = 'DOUBLE_PAYMENT'", [card.id]),
      (rows) => rows[0]?.status === 'SUCCEEDED',
    );
    expect(Number(refund!.principal_fen)).toBe(10_000);
    // the card was credited once, by the first payment, and stays as it is
    const after = (await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView;
    expect(after).toMatchObject({ status: 'ACTIVE', balance: { principalFen: 10_000 } });
    const view = (await t.http.get(`/me/cards/${card.id}/refunds/${refund!.id}`).set(bearer(consumer)).expect(200)).body as BalanceRefundView;
    expect(view).toMatchObject({ status: 'SUCCEEDED', parts: [{ channel: 'WECHATPAY', amountFen: 10_000 }], calculation: { rule: 'DOUBLE_PAYMENT', refundFen: 10_000 } });

    // asked again (the sweep, a replayed notification): nothing more goes back
    expect(await t.app.get(DuplicatePaymentRefunds).runOnce()).toBe(0);
    await control(`orders/wechatpay/${late.out_trade_no}/pay`, {});
    expect(((await control(`orders/wechatpay/${late.out_trade_no}`)).body as { refunds: unknown[] }).refunds).toHaveLength(1);
  }, 30_000);
});
