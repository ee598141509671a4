import { businessDayOf, businessDayRange, type CardView, type MerchantRiskHoldList, type RiskCaseView, type RiskMetricsView, type RiskScanView, type TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { RiskScanService, scanOperationId } from '../../src/risk/risk-scan.service';
import { actors, bearer } from '../factories/actors';
import { claimCard, creditCard, memberCode, paidTopUp } from '../factories/money';
import { couponTemplate } from '../factories/marketing';
import { riskDesk } from '../factories/risk';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

/**
 * The nightly scan (docs/risk.md, "The nightly scan") with the batch rules as shipped: a merchant whose day's sales
 * come from two cards nobody else pays for, a card whose day's top-ups are spent at once, a merchant with ordinary
 * spread-out sales (no finding); each finding kept with its evidence, recorded once, with a review case. Then the
 * operators' false-positive mark and the metrics. Scans look at today (the platform's other suites sell today too:
 * every assertion is about this suite's own merchants, cards and rules).
 */
describe('risk: the nightly scan, false positives and metrics (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);
  const desk = riskDesk(t);
  const today = businessDayOf(new Date());

  afterEach(() => expectLedgerSound(t));

  type Shop = Awaited<ReturnType<typeof a.approvedMerchant>>;
  async function holder(m: Shop, creditFen: number): Promise<{ consumer: TokenPair; card: CardView }> {
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    if (creditFen > 0) await creditCard(t, card.id, creditFen);
    return { consumer, card };
  }
  async function sell(m: Shop, h: { consumer: TokenPair; card: CardView }, amountFen: number, status = 201) {
    const code = await memberCode(t, h.consumer, h.card.id);
    return t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(status);
  }
  const scan = async (day = today) => (await t.http.post('/operator/risk/scans').set(bearer(await desk.operator())).send({ businessDate: day }).expect(201)).body as RiskScanView;
  const metrics = async (days = 1) => (await t.http.get('/operator/risk/metrics').query({ days }).set(bearer(await desk.operator())).expect(200)).body as RiskMetricsView;
  const ruleIn = (m: RiskMetricsView, ruleId: string) => m.rules.find((r) => r.ruleId === ruleId)!;
  const decisionsOf = async (operationId: string) => t.app.get(DataSource).query<unknown[]>('SELECT id FROM risk_decisions WHERE operation_kind = ? AND operation_id = ?', ['DAY_SCAN', operationId]);

  it('should ship the two batch rules, reviewing', async () => {
    const rules = (await t.http.get('/operator/risk/rules').set(bearer(await desk.operator())).expect(200)).body as Array<{ id: string; kind: string; action: string; parameters: unknown }>;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'batch.merchant-concentration', kind: 'MERCHANT_CONCENTRATION', action: 'review', parameters: { thresholdFen: 200_000, minCount: 10, maxCount: 3, sharePct: 80 } }),
        expect.objectContaining({ id: 'batch.card-cycling', kind: 'CARD_CYCLING', action: 'review', parameters: { thresholdFen: 50_000, minCount: 3, sharePct: 90 } }),
      ]),
    );
  });

  it('should find a merchant whose sales come from two cards, with the cards as evidence and one review case, once however often it is scanned', async () => {
    const m = await a.approvedMerchant();
    const own = [await holder(m, 200_000), await holder(m, 200_000)];
    for (let i = 0; i < 10; i++) await sell(m, own[i % 2]!, 30_000); // ¥3,000 over 10 sales, all from the two cards

    const first = await scan();
    expect(first).toMatchObject({ businessDate: today, status: 'COMPLETED', trigger: 'MANUAL' });
    const found = first.scores.filter((s) => s.merchantId === m.merchant.id);
    expect(found).toEqual([
      expect.objectContaining({
        ruleId: 'batch.merchant-concentration',
        kind: 'MERCHANT_CONCENTRATION',
        subjectType: 'merchant',
        subjectId: m.merchant.id,
        merchantName: m.merchant.displayName,
        score: 100,
        counters: { salesFen: 300_000, sales: 10, cards: 2, topCards: 2, sharePct: 100, payers: 0 },
        caseId: expect.any(String),
      }),
    ]);
    expect(found[0]!.evidence).toEqual(
      expect.arrayContaining(own.map((h) => expect.objectContaining({ kind: 'CARD', id: h.card.id, cardNo: h.card.cardNo, amountFen: 150_000, count: 5, payers: 0 }))),
    );
    const caseOf = async () => (await desk.cases()).find((c) => c.id === found[0]!.caseId)!;
    expect(await caseOf()).toMatchObject({
      status: 'OPEN',
      cardId: null,
      merchantId: m.merchant.id,
      falsePositive: false,
      rule: expect.objectContaining({ id: 'batch.merchant-concentration', kind: 'MERCHANT_CONCENTRATION', action: 'review' }),
      operations: [expect.objectContaining({ kind: 'DAY_SCAN', id: scanOperationId(today, 'batch.merchant-concentration', m.merchant.id), amountFen: 300_000, counters: expect.objectContaining({ sharePct: 100 }) })],
    });

    // scanned again (and once the day is over, as the nightly close does): the same one finding, one decision, one case operation
    const again = await scan();
    expect(again.scores.filter((s) => s.merchantId === m.merchant.id)).toEqual([expect.objectContaining({ caseId: found[0]!.caseId, score: 100 })]);
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const offset = businessDayRange(today)![1].getTime() + 3 * 3600_000 - Date.now(); // 03:00 the next day
    clock.now = () => new Date(realNow().getTime() + offset);
    try {
      const nightly = await t.app.get(RiskScanService).scanIfDue(today);
      expect(nightly).toMatchObject({ businessDate: today, trigger: 'SCHEDULED' });
      expect(await t.app.get(RiskScanService).scanIfDue(today)).toBeNull(); // once per day, after its end
    } finally {
      clock.now = realNow;
    }
    expect((await caseOf()).operations).toHaveLength(1);
    expect(await decisionsOf(scanOperationId(today, 'batch.merchant-concentration', m.merchant.id))).toHaveLength(1);
  }, 60_000);

  it('should not find a merchant whose sales are spread over many cards', async () => {
    const m = await a.approvedMerchant();
    const many = [];
    for (let i = 0; i < 6; i++) many.push(await holder(m, 100_000));
    for (let i = 0; i < 12; i++) await sell(m, many[i % 6]!, 25_000); // ¥3,000 over 12 sales: the top three cards carry half
    const result = await scan();
    expect(result.scores.filter((s) => s.merchantId === m.merchant.id)).toEqual([]);
    expect(result.merchantsScanned).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('should find a card whose day’s top-ups are spent at once at the merchant, with the top-ups and sales as evidence', async () => {
    const m = await a.approvedMerchant();
    const h = await holder(m, 0);
    const topUps = [];
    for (let i = 0; i < 3; i++) topUps.push(await paidTopUp(t, h.consumer, h.card.id, 20_000)); // ¥600 through WeChat Pay
    const sales = [];
    for (let i = 0; i < 3; i++) sales.push((await sell(m, h, 19_000)).body as { redemptionId: string }); // ¥570 of it: 95 %

    const found = (await scan()).scores.filter((s) => s.subjectId === h.card.id);
    expect(found).toEqual([
      expect.objectContaining({
        ruleId: 'batch.card-cycling',
        kind: 'CARD_CYCLING',
        subjectType: 'card',
        merchantId: m.merchant.id,
        cardNo: h.card.cardNo,
        score: 95,
        counters: { topUps: 3, topUpFen: 60_000, sales: 3, salesFen: 57_000, sharePct: 95 },
      }),
    ]);
    const evidence = found[0]!.evidence;
    expect(evidence.filter((e) => e.kind === 'TOPUP').map((e) => e.id).sort()).toEqual(topUps.map((o) => o.orderId).sort());
    expect(evidence.filter((e) => e.kind === 'REDEMPTION').map((e) => e.amountFen)).toEqual([19_000, 19_000, 19_000]);
    const opened = (await desk.cases()).find((c) => c.id === found[0]!.caseId)!;
    expect(opened).toMatchObject({ status: 'OPEN', cardId: h.card.id, cardNo: h.card.cardNo, rule: expect.objectContaining({ kind: 'CARD_CYCLING' }) });
    expect(sales).toHaveLength(3);
  }, 60_000);

  it('should count a false-positive mark and the money a hold keeps in the metrics, refuse the mark on a rejection, and show the merchant its held sale', async () => {
    const m = await a.approvedMerchant();
    const own = [await holder(m, 200_000), await holder(m, 200_000)];
    for (let i = 0; i < 10; i++) await sell(m, own[i % 2]!, 30_000);
    const finding = (await scan()).scores.find((s) => s.merchantId === m.merchant.id)!;
    const ops = await desk.operator();

    const before = ruleIn(await metrics(), 'batch.merchant-concentration');
    expect(before.days).toEqual([expect.objectContaining({ businessDate: today })]);
    expect(before.decisions).toBeGreaterThanOrEqual(1);
    const refused = await t.http.post(`/operator/risk/cases/${finding.caseId}/decision`).set(bearer(ops)).send({ decision: 'REJECT', note: '测试误报标记', falsePositive: true }).expect(422);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect((await desk.cases()).find((c) => c.id === finding.caseId)).toMatchObject({ status: 'OPEN' }); // nothing changed
    const closed = (await t.http.post(`/operator/risk/cases/${finding.caseId}/decision`).set(bearer(ops)).send({ decision: 'CLOSE', note: '连锁店总部统一采购，正常经营', falsePositive: true }).expect(201)).body as RiskCaseView;
    expect(closed).toMatchObject({ status: 'CLOSED', falsePositive: true });
    const after = ruleIn(await metrics(), 'batch.merchant-concentration');
    expect(after.falsePositives).toBe(before.falsePositives + 1);
    expect(after.casesDecided).toBe(before.casesDecided + 1);

    // a hold rule's open case keeps its sale's money, until an operator releases it
    const hold = await desk.merchantRule(m.merchant.id, { kind: 'REDEMPTION_AMOUNT_SINGLE', parameters: { thresholdFen: 5_000 }, action: 'hold' });
    const h = own[0]!;
    await sell(m, h, 6_000, 409);
    const held = ruleIn(await metrics(), hold.id);
    expect(held).toMatchObject({ heldFen: 6_000, decisions: 1, casesOpened: 1, action: 'hold' });
    const holding = (await desk.cases()).find((c) => c.rule.id === hold.id)!;

    // the merchant sees the held sale with words for the customer, not the rule; another merchant sees nothing of it
    const holdsOf = async (owner: TokenPair) => ((await t.http.get('/merchant/risk/holds').set(bearer(owner)).expect(200)).body as MerchantRiskHoldList).items;
    const [shown, ...others] = await holdsOf(m.owner);
    expect(others).toEqual([]);
    expect(shown).toEqual({
      reference: holding.id.slice(0, 8).toUpperCase(),
      operationKind: 'REDEMPTION',
      amountFen: 6_000,
      cardNo: h.card.cardNo,
      at: expect.any(String),
      state: 'REVIEWING',
      decidedAt: null,
      messageZh: expect.stringContaining('没有扣款'),
    });
    expect(JSON.stringify(shown)).not.toContain(hold.id);
    expect(await holdsOf((await a.approvedMerchant()).owner)).toEqual([]);
    await t.http.get('/merchant/risk/holds').set(bearer(h.consumer)).expect(403);
    await t.http.get('/merchant/risk/holds').expect(401);

    await t.http.post(`/operator/risk/cases/${holding.id}/decision`).set(bearer(ops)).send({ decision: 'RELEASE', note: '顾客本人消费，已核实' }).expect(201);
    expect(ruleIn(await metrics(), hold.id)).toMatchObject({ heldFen: 0, casesDecided: 1, falsePositives: 0 });
    expect(await holdsOf(m.owner)).toEqual([expect.objectContaining({ state: 'RELEASED', decidedAt: expect.any(String), messageZh: expect.stringContaining('审核已通过') })]);
  }, 60_000);

  it('should refuse a scan of a day not begun, a malformed day, an unscanned day, a stopping batch rule and a caller who is not an operator', async () => {
    const ops = await desk.operator();
    const tomorrow = businessDayOf(new Date(Date.now() + 2 * 86_400_000));
    const future = await t.http.post('/operator/risk/scans').set(bearer(ops)).send({ businessDate: tomorrow }).expect(422);
    expect(future.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    await t.http.post('/operator/risk/scans').set(bearer(ops)).send({ businessDate: '2026-02-30' }).expect(422);
    await t.http.post('/operator/risk/scans').set(bearer(ops)).send({ businessDate: 'yesterday' }).expect(422);
    const missing = await t.http.get('/operator/risk/scans/2001-01-01').set(bearer(ops)).expect(404);
    expect(missing.body).toMatchObject({ code: 'RISK_SCAN_NOT_FOUND' });
    await t.http.get('/operator/risk/metrics').query({ days: 0 }).set(bearer(ops)).expect(422);
    await t.http.get('/operator/risk/metrics').query({ days: 32 }).set(bearer(ops)).expect(422);
    const m = await a.approvedMerchant();
    const stopping = await t.http
      .post('/operator/risk/rules')
      .set(bearer(ops))
      .send({ kind: 'CARD_CYCLING', scope: 'merchant', scopeId: m.merchant.id, parameters: { sharePct: 80 }, action: 'hold', reason: '测试规则' })
      .expect(422);
    expect(stopping.body.errors).toHaveProperty('action');
    expect(stopping.body.errorsZh.action[0]).toContain('日终扫描');
    await t.http.post('/operator/risk/scans').send({ businessDate: today }).expect(401);
    await t.http.post('/operator/risk/scans').set(bearer(m.owner)).send({ businessDate: today }).expect(403);
    await t.http.get('/operator/risk/metrics').set(bearer(m.owner)).expect(403);
  });
});

/**
 * Coupon abuse (docs/risk.md, abuse.coupon-claims-per-device as shipped): one phone behind many "new" consumers
 * claiming a merchant's coupons. The rule reviews: every claim is made, the fourth claimant from the device opens a
 * case on the device; a claim from another phone adds nothing.
 */
describe('risk: coupon claims from one device (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);
  const desk = riskDesk(t);

  it('should open one review case on a device from which a fourth consumer claims, and let every claim through', async () => {
    const m = await a.approvedMerchant();
    const template = await couponTemplate(t, m.owner);
    const phone = `drill-${randomUUID()}`;
    const claim = async (deviceId: string) => t.http.post('/me/coupons/claims').set(bearer(await a.consumer())).set('X-Device-Id', deviceId).send({ token: template.claimToken }).expect(201);
    for (let i = 0; i < 3; i++) await claim(phone);
    const casesOfDevice = async () => (await desk.cases()).filter((c) => c.merchantId === m.merchant.id && c.rule.id === 'abuse.coupon-claims-per-device');
    expect(await casesOfDevice()).toEqual([]); // three consumers on the phone: not more than three
    await claim(phone);
    await claim(`other-${randomUUID()}`);
    await claim(phone);
    const [opened, ...more] = await casesOfDevice();
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ status: 'OPEN', cardId: null, rule: expect.objectContaining({ kind: 'CLAIMS_PER_DEVICE', action: 'review' }) });
    expect(opened!.operations).toEqual([
      expect.objectContaining({ kind: 'COUPON_CLAIM', amountFen: 1_000, counters: { claimants: 4, maxCount: 3, windowMinutes: 1440 } }),
      expect.objectContaining({ kind: 'COUPON_CLAIM', counters: expect.objectContaining({ claimants: 5 }) }),
    ]);
    const issued = (await t.http.get('/merchant/coupon-templates').set(bearer(m.owner)).expect(200)).body as Array<{ id: string; issuedCount: number }>;
    expect(issued.find((x) => x.id === template.id)).toMatchObject({ issuedCount: 6 });
    await t.http.post('/me/coupons/claims').set(bearer(await a.consumer())).set('X-Device-Id', 'bad id!').send({ token: template.claimToken }).expect(422);
  }, 60_000);
});
