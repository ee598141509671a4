import type { AuditPage, CardView, RiskCaseView, RiskRuleView, TokenPair, TopUpView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RiskRepository } from '../../src/risk/risk.repository';
import { actors, bearer } from '../factories/actors';
import { claimCard } from '../factories/money';
import { riskDesk } from '../factories/risk';
import { useTestApp, useTestAppOnRedis } from '../support/app-hooks';
import { describeWithPrivateRedis } from '../support/private-redis';
import type { TestApp } from '../support/test-app';

/**
 * Risk control over HTTP (docs/risk.md). Tests that need a tight threshold add a rule scoped to their own merchant,
 * so the platform's defaults, which every other spec's traffic also meets, stay as shipped.
 */
function riskDriver(t: TestApp) {
  const a = actors(t);
  const { operator, merchantRule, cases } = riskDesk(t);

  const control = (path: string) => fetch(`${t.sandboxUrl}/__control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const topUp = (consumer: TokenPair, cardId: string, amountFen: number) =>
    t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen, channel: 'WECHATPAY', idempotencyKey: randomUUID() });

  async function holder(): Promise<{ m: Awaited<ReturnType<typeof a.approvedMerchant>>; consumer: TokenPair; card: CardView }> {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    return { m, consumer, card: await claimCard(t, consumer, m.product.claimToken) };
  }

  async function paid(consumer: TokenPair, cardId: string, amountFen: number): Promise<TopUpView> {
    const order = (await topUp(consumer, cardId, amountFen).expect(201)).body as TopUpView;
    await control(`orders/wechatpay/${new URL(order.cashierUrl!).pathname.split('/').pop()!}/pay`);
    for (let i = 0; i < 100; i++) {
      const view = (await t.http.get(`/me/topups/${order.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView;
      if (view.status === 'PAID') return view;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the top-up was never paid');
  }

  const casesOf = async (cardId: string) => (await cases()).filter((c) => c.cardId === cardId);

  const ordersOf = async (cardId: string) => Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM topup_orders WHERE card_id = ?', [cardId]))[0].n);

  return { a, operator, topUp, holder, paid, merchantRule, casesOf, ordersOf };
}

describe('risk control (e2e)', () => {
  const t = useTestApp();
  const d = riskDriver(t);

  it('should ship the default rules as version 1 of each, editable by an operator only', async () => {
    const rules = (await t.http.get('/operator/risk/rules').set(bearer(await d.operator())).expect(200)).body as RiskRuleView[];
    const defaults = Object.fromEntries(rules.filter((r) => r.scope === 'platform').map((r) => [r.id, r]));
    expect(defaults['velocity.card.hour']).toMatchObject({ kind: 'TOPUP_VELOCITY_CARD', action: 'review', parameters: { windowMinutes: 60, maxCount: 10 } });
    expect(defaults['velocity.consumer.day']).toMatchObject({ kind: 'TOPUP_VELOCITY_CONSUMER', action: 'block' });
    expect(defaults['amount.consumer.day']).toMatchObject({ action: 'block', parameters: { maxFen: 5_000_000 } });
    expect(defaults['aml.real-name.single']).toMatchObject({ parameters: { thresholdFen: 1_000_000 } });
    expect(Object.keys(defaults)).toEqual(
      expect.arrayContaining(['velocity.card.day', 'velocity.consumer.hour', 'cashout.refund-after-topup', 'aml.real-name.daily', 'aml.structuring']),
    );
    const { consumer } = await d.holder();
    await t.http.get('/operator/risk/rules').set(bearer(consumer)).expect(403);
    await t.http.get('/operator/risk/rules').expect(401);
  });

  it('should open one review case when a card tops up an 11th time within the hour (velocity.card.hour), and let it through', async () => {
    const { consumer, card } = await d.holder();
    for (let i = 0; i < 10; i++) await d.topUp(consumer, card.id, 1_000).expect(201);
    expect(await d.casesOf(card.id)).toEqual([]);
    await d.topUp(consumer, card.id, 1_000).expect(201);
    await d.topUp(consumer, card.id, 1_000).expect(201);
    const [found, ...more] = await d.casesOf(card.id);
    expect(more).toEqual([]);
    expect(found).toMatchObject({ status: 'OPEN', rule: { id: 'velocity.card.hour', version: 1 }, cardNo: card.cardNo });
    expect(found!.operations.map((o) => o.counters.topUps)).toEqual([11, 12]);
    expect(await d.ordersOf(card.id)).toBe(12);
  });

  it('should refuse a top-up over a blocking velocity rule with RISK_BLOCKED, open no order, and record the decision with the rule version', async () => {
    const { m, consumer, card } = await d.holder();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_CONSUMER', parameters: { windowMinutes: 1440, maxCount: 2 }, action: 'block' });
    await d.topUp(consumer, card.id, 1_000).expect(201);
    await d.topUp(consumer, card.id, 1_000).expect(201);
    const refused = await d.topUp(consumer, card.id, 1_000).expect(403);
    expect(refused.body).toMatchObject({ code: 'RISK_BLOCKED', messageZh: expect.stringContaining('资金安全'), requestId: expect.any(String) });
    expect(await d.ordersOf(card.id)).toBe(2);
    const decisions = await t.app.get(DataSource).query("SELECT outcome, rules FROM risk_decisions WHERE card_id = ? AND outcome = 'block'", [card.id]);
    expect(decisions).toHaveLength(1);
    expect(JSON.parse(decisions[0].rules)).toEqual([{ ruleId: rule.id, version: 1, action: 'block', counters: { topUps: 3, maxCount: 2, windowMinutes: 1440 }, source: 'db' }]);
    expect(await d.casesOf(card.id)).toEqual([]);
  });

  it('should block a consumer whose top-ups in the window would pass the amount limit (amount.consumer.day kind)', async () => {
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'TOPUP_AMOUNT_CONSUMER', parameters: { windowMinutes: 1440, maxFen: 30_000 }, action: 'block' });
    await d.topUp(consumer, card.id, 20_000).expect(201);
    await d.topUp(consumer, card.id, 10_000).expect(201);
    expect((await d.topUp(consumer, card.id, 1_000).expect(403)).body.code).toBe('RISK_BLOCKED');
  });

  it('should refuse with RISK_HELD and open a case when a hold rule trips', async () => {
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'REAL_NAME_SINGLE', parameters: { thresholdFen: 40_000 }, action: 'hold' });
    expect((await d.topUp(consumer, card.id, 50_000).expect(409)).body.code).toBe('RISK_HELD');
    expect(await d.ordersOf(card.id)).toBe(0);
    expect((await d.casesOf(card.id)).map((c) => c.rule.kind)).toEqual(['REAL_NAME_SINGLE']);
  });

  it('should open a review case for a top-up at the real-name threshold, single and summed in the window', async () => {
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'REAL_NAME_SINGLE', parameters: { thresholdFen: 50_000 }, action: 'review' });
    await d.merchantRule(m.merchant.id, { kind: 'REAL_NAME_DAILY', parameters: { windowMinutes: 1440, thresholdFen: 60_000 }, action: 'review' });
    await d.topUp(consumer, card.id, 50_000).expect(201);
    expect((await d.casesOf(card.id)).map((c) => c.rule.kind)).toEqual(['REAL_NAME_SINGLE']);
    await d.topUp(consumer, card.id, 10_000).expect(201);
    const daily = (await d.casesOf(card.id)).find((c) => c.rule.kind === 'REAL_NAME_DAILY');
    expect(daily?.operations[0]?.counters).toEqual({ amountFen: 60_000, thresholdFen: 60_000, windowMinutes: 1440 });
  });

  it('should see structuring: the third top-up just under the threshold in a day opens a case, one far under does not count', async () => {
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'STRUCTURING', parameters: { windowMinutes: 1440, thresholdFen: 100_000, bandFen: 10_000, minCount: 3 }, action: 'review' });
    for (const amountFen of [95_000, 50_000, 96_000]) await d.topUp(consumer, card.id, amountFen).expect(201);
    expect(await d.casesOf(card.id)).toEqual([]);
    await d.topUp(consumer, card.id, 99_000).expect(201);
    const [found] = await d.casesOf(card.id);
    expect(found?.operations[0]?.counters).toMatchObject({ topUpsJustUnder: 3, minCount: 3 });
  });

  it.each([
    ['退卡', 'refunds', 'BALANCE_REFUND'],
    ['冷静期', 'cooling-off-refunds', 'COOLING_OFF_REFUND'],
  ])('should let a %s right after a top-up through and open a cash-out case (cashout.refund-after-topup)', async (_name, path, kind) => {
    const { consumer, card } = await d.holder();
    await d.paid(consumer, card.id, 10_000);
    await t.http.post(`/me/cards/${card.id}/${path}`).set(bearer(consumer)).send({ idempotencyKey: randomUUID() }).expect(201);
    const [found] = await d.casesOf(card.id);
    expect(found).toMatchObject({ rule: { id: 'cashout.refund-after-topup' }, operations: [{ kind, counters: { recentTopUps: 1, windowMinutes: 1440 } }] });
  });

  it('should take a case through assign, note and a card freeze, each audited, and refuse a second decision', async () => {
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 0 }, action: 'review' });
    await d.topUp(consumer, card.id, 1_000).expect(201);
    const [opened] = await d.casesOf(card.id);
    const ops = bearer(await d.operator());
    const assigned = (await t.http.post(`/operator/risk/cases/${opened!.id}/assign`).set(ops).expect(201)).body as RiskCaseView;
    expect(assigned.assigneeName).toBe('运营');
    await t.http.post(`/operator/risk/cases/${opened!.id}/notes`).set(ops).send({ note: '已致电顾客，无人接听' }).expect(201);
    await t.http.post(`/operator/risk/cases/${opened!.id}/decision`).set(ops).send({ decision: 'SHRUG', note: '——' }).expect(422);
    const decided = (await t.http.post(`/operator/risk/cases/${opened!.id}/decision`).set(ops).send({ decision: 'FREEZE_CARD', note: '疑似套现，冻结待查' }).expect(201)).body as RiskCaseView;
    expect(decided).toMatchObject({ status: 'CARD_FROZEN', decision: 'FREEZE_CARD', notes: [{ note: '已致电顾客，无人接听' }, { note: '疑似套现，冻结待查' }] });
    expect(((await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView).status).toBe('FROZEN');
    const again = await t.http.post(`/operator/risk/cases/${opened!.id}/decision`).set(ops).send({ decision: 'RELEASE', note: '重复操作' }).expect(409);
    expect(again.body.code).toBe('RISK_CASE_DECIDED');

    const trail = (await t.http.get(`/operator/audit?targetType=risk_case&targetId=${opened!.id}`).set(ops).expect(200)).body as AuditPage;
    expect(trail.items.map((e) => e.action)).toEqual(['risk.case_card_frozen', 'risk.case_noted', 'risk.case_assigned', 'risk.case_opened']);
    const cardTrail = (await t.http.get(`/operator/audit?targetType=card&targetId=${card.id}`).set(ops).expect(200)).body as AuditPage;
    expect(cardTrail.items[0]).toMatchObject({ action: 'card.frozen', detail: { reason: '疑似套现，冻结待查', riskCaseId: opened!.id } });
    // the rule trips again: the decided case stays decided, a new one opens
    await d.topUp(consumer, card.id, 1_000).expect(409); // a frozen card moves no money, before any risk decision
    expect((await d.casesOf(card.id)).map((c) => c.status)).toEqual(['CARD_FROZEN']);
  });

  it.each([
    ['RELEASE', 'RELEASED'],
    ['CLOSE', 'CLOSED'],
  ])('should %s a case, and open a new one when the rule trips again', async (decision, status) => {
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 0 }, action: 'review' });
    await d.topUp(consumer, card.id, 1_000).expect(201);
    const [opened] = await d.casesOf(card.id);
    await t.http.post(`/operator/risk/cases/${opened!.id}/decision`).set(bearer(await d.operator())).send({ decision, note: '核实为正常消费' }).expect(201);
    await d.topUp(consumer, card.id, 1_000).expect(201);
    expect((await d.casesOf(card.id)).map((c) => c.status).sort()).toEqual(['OPEN', status].sort());
  });

  it.each([
    ['退卡', 'refunds', 'RELEASE', 201, null],
    ['冷静期', 'cooling-off-refunds', 'REJECT', 403, 'RISK_BLOCKED'],
  ] as const)('should hold a %s right after a top-up (hold rule), then under the same key go through once released or be blocked once rejected', async (_name, path, decision, status, code) => {
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'REFUND_AFTER_TOPUP', parameters: { windowMinutes: 1440 }, action: 'hold' });
    await d.paid(consumer, card.id, 10_000);
    const idempotencyKey = randomUUID();
    const ask = () => t.http.post(`/me/cards/${card.id}/${path}`).set(bearer(consumer)).send({ idempotencyKey });
    expect((await ask().expect(409)).body.code).toBe('RISK_HELD');
    const held = (await d.casesOf(card.id)).find((c) => c.rule.action === 'hold')!;
    await t.http.post(`/operator/risk/cases/${held.id}/decision`).set(bearer(await d.operator())).send({ decision, note: '已人工核实' }).expect(201);
    const again = await ask().expect(status);
    if (code) expect(again.body.code).toBe(code);
    else expect(again.body).toMatchObject({ cardId: card.id, principalFen: 10_000 });
  });

  it('should edit a rule into a new version, keep the old one, refuse a stale edit, and judge by the new version at once', async () => {
    const { m, consumer, card } = await d.holder();
    const rule = await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 1 }, action: 'review' });
    const ops = bearer(await d.operator());
    const edited = (await t.http.put(`/operator/risk/rules/${rule.id}`).set(ops).send({ expectedVersion: 1, action: 'block' }).expect(200)).body as RiskRuleView;
    expect(edited).toMatchObject({ id: rule.id, version: 2, action: 'block', parameters: { maxCount: 1 } });
    const stale = await t.http.put(`/operator/risk/rules/${rule.id}`).set(ops).send({ expectedVersion: 1, enabled: false }).expect(409);
    expect(stale.body.code).toBe('RISK_RULE_CHANGED');
    await t.http.put(`/operator/risk/rules/${rule.id}`).set(ops).send({ expectedVersion: 2, parameters: { maxCount: -1 } }).expect(422);
    const versions = (await t.http.get(`/operator/risk/rules/${rule.id}/versions`).set(ops).expect(200)).body as RiskRuleView[];
    expect(versions.map((v) => [v.version, v.action])).toEqual([
      [2, 'block'],
      [1, 'review'],
    ]);
    await d.topUp(consumer, card.id, 1_000).expect(201);
    const refused = await d.topUp(consumer, card.id, 1_000).expect(403);
    expect(refused.body.code).toBe('RISK_BLOCKED');
    await t.http.put('/operator/risk/rules/no.such.rule').set(ops).send({ expectedVersion: 1 }).expect(404);
  });
});

describeWithPrivateRedis('risk control with Redis down (e2e, private redis-server)', (redis) => {
  const t = useTestAppOnRedis(redis);

  it('should count from the database while Redis is down: a blocking rule still refuses, a review rule still opens its case', async () => {
    const d = riskDriver(t);
    const { m, consumer, card } = await d.holder();
    await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 1 }, action: 'review' });
    await d.merchantRule(m.merchant.id, { kind: 'TOPUP_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 2 }, action: 'block' });
    const first = (await d.topUp(consumer, card.id, 1_000).expect(201)).body as TopUpView;

    redis.kill();
    await new Promise((r) => setTimeout(r, 300));

    const second = (await d.topUp(consumer, card.id, 1_000).expect(201)).body as TopUpView;
    const refused = await d.topUp(consumer, card.id, 1_000).expect(403);
    expect(refused.body.code).toBe('RISK_BLOCKED');
    expect(await d.ordersOf(card.id)).toBe(2);

    const risk = t.app.get(RiskRepository);
    const sources = async (orderId: string) => (await risk.decisionsOf('TOPUP', orderId)).flatMap((decision) => decision.rules.map((r) => [r.action, r.source]));
    expect(await sources(first.orderId)).toEqual([]);
    expect(await sources(second.orderId)).toEqual([['review', 'db']]);
    expect((await d.casesOf(card.id)).map((c) => c.operations.length)).toEqual([2]); // the blocked one is evidence too
  }, 30_000);
});
