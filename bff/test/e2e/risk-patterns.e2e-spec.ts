import type { CardProductView, CardView, RiskRuleView, TokenPair } from '@jucard/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer, productInput } from '../factories/actors';
import { claimCard, memberCode, paidTopUp } from '../factories/money';
import { riskDesk } from '../factories/risk';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import type { TestApp } from '../support/test-app';

/**
 * The velocity and cash-out rules about who is behind a top-up (docs/risk.md): the device the app names in
 * X-Device-Id, the payer account the order is paid by, the cards they top up, round amounts just under a cap, and a
 * sale of nearly a top-up's amount minutes after it. Each test adds its rule, tight, scoped to its own merchant; the
 * platform's defaults stay as shipped.
 */
function patternsDriver(t: TestApp) {
  const a = actors(t);
  const { operator, merchantRule, cases } = riskDesk(t);
  const device = () => `dev-${randomBytes(8).toString('hex')}`;

  const topUp = (consumer: TokenPair, cardId: string, amountFen: number, deviceId?: string) => {
    const request = t.http.post('/me/topups').set(bearer(consumer));
    if (deviceId !== undefined) request.set('X-Device-Id', deviceId);
    return request.send({ cardId, amountFen, channel: 'WECHATPAY', idempotencyKey: randomUUID() });
  };

  /** The open and decided cases of one rule (the queue holds every spec's cases). */
  const casesOfRule = async (ruleId: string) => (await cases()).filter((c) => c.rule.id === ruleId);

  /** A product of the merchant beside its first (so one consumer can hold two of its cards). */
  async function secondProduct(owner: TokenPair): Promise<CardProductView> {
    return (await t.http.post('/merchant/card-products').set(bearer(owner)).send(productInput({ name: '第二张储值卡' })).expect(201)).body as CardProductView;
  }

  const orderRows = (cardId: string) => t.app.get(DataSource).query<Array<{ device_id: string | null; payer_ref: string | null }>>('SELECT device_id, payer_ref FROM topup_orders WHERE card_id = ?', [cardId]);

  return { a, operator, device, topUp, merchantRule, casesOfRule, secondProduct, orderRows };
}

describe('risk rules on devices, payer accounts and cash-out patterns (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const d = patternsDriver(t);

  it('should ship the device, payer and cash-out rules as version 1 of each, reviewing', async () => {
    const rules = (await t.http.get('/operator/risk/rules').set(bearer(await d.operator())).expect(200)).body as RiskRuleView[];
    const defaults = Object.fromEntries(rules.filter((r) => r.scope === 'platform').map((r) => [r.id, r]));
    expect(defaults['velocity.device.hour']).toMatchObject({ kind: 'TOPUP_VELOCITY_DEVICE', version: 1, action: 'review', parameters: { windowMinutes: 60, maxCount: 20 } });
    expect(defaults['velocity.device.day']).toMatchObject({ kind: 'TOPUP_VELOCITY_DEVICE', parameters: { windowMinutes: 1440, maxCount: 100 } });
    expect(defaults['velocity.payer.hour']).toMatchObject({ kind: 'TOPUP_VELOCITY_PAYER', parameters: { windowMinutes: 60, maxCount: 20 } });
    expect(defaults['velocity.payer.day']).toMatchObject({ kind: 'TOPUP_VELOCITY_PAYER', parameters: { windowMinutes: 1440, maxCount: 100 } });
    expect(defaults['cashout.cards-per-device']).toMatchObject({ kind: 'CARDS_PER_DEVICE', parameters: { maxCount: 5 } });
    expect(defaults['cashout.cards-per-payer']).toMatchObject({ kind: 'CARDS_PER_PAYER', parameters: { maxCount: 5 } });
    expect(defaults['cashout.topup-redeem-mirror']).toMatchObject({ kind: 'TOPUP_REDEEM_MIRROR', parameters: { windowMinutes: 10, bandFen: 500, minCount: 3 } });
    expect(defaults['cashout.round-burst.anonymous-cap']).toMatchObject({ kind: 'ROUND_AMOUNT_BURST', parameters: { thresholdFen: 100_000, roundFen: 10_000 } });
    expect(defaults['cashout.round-burst.real-name']).toMatchObject({ kind: 'ROUND_AMOUNT_BURST', parameters: { thresholdFen: 1_000_000 } });
  });

  it('should keep the device and payer account with the order, and refuse a malformed X-Device-Id with 422 and no order', async () => {
    const m = await d.a.approvedMerchant();
    const consumer = await d.a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    const refused = await d.topUp(consumer, card.id, 1_000, 'bad id!').expect(422);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(await d.orderRows(card.id)).toEqual([]);
    const deviceId = d.device();
    await d.topUp(consumer, card.id, 1_000, deviceId).expect(201);
    await d.topUp(consumer, card.id, 1_000).expect(201);
    const rows = await d.orderRows(card.id);
    expect(rows.map((r) => r.device_id).sort()).toEqual([deviceId, null].sort());
    expect(rows.every((r) => r.payer_ref?.startsWith('wechat:'))).toBe(true);
  });

  it('should open one review case when a device tops up past its count, whoever signed in on it (TOPUP_VELOCITY_DEVICE)', async () => {
    const m = await d.a.approvedMerchant();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_DEVICE', parameters: { windowMinutes: 60, maxCount: 2 }, action: 'review' });
    const deviceId = d.device();
    const holders = [];
    for (let i = 0; i < 3; i++) {
      const consumer = await d.a.consumer();
      holders.push({ consumer, card: await claimCard(t, consumer, m.product.claimToken) });
    }
    await d.topUp(holders[0]!.consumer, holders[0]!.card.id, 1_000, deviceId).expect(201);
    await d.topUp(holders[1]!.consumer, holders[1]!.card.id, 1_000, deviceId).expect(201);
    await d.topUp(holders[2]!.consumer, holders[2]!.card.id, 1_000, d.device()).expect(201); // another device: not counted
    expect(await d.casesOfRule(rule.id)).toEqual([]);
    await d.topUp(holders[2]!.consumer, holders[2]!.card.id, 1_000, deviceId).expect(201); // let through, reviewed
    await d.topUp(holders[0]!.consumer, holders[0]!.card.id, 1_000, deviceId).expect(201);
    const [found, ...more] = await d.casesOfRule(rule.id);
    expect(more).toEqual([]);
    expect(found!.operations.map((o) => o.counters)).toEqual([
      { topUps: 3, maxCount: 2, windowMinutes: 60 },
      { topUps: 4, maxCount: 2, windowMinutes: 60 },
    ]);
  });

  it('should refuse a payer account past its count with RISK_BLOCKED, counted from the database, across its cards (TOPUP_VELOCITY_PAYER)', async () => {
    const m = await d.a.approvedMerchant();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_PAYER', parameters: { windowMinutes: 60, maxCount: 2 }, action: 'block' });
    const consumer = await d.a.consumer();
    const first = await claimCard(t, consumer, m.product.claimToken);
    const second = await claimCard(t, consumer, (await d.secondProduct(m.owner)).claimToken);
    await d.topUp(consumer, first.id, 1_000).expect(201);
    await d.topUp(consumer, second.id, 1_000).expect(201);
    const refused = await d.topUp(consumer, second.id, 1_000).expect(403);
    expect(refused.body).toMatchObject({ code: 'RISK_BLOCKED', requestId: expect.any(String) });
    expect(await d.orderRows(second.id)).toHaveLength(1);
    const [decision] = await t.app.get(DataSource).query<Array<{ rules: string }>>("SELECT rules FROM risk_decisions WHERE card_id = ? AND outcome = 'block'", [second.id]);
    expect(JSON.parse(decision!.rules)).toEqual([{ ruleId: rule.id, version: 1, action: 'block', counters: { topUps: 3, maxCount: 2, windowMinutes: 60 }, source: 'db' }]);
  });

  it('should open a case when one device tops up a third card (CARDS_PER_DEVICE); its own cards again do not count', async () => {
    const m = await d.a.approvedMerchant();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'CARDS_PER_DEVICE', parameters: { windowMinutes: 1440, maxCount: 2 }, action: 'review' });
    const deviceId = d.device();
    const cards: Array<{ consumer: TokenPair; card: CardView }> = [];
    for (let i = 0; i < 3; i++) {
      const consumer = await d.a.consumer();
      cards.push({ consumer, card: await claimCard(t, consumer, m.product.claimToken) });
    }
    await d.topUp(cards[0]!.consumer, cards[0]!.card.id, 1_000, deviceId).expect(201);
    await d.topUp(cards[1]!.consumer, cards[1]!.card.id, 1_000, deviceId).expect(201);
    await d.topUp(cards[0]!.consumer, cards[0]!.card.id, 1_000, deviceId).expect(201);
    expect(await d.casesOfRule(rule.id)).toEqual([]);
    await d.topUp(cards[2]!.consumer, cards[2]!.card.id, 1_000, deviceId).expect(201);
    const [found] = await d.casesOfRule(rule.id);
    expect(found).toMatchObject({ status: 'OPEN', cardId: cards[2]!.card.id });
    expect(found!.operations.map((o) => o.counters)).toEqual([{ cards: 3, maxCount: 2, windowMinutes: 1440 }]);
  });

  it('should hold a payer account topping up a second card with RISK_HELD until released (CARDS_PER_PAYER)', async () => {
    const m = await d.a.approvedMerchant();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'CARDS_PER_PAYER', parameters: { windowMinutes: 1440, maxCount: 1 }, action: 'hold' });
    const consumer = await d.a.consumer();
    const first = await claimCard(t, consumer, m.product.claimToken);
    const second = await claimCard(t, consumer, (await d.secondProduct(m.owner)).claimToken);
    await d.topUp(consumer, first.id, 1_000).expect(201);
    await d.topUp(consumer, first.id, 1_000).expect(201);
    expect((await d.topUp(consumer, second.id, 1_000).expect(409)).body.code).toBe('RISK_HELD');
    expect(await d.orderRows(second.id)).toEqual([]);
    const [held] = await d.casesOfRule(rule.id);
    expect(held!.operations.map((o) => o.counters)).toEqual([{ cards: 2, maxCount: 1, windowMinutes: 1440 }]);
  });

  it('should open a case on the second sale of nearly a top-up’s amount minutes after it, and let the sales through (TOPUP_REDEEM_MIRROR)', async () => {
    const m = await d.a.approvedMerchant();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'TOPUP_REDEEM_MIRROR', parameters: { windowMinutes: 10, bandFen: 500, minCount: 2 }, action: 'review' });
    const consumer = await d.a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    const sell = async (amountFen: number) => {
      const code = await memberCode(t, consumer, card.id);
      await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(201);
    };
    await paidTopUp(t, consumer, card.id, 20_000);
    await sell(19_800); // the first mirror
    await sell(100); // far from the top-up's amount: no mirror
    expect(await d.casesOfRule(rule.id)).toEqual([]);
    await paidTopUp(t, consumer, card.id, 30_000);
    await sell(30_000); // the second: a case, the sale through
    const [found, ...more] = await d.casesOfRule(rule.id);
    expect(more).toEqual([]);
    expect(found).toMatchObject({ cardId: card.id, status: 'OPEN' });
    expect(found!.operations).toEqual([expect.objectContaining({ kind: 'REDEMPTION', amountFen: 30_000, counters: { mirroredSales: 2, minCount: 2, windowMinutes: 10, bandFen: 500 } })]);
    const sales = await t.app.get(DataSource).query<unknown[]>('SELECT id FROM redemptions WHERE card_id = ?', [card.id]);
    expect(sales).toHaveLength(3);
    await expectLedgerSound(t);
  });

  it('should see a burst of round top-ups just under a cap: the third opens a case, an odd amount does not count (ROUND_AMOUNT_BURST)', async () => {
    const m = await d.a.approvedMerchant();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'ROUND_AMOUNT_BURST', parameters: { windowMinutes: 60, thresholdFen: 30_000, bandFen: 15_000, roundFen: 5_000, minCount: 3 }, action: 'review' });
    const consumer = await d.a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await d.topUp(consumer, card.id, 25_000).expect(201);
    await d.topUp(consumer, card.id, 20_000).expect(201);
    await d.topUp(consumer, card.id, 22_222).expect(201); // not round
    await d.topUp(consumer, card.id, 5_000).expect(201); // round, far under the cap
    expect(await d.casesOfRule(rule.id)).toEqual([]);
    await d.topUp(consumer, card.id, 15_000).expect(201);
    const [found] = await d.casesOfRule(rule.id);
    expect(found!.operations.map((o) => [o.amountFen, o.counters])).toEqual([[15_000, { roundTopUps: 3, minCount: 3, thresholdFen: 30_000, windowMinutes: 60 }]]);
  });
});
