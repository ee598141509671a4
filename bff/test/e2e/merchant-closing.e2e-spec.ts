import { businessDayOf, type BalanceRefundView, type CardView, type MerchantClosingNotice, type TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { ClosingRefundsJob } from '../../src/payments/closing-refunds.job';
import { actors, bearer } from '../factories/actors';
import { claimCard, memberCode, paidTopUp, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

const DAY = 86_400_000;

/**
 * A merchant closing down (docs/compliance.md §10): the owner's notice at least 30 days ahead, no prepayment from the
 * notice on (no top-up, no new card), the cards honoured until the day, refused from it, and every balance refunded by
 * the closing job without being asked — once however often it runs. A notice can be withdrawn while its day is ahead.
 */
describe('merchants in trouble: a closing with 30 days’ notice and a free refund of every card (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);
  let realNow: () => Date;

  beforeAll(async () => {
    await sandboxControl(t, 'time-scale', { scale: 1000 });
    const clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
  });
  afterEach(async () => {
    t.app.get(Clock).now = realNow;
    await expectLedgerSound(t);
  });
  const travel = (days: number) => {
    t.app.get(Clock).now = () => new Date(realNow().getTime() + days * DAY);
  };
  const dayAhead = (days: number) => businessDayOf(new Date(Date.now() + days * DAY));
  const announce = (owner: TokenPair, closingDate: string, reason = '门店租约到期，停止营业') => t.http.post('/merchant/closing').set(bearer(owner)).send({ closingDate, reason });
  const cardOf = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;
  const topUp = (consumer: TokenPair, cardId: string) => t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() });
  async function sell(m: Awaited<ReturnType<typeof a.approvedMerchant>>, consumer: TokenPair, cardId: string, amountFen: number, status: number) {
    const code = await memberCode(t, consumer, cardId);
    return t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(status);
  }

  it('should refuse a notice under 30 days, take one of 31, stop prepayments, honour the card until the day, then refund it once', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(t, consumer, card.id, 20_000);

    const short = await announce(m.owner, dayAhead(10)).expect(422);
    expect(short.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(short.body.errorsZh.closingDate[0]).toContain('提前 30 天');
    await announce(m.owner, 'next-month').expect(422);
    const cashier = await a.cashier(m.owner, [m.store.id]);
    await announce(cashier, dayAhead(31)).expect(403);
    expect((await t.http.get('/merchant/closing').set(bearer(m.owner)).expect(200)).body).toBeNull();

    const closingDate = dayAhead(31);
    const notice = (await announce(m.owner, closingDate).expect(201)).body as MerchantClosingNotice;
    expect(notice).toMatchObject({ closingDate, reason: '门店租约到期，停止营业' });
    expect((await announce(m.owner, dayAhead(40)).expect(409)).body.code).toBe('MERCHANT_CLOSING_ANNOUNCED');
    expect((await t.http.get('/merchant/closing').set(bearer(m.owner)).expect(200)).body).toMatchObject({ closingDate });

    // every holder sees it; no prepayment any more; the card still pays
    expect((await cardOf(consumer, card.id)).merchantClosing).toMatchObject({ closingDate, reason: '门店租约到期，停止营业' });
    expect((await topUp(consumer, card.id).expect(409)).body.code).toBe('MERCHANT_CLOSING');
    expect((await t.http.post('/me/cards').set(bearer(await a.consumer())).send({ claimToken: m.product.claimToken }).expect(409)).body.code).toBe('MERCHANT_CLOSING');
    await sell(m, consumer, card.id, 5_000, 201);

    // the day comes: the card takes no sale, the notice cannot be withdrawn, the job refunds what is left, once
    travel(31);
    expect((await sell(m, consumer, card.id, 1_000, 409)).body.code).toBe('MERCHANT_CLOSED');
    expect((await t.http.delete('/merchant/closing').set(bearer(m.owner)).expect(409)).body.code).toBe('MERCHANT_CLOSED');
    const quoted = (await t.http.get(`/me/cards/${card.id}/refund-quote`).set(bearer(consumer)).expect(200)).body as { refundFen: number };
    expect(quoted.refundFen).toBeGreaterThan(0);
    const job = t.app.get(ClosingRefundsJob);
    expect(await job.runOnce()).toBeGreaterThanOrEqual(1);
    const refunds = await t.app.get(DataSource).query<Array<{ id: string }>>('SELECT id FROM card_refunds WHERE card_id = ?', [card.id]);
    expect(refunds).toHaveLength(1);
    const refund = await until(
      'the closing refund',
      async () => (await t.http.get(`/me/cards/${card.id}/refunds/${refunds[0]!.id}`).set(bearer(consumer)).expect(200)).body as BalanceRefundView,
      (v) => v.status !== 'PROCESSING',
    );
    expect(refund).toMatchObject({ principalFen: quoted.refundFen, status: 'SUCCEEDED', parts: [expect.objectContaining({ channel: 'WECHATPAY', amountFen: quoted.refundFen, status: 'SUCCEEDED' })] });
    expect((await cardOf(consumer, card.id)).balance).toMatchObject({ principalFen: 0 });
    await job.runOnce();
    expect(await t.app.get(DataSource).query('SELECT id FROM card_refunds WHERE card_id = ?', [card.id])).toHaveLength(1);
  }, 60_000);

  it('should refund a card its holder reported lost as an active one, and leave a card an operator froze for the operator', async () => {
    const m = await a.approvedMerchant();
    const ops = await a.operator();
    const [lostHolder, frozenHolder] = [await a.consumer(), await a.consumer()];
    const lost = await claimCard(t, lostHolder, m.product.claimToken);
    const frozen = await claimCard(t, frozenHolder, m.product.claimToken);
    await paidTopUp(t, lostHolder, lost.id, 20_000);
    await paidTopUp(t, frozenHolder, frozen.id, 20_000);
    await t.http.post(`/me/cards/${lost.id}/loss`).set(bearer(lostHolder)).expect(200);
    await t.http.post(`/operator/cards/${frozen.cardNo}/freeze`).set(bearer(ops)).send({ reason: '涉嫌套现，暂停服务待核查' }).expect(201);
    await announce(m.owner, dayAhead(31)).expect(201);

    travel(31);
    await t.app.get(ClosingRefundsJob).runOnce();
    const db = t.app.get(DataSource);
    const [refund] = await db.query<Array<{ id: string }>>('SELECT id FROM card_refunds WHERE card_id = ?', [lost.id]);
    const done = await until(
      'the lost card’s refund',
      async () => (await t.http.get(`/me/cards/${lost.id}/refunds/${refund!.id}`).set(bearer(lostHolder)).expect(200)).body as BalanceRefundView,
      (v) => v.status !== 'PROCESSING',
    );
    // its money goes back to the WeChat Pay payment that paid for it, not to whoever has the card
    expect(done).toMatchObject({ status: 'SUCCEEDED', principalFen: 20_000, parts: [expect.objectContaining({ channel: 'WECHATPAY', amountFen: 20_000 })] });
    expect(await cardOf(lostHolder, lost.id)).toMatchObject({ status: 'CLOSED', balance: { principalFen: 0 } });
    expect(await db.query('SELECT id FROM card_refunds WHERE card_id = ?', [frozen.id])).toHaveLength(0);
    expect(await cardOf(frozenHolder, frozen.id)).toMatchObject({ status: 'FROZEN', balance: { principalFen: 20_000 } });
  }, 60_000);

  it('should let the owner withdraw a notice before its day, after which prepayments are taken again, all of it audited', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await announce(m.owner, dayAhead(45)).expect(201);
    expect((await topUp(consumer, card.id).expect(409)).body.code).toBe('MERCHANT_CLOSING');
    await t.http.delete('/merchant/closing').set(bearer(m.owner)).expect(204);
    expect((await t.http.delete('/merchant/closing').set(bearer(m.owner)).expect(404)).body.code).toBe('MERCHANT_CLOSING_NOT_FOUND');
    expect((await cardOf(consumer, card.id)).merchantClosing).toBeNull();
    await topUp(consumer, card.id).expect(201);
    const audit = await t.app.get(DataSource).query<Array<{ action: string }>>('SELECT action FROM audit_log WHERE target_id = ? ORDER BY id', [m.merchant.id]);
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['merchant.closing_announced', 'merchant.closing_withdrawn']));
    // announced again after the withdrawal
    await announce(m.owner, dayAhead(60)).expect(201);
    expect((await cardOf(consumer, card.id)).merchantClosing).toMatchObject({ closingDate: dayAhead(60) });
  });

  it('should let an operator announce and withdraw the notice for a merchant that cannot, under the same rule, audited as the operator’s', async () => {
    const m = await a.approvedMerchant();
    const ops = await a.operator();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    const byOperator = (merchantId: string, closingDate: string) =>
      t.http.post(`/operator/merchants/${merchantId}/closing`).set(bearer(ops)).send({ closingDate, reason: '商户经营者失联，平台代为公告停业' });

    expect((await byOperator(m.merchant.id, dayAhead(10)).expect(422)).body.errorsZh.closingDate[0]).toContain('提前 30 天');
    expect((await byOperator(randomUUID(), dayAhead(31)).expect(404)).body.code).toBe('NOT_FOUND');
    await t.http.post(`/operator/merchants/${m.merchant.id}/closing`).set(bearer(m.owner)).send({ closingDate: dayAhead(31), reason: '商户经营者失联' }).expect(403);
    const notice = (await byOperator(m.merchant.id, dayAhead(31)).expect(201)).body as MerchantClosingNotice;
    expect(notice).toMatchObject({ closingDate: dayAhead(31), reason: '商户经营者失联，平台代为公告停业' });
    // what the owner, the holder and the operator see is the same notice, with the same effects
    expect((await t.http.get('/merchant/closing').set(bearer(m.owner)).expect(200)).body).toMatchObject({ closingDate: dayAhead(31) });
    expect((await t.http.get(`/operator/merchants/${m.merchant.id}/closing`).set(bearer(ops)).expect(200)).body).toMatchObject({ closingDate: dayAhead(31) });
    expect((await cardOf(consumer, card.id)).merchantClosing).toMatchObject({ closingDate: dayAhead(31) });
    expect((await topUp(consumer, card.id).expect(409)).body.code).toBe('MERCHANT_CLOSING');

    await t.http.delete(`/operator/merchants/${m.merchant.id}/closing`).set(bearer(ops)).expect(204);
    expect((await t.http.get(`/operator/merchants/${m.merchant.id}/closing`).set(bearer(ops)).expect(200)).body).toBeNull();
    const audit = await t.app.get(DataSource).query<Array<{ action: string; actor_type: string }>>("SELECT action, actor_type FROM audit_log WHERE target_id = ? AND action LIKE 'merchant.closing%' ORDER BY id", [m.merchant.id]);
    expect(audit).toEqual([
      { action: 'merchant.closing_announced', actor_type: 'operator' },
      { action: 'merchant.closing_withdrawn', actor_type: 'operator' },
    ]);
  });
});
