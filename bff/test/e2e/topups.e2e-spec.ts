import type { BalanceRefundView, CardView, TopUpView, TokenPair } from '@jucard/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChannelRouter } from '../../src/payments/channel-router';
import { PaymentPoller } from '../../src/payments/payment-poller.service';
import { actors, bearer, productInput } from '../factories/actors';
import { claimCard, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';
import { loadWechatpayKeys, paymentNotification } from '../../../scripts/bench/lib/wechatpay-notify.mjs';

describe('top-ups through the channel sandbox (e2e, real signatures and encryption)', () => {
  const t = useTestApp();
  const a = actors(t);

  const control = (path: string, body?: unknown, method?: string) => sandboxControl(t, path, body, method);

  beforeAll(async () => {
    await control('time-scale', { scale: 1000 });
  });

  afterEach(async () => {
    for (const channel of ['wechatpay', 'alipay', 'unionpay']) await control(`faults/${channel}`, undefined, 'DELETE');
    await expectLedgerSound(t);
  });

  async function holder(): Promise<{ consumer: TokenPair; card: CardView }> {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    return { consumer, card: await claimCard(t, consumer, m.product.claimToken) };
  }

  const topUp = (consumer: TokenPair, body: Record<string, unknown>) => t.http.post('/me/topups').set(bearer(consumer)).send(body);
  const outTradeNoOf = (view: TopUpView) => new URL(view.cashierUrl!).pathname.split('/').pop()!;

  async function waitFor(consumer: TokenPair, orderId: string, status: string): Promise<TopUpView> {
    const read = async () => (await t.http.get(`/me/topups/${orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView;
    return until(`order ${orderId} ${status}`, read, (view) => view.status === status);
  }

  const balance = async (consumer: TokenPair, cardId: string) =>
    ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView).balance;

  it.each(['WECHATPAY', 'ALIPAY', 'UNIONPAY'])('should top up ¥500 + ¥50 bonus through %s once the channel confirms', async (channel) => {
    const { consumer, card } = await holder();
    const created = (await topUp(consumer, { cardId: card.id, amountFen: 50_000, channel, idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    expect(created).toMatchObject({ status: 'PAYING', channel, amountFen: 50_000, bonusFen: 5_000 });
    expect(created.cashierUrl).toContain(`/cashier/${channel.toLowerCase()}/`);
    expect((await balance(consumer, card.id)).totalFen).toBe(0); // nothing on the client's word

    await control(`orders/${channel.toLowerCase()}/${outTradeNoOf(created)}/pay`, {});
    const paid = await waitFor(consumer, created.orderId, 'PAID');
    expect(paid.paidAt).not.toBeNull();
    expect(await balance(consumer, card.id)).toEqual({ principalFen: 50_000, bonusFen: 5_000, totalFen: 55_000, points: 0 });
  });

  it('should return the same order for a retried create and refuse the key with another body', async () => {
    const { consumer, card } = await holder();
    const key = randomUUID();
    const first = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: key }).expect(201)).body as TopUpView;
    const again = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: key }).expect(201)).body as TopUpView;
    expect(again.orderId).toBe(first.orderId);
    expect(again.cashierUrl).toBe(first.cashierUrl);
    expect((await topUp(consumer, { cardId: card.id, amountFen: 20_000, channel: 'ALIPAY', idempotencyKey: key }).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('should give a retry the way to pay when the first request died before any channel was asked, and credit once', async () => {
    const { consumer, card } = await holder();
    const key = randomUUID();
    // the instance that took the request is killed after storing the order, before asking a channel
    const plan = jest.spyOn(t.app.get(ChannelRouter), 'plan').mockRejectedValueOnce(new Error('instance killed'));
    await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: key }).expect(500);
    plan.mockRestore();
    const retried = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: key }).expect(201)).body as TopUpView;
    expect(retried).toMatchObject({ status: 'PAYING', channel: 'ALIPAY' });
    expect(retried.cashierUrl).toContain('/cashier/alipay/');
    const again = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: key }).expect(201)).body as TopUpView;
    expect(again).toMatchObject({ orderId: retried.orderId, cashierUrl: retried.cashierUrl });
    await control(`orders/alipay/${outTradeNoOf(retried)}/pay`, {});
    await waitFor(consumer, retried.orderId, 'PAID');
    expect((await balance(consumer, card.id)).principalFen).toBe(10_000);
  });

  it('should credit exactly once when every notification arrives three times, reordered', async () => {
    const { consumer, card } = await holder();
    await control('faults/wechatpay', { duplicate: 3 });
    const orders: TopUpView[] = [];
    for (let i = 0; i < 3; i++) {
      orders.push((await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body);
    }
    await control('faults/wechatpay', { duplicate: 3, reorder: orders.length });
    for (const order of orders) await control(`orders/wechatpay/${outTradeNoOf(order)}/pay`, {});
    await control('notifications/wechatpay/release', {});
    for (const order of orders) await waitFor(consumer, order.orderId, 'PAID');
    await new Promise((r) => setTimeout(r, 300)); // let the duplicates land too
    expect(await balance(consumer, card.id)).toMatchObject({ principalFen: 30_000 });
    const [row] = await t.app.get(DataSource).query(
      "SELECT COUNT(*) AS n FROM payment_notifications WHERE channel = 'WECHATPAY' AND out_trade_no IN (?, ?, ?)",
      orders.map(outTradeNoOf),
    );
    expect(Number(row.n)).toBeGreaterThanOrEqual(6);
  });

  it('should find a payment whose notification was dropped, through the poller', async () => {
    const { consumer, card } = await holder();
    await control('faults/unionpay', { dropPercent: 100 });
    const order = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'UNIONPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    await control(`orders/unionpay/${outTradeNoOf(order)}/pay`, {});
    await t.app.get(DataSource).query('UPDATE payment_attempts SET next_poll_at = ? WHERE order_id = ?', ['2000-01-01 00:00:00.000', order.orderId]);
    expect(await t.app.get(PaymentPoller).runOnce()).toBeGreaterThanOrEqual(1);
    const view = (await t.http.get(`/me/topups/${order.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView;
    expect(view.status).toBe('PAID');
    expect((await balance(consumer, card.id)).principalFen).toBe(10_000);
  });

  it('should close an expired unpaid order at the channel, and still credit a payment that arrives late', async () => {
    const { consumer, card } = await holder();
    const order = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    await t.app.get(DataSource).query('UPDATE topup_orders SET expires_at = ? WHERE id = ?', ['2000-01-01 00:00:00.000', order.orderId]);
    await t.app.get(DataSource).query('UPDATE payment_attempts SET next_poll_at = ? WHERE order_id = ?', ['2000-01-01 00:00:00.000', order.orderId]);
    await t.app.get(PaymentPoller).runOnce();
    expect(((await t.http.get(`/me/topups/${order.orderId}`).set(bearer(consumer))).body as TopUpView).status).toBe('CLOSED');
    expect((await balance(consumer, card.id)).totalFen).toBe(0);
  });

  it('should refuse forged notifications and signature probes and credit nothing', async () => {
    const { consumer, card } = await holder();
    const order = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    const [{ last }] = await t.app.get(DataSource).query('SELECT COALESCE(MAX(id), 0) AS last FROM payment_notifications');
    const forged = await t.http
      .post('/payments/notify/wechatpay')
      .set('content-type', 'application/json')
      .set('Wechatpay-Timestamp', String(Math.floor(Date.now() / 1000)))
      .set('Wechatpay-Nonce', 'abcdefghijklmnopqrstuvwxyz123456')
      .set('Wechatpay-Signature', randomBytes(256).toString('base64'))
      .set('Wechatpay-Serial', 'PUB_KEY_ID_0000')
      .send(JSON.stringify({ id: randomUUID(), event_type: 'TRANSACTION.SUCCESS', resource: {} }));
    expect(forged.status).toBeGreaterThanOrEqual(400);
    await control('wechatpay/signtest', { out_trade_no: outTradeNoOf(order) });
    await new Promise((r) => setTimeout(r, 300));
    const rows: Array<{ outcome: string; detail: string | null }> = await t.app.get(DataSource).query(
      "SELECT outcome, detail FROM payment_notifications WHERE id > ? AND channel = 'WECHATPAY' AND (out_trade_no IS NULL OR out_trade_no = ?) ORDER BY id",
      [last, outTradeNoOf(order)],
    );
    expect(rows.map((r) => r.outcome)).toEqual(['REJECTED', 'REJECTED']);
    expect(rows.map((r) => r.detail)).toEqual(['SIGNATURE_INVALID', 'SIGNATURE_PROBE']);
    expect((await balance(consumer, card.id)).totalFen).toBe(0);
  });

  it('should refuse and flag a correctly signed notification whose amount differs from the order', async () => {
    const { consumer, card } = await holder();
    const order = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    // play the channel: its real platform key and APIv3 key, a payment of ¥1.00 claimed for a ¥100.00 order
    const keys = loadWechatpayKeys(process.env.SANDBOX_DATA_DIR!);
    const { body, headers } = paymentNotification(keys, { outTradeNo: outTradeNoOf(order), amountFen: 100 });
    const res = await t.http.post('/payments/notify/wechatpay').set(headers).send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const [row] = await t.app.get(DataSource).query('SELECT outcome FROM payment_notifications WHERE out_trade_no = ? ORDER BY id DESC LIMIT 1', [outTradeNoOf(order)]);
    expect(row.outcome).toBe('AMOUNT_MISMATCH');
    expect((await balance(consumer, card.id)).totalFen).toBe(0);
    const [flag] = await t.app.get(DataSource).query("SELECT action FROM audit_log WHERE action = 'payment.notification_amount_mismatch' ORDER BY id DESC LIMIT 1");
    expect(flag.action).toBe('payment.notification_amount_mismatch');
  });

  it('should fail over to another channel when the chosen one is down, and say so', async () => {
    const { consumer, card } = await holder();
    await control('faults/wechatpay', { down: 'refuse' });
    const order = (await topUp(consumer, { cardId: card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    expect(order.channel).not.toBe('WECHATPAY');
    const attempts: Array<{ channel: string; status: string; routing_reason: string }> = await t.app.get(DataSource).query(
      'SELECT channel, status, routing_reason FROM payment_attempts WHERE order_id = ? ORDER BY created_at',
      [order.orderId],
    );
    expect(attempts[0]).toMatchObject({ channel: 'WECHATPAY', status: 'FAILED', routing_reason: 'consumer choice' });
    expect(attempts[1]!.routing_reason).toMatch(/failover/);
  });

  it.each([
    ['an amount that is neither a tier nor allowed as custom', { amountFen: 500 }, 422, 'TOPUP_AMOUNT_NOT_OFFERED'],
    ['an amount beyond the card’s maximum balance', { amountFen: 500_001 }, 409, 'BALANCE_LIMIT_EXCEEDED'],
    ['a negative amount', { amountFen: -100 }, 422, 'VALIDATION_FAILED'],
    ['a fractional amount', { amountFen: 100.5 }, 422, 'VALIDATION_FAILED'],
    ['an unknown channel', { channel: 'PAYPAL' }, 422, 'VALIDATION_FAILED'],
  ])('should refuse %s', async (_label, change, status, code) => {
    const { consumer, card } = await holder();
    const res = await topUp(consumer, { cardId: card.id, amountFen: 10_000, idempotencyKey: randomUUID(), ...change }).expect(status);
    expect(res.body.code).toBe(code);
  });

  it('should refuse topping up someone else’s card', async () => {
    const { card } = await holder();
    const stranger = await a.consumer();
    expect((await topUp(stranger, { cardId: card.id, amountFen: 10_000, idempotencyKey: randomUUID() }).expect(404)).body.code).toBe('CARD_NOT_FOUND');
  });

  it('should count orders still being paid against the maximum balance', async () => {
    const m = await a.approvedMerchant();
    const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind: 'ANONYMOUS', tiers: [{ payFen: 60_000, bonusFen: 0 }] })).expect(201)).body;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, product.claimToken);
    await topUp(consumer, { cardId: card.id, amountFen: 60_000, idempotencyKey: randomUUID() }).expect(201);
    expect((await topUp(consumer, { cardId: card.id, amountFen: 60_000, idempotencyKey: randomUUID() }).expect(409)).body.code).toBe('BALANCE_LIMIT_EXCEEDED');
  });

  async function paidTopUp(consumer: TokenPair, cardId: string, amountFen: number, channel: string): Promise<TopUpView> {
    const order = (await topUp(consumer, { cardId, amountFen, channel, idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    await control(`orders/${channel.toLowerCase()}/${outTradeNoOf(order)}/pay`, {});
    return waitFor(consumer, order.orderId, 'PAID');
  }

  async function refundDone(consumer: TokenPair, cardId: string, refundId: string): Promise<BalanceRefundView> {
    const read = async () => (await t.http.get(`/me/cards/${cardId}/refunds/${refundId}`).set(bearer(consumer)).expect(200)).body as BalanceRefundView;
    return until(`refund ${refundId} finishing`, read, (view) => view.status !== 'PROCESSING');
  }

  it('should refund ¥250 of a ¥500 + ¥50 top-up after ¥225 was spent, forfeiting the ¥25 bonus left', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(consumer, card.id, 50_000, 'WECHATPAY');
    const code = (await t.http.post(`/me/cards/${card.id}/member-code`).set(bearer(consumer)).expect(201)).body;
    await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 27_500, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(201);
    expect(await balance(consumer, card.id)).toMatchObject({ principalFen: 25_000, bonusFen: 2_500 });

    const key = randomUUID();
    const requested = (await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: key }).expect(201)).body as BalanceRefundView;
    expect(requested).toMatchObject({ principalFen: 25_000, bonusForfeitedFen: 2_500 });
    expect((await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: key }).expect(201)).body.refundId).toBe(requested.refundId);
    const done = await refundDone(consumer, card.id, requested.refundId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', parts: [{ channel: 'WECHATPAY', amountFen: 25_000, status: 'SUCCEEDED' }] });

    const after = (await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView;
    expect(after.status).toBe('CLOSED');
    expect(after.balance).toMatchObject({ principalFen: 0, bonusFen: 0 });
    const order = await t.app.get(DataSource).query('SELECT status, refunded_fen FROM topup_orders WHERE card_id = ?', [card.id]);
    expect(order[0]).toMatchObject({ status: 'PARTIALLY_REFUNDED' });
    expect(Number(order[0].refunded_fen)).toBe(25_000);
    const sandboxOrder = await control(`orders/wechatpay/${(await t.app.get(DataSource).query('SELECT out_trade_no FROM refund_parts WHERE card_refund_id = ?', [requested.refundId]))[0].out_trade_no}`) as { refunds: Array<{ amountFen: number }> };
    expect(sandboxOrder.refunds.map((r) => r.amountFen)).toEqual([25_000]);
  });

  it('should refund an untouched card in full across two channels, newest payment first', async () => {
    const { consumer, card } = await holder();
    await paidTopUp(consumer, card.id, 10_000, 'ALIPAY');
    await paidTopUp(consumer, card.id, 50_000, 'UNIONPAY');
    const requested = (await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID() }).expect(201)).body as BalanceRefundView;
    expect(requested).toMatchObject({ principalFen: 60_000, bonusForfeitedFen: 5_000 });
    const done = await refundDone(consumer, card.id, requested.refundId);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.parts.map((p) => [p.channel, p.amountFen]).sort()).toEqual([['ALIPAY', 10_000], ['UNIONPAY', 50_000]]);
    expect((await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID() }).expect(409)).body.code).toBe('NOTHING_TO_REFUND');
  });
});
