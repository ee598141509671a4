import {
  businessDayOf,
  businessDayRange,
  type CardProductView,
  type CardView,
  type Page,
  type RiskCaseList,
  type RiskCaseView,
  type SettlementRunView,
  type StatementView,
  type TokenPair,
} from '@jucard/shared';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { unfenced } from '../../src/jobs/leases';
import { LEDGERS, TRANSFER_CODES } from '../../src/ledger/ledger.constants';
import { LedgerService } from '../../src/ledger/ledger.service';
import { PlatformAccounts } from '../../src/ledger/platform-accounts';
import { RiskRepository } from '../../src/risk/risk.repository';
import { PayoutsService } from '../../src/settlement/payouts.service';
import { actors, bearer, productInput } from '../factories/actors';
import { claimCard, creditCard, memberCode, sandboxControl } from '../factories/money';
import { phoneConsumer, randomPhone } from '../factories/phone-consumer';
import { riskDesk } from '../factories/risk';
import { expectLedgerSound, useTestApp, useTestAppOnRedis } from '../support/app-hooks';
import { describeWithPrivateRedis } from '../support/private-redis';
import type { TestApp } from '../support/test-app';
import { until } from '../support/until';

/**
 * Risk decisions on the money paths beyond top-ups (docs/risk.md): a sale at the till and a 补卡, each under every
 * action. Each test adds rules scoped to its own merchant, so the platform's defaults stay as shipped.
 */
function pathsDriver(t: TestApp) {
  const a = actors(t);
  const { operator, merchantRule, cases } = riskDesk(t);

  async function namedCard() {
    const m = await a.approvedMerchant();
    const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind: 'NAMED' })).expect(201)).body as CardProductView;
    const consumer = await phoneConsumer(t, randomPhone());
    const card = await claimCard(t, consumer, product.claimToken);
    await creditCard(t, card.id, 50_000, 10_000);
    return { m, consumer, card };
  }

  async function sell(s: Awaited<ReturnType<typeof namedCard>>, amountFen: number, status = 201) {
    const code = await memberCode(t, s.consumer, s.card.id);
    return await t.http.post('/merchant/redemptions').set(bearer(s.m.owner)).send({ code: code.numericCode, amountFen, storeId: s.m.store.id, merchantOrderNo: `ORD-${randomUUID()}` }).expect(status);
  }

  const casesOf = async (cardId: string) => (await cases()).filter((c) => c.cardId === cardId);

  const view = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;
  const salesOf = async (cardId: string) => Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM redemptions WHERE card_id = ?', [cardId]))[0].n);
  const decisionsOf = async (kind: string, cardId: string) =>
    t.app.get(DataSource).query<Array<{ outcome: string; rules: string }>>('SELECT outcome, rules FROM risk_decisions WHERE operation_kind = ? AND card_id = ? ORDER BY id', [kind, cardId]);

  return { a, operator, namedCard, sell, merchantRule, casesOf, view, salesOf, decisionsOf };
}

/**
 * Payouts, on a business day of their own: a past day no other suite uses, so reconciling and settling it touches
 * no other suite's money (a settlement run takes every unsettled transfer before its cut-off, and today's runs by
 * custody-reserve and day-close would take this one's, or this one theirs). The sale happens with the clock on that
 * day; the day is long over, so it is reconciled and settled at once. The card is credited without a channel, so the
 * reserve is given exactly this payout's money once risk control lets it go (as reconciliation's sweep would).
 */
describe('risk decisions on payouts (e2e, a business day of their own)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const d = pathsDriver(t);
  const DAY = 86_400_000;

  afterEach(() => expectLedgerSound(t));

  /** A merchant with a hold rule on payouts, and a ¥100 sale on a past day no other test settles. */
  async function soldOnOwnDay() {
    const m = await d.a.approvedMerchant();
    await d.merchantRule(m.merchant.id, { kind: 'PAYOUT_AMOUNT', parameters: { thresholdFen: 5_000 }, action: 'hold' });
    const consumer = await d.a.consumer();
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const day = businessDayOf(new Date(Date.now() - (30 + randomInt(3_000)) * DAY));
    const offset = businessDayRange(day)![0].getTime() + 10 * 3600_000 - Date.now(); // 10:00 that day
    clock.now = () => new Date(realNow().getTime() + offset);
    try {
      const card = await claimCard(t, consumer, m.product.claimToken);
      await creditCard(t, card.id, 10_000);
      const code = await memberCode(t, consumer, card.id);
      await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 10_000, storeId: m.store.id, merchantOrderNo: randomUUID() }).expect(201);
    } finally {
      clock.now = realNow;
    }
    return { m, day };
  }

  async function settle(day: string): Promise<SettlementRunView> {
    const ops = await d.operator();
    await t.http.post('/operator/reconciliation/runs').set(bearer(ops)).send({ businessDate: day }).expect(200);
    const run = (await t.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate: day }).expect(202)).body as SettlementRunView;
    await until('the settlement run', async () => (await t.http.get(`/operator/settlement/runs/${run.id}`).set(bearer(ops))).body as SettlementRunView, (r) => r.status !== 'RUNNING', { everyMs: 50, tries: 200 });
    return run;
  }

  const statementsOf = async (owner: TokenPair) => ((await t.http.get('/merchant/settlement/statements').set(bearer(owner)).expect(200)).body as Page<StatementView>).items;
  const bankPayouts = async (statementId: number) => (await sandboxControl<Array<{ out_payout_no: string; status: string }>>(t, 'payouts')).filter((p) => p.out_payout_no.startsWith(`JCS${statementId}N`));
  const payAgain = (runId: number) => t.app.get(PayoutsService).payRun(runId, unfenced(t.app.get(TransactionRunner)));
  const caseOf = async (merchantId: string) =>
    ((await t.http.get('/operator/risk/cases').set(bearer(await d.operator())).expect(200)).body as RiskCaseList).items.find((c) => c.merchantId === merchantId && c.cardId === null)!;

  /** What reconciliation's sweep brings in for a channel-paid day: this payout's money, settled into the reserve. */
  async function reserveCovers(amountFen: number): Promise<void> {
    const accounts = t.app.get(PlatformAccounts);
    const legs = [{ debitAccountId: await accounts.reserve(), creditAccountId: await accounts.topUpClearing('SANDBOX'), amount: amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.ADJUSTMENT }];
    await t.app.get(LedgerService).post({ operationId: `test-custody-sweep-${randomUUID()}`, kind: 'CUSTODY_SWEEP', platformInternal: true, legs });
  }

  it('should hold a payout over the threshold in payout clearing, unpaid, until an operator releases its case, then pay it once', async () => {
    const { m, day } = await soldOnOwnDay();
    const run = await settle(day);
    const [held] = await statementsOf(m.owner);
    expect(held).toMatchObject({ businessDate: day, status: 'PENDING_PAYOUT', payoutReference: null, payoutFen: 9_940 });
    expect(held!.payoutError).toContain('RISK_HELD');
    expect(await bankPayouts(held!.id)).toEqual([]);

    await payAgain(run.id); // asked again while held: still unpaid, still one operation in the merchant's case
    const holding = await caseOf(m.merchant.id);
    expect(holding).toMatchObject({ status: 'OPEN', rule: expect.objectContaining({ kind: 'PAYOUT_AMOUNT', action: 'hold' }) });
    expect(holding.operations).toEqual([expect.objectContaining({ kind: 'PAYOUT', id: `payout:statement:${held!.id}`, amountFen: 9_940 })]);
    expect((await statementsOf(m.owner))[0]).toMatchObject({ status: 'PENDING_PAYOUT', payoutReference: null });
    expect(await bankPayouts(held!.id)).toEqual([]);

    await t.http.post(`/operator/risk/cases/${holding.id}/decision`).set(bearer(await d.operator())).send({ decision: 'RELEASE', note: '商户资质已复核' }).expect(201);
    await reserveCovers(9_940);
    await payAgain(run.id);
    expect((await statementsOf(m.owner))[0]).toMatchObject({ id: held!.id, status: 'PAID', payoutError: null });
    expect(await bankPayouts(held!.id)).toEqual([expect.objectContaining({ status: 'SUCCESS' })]);
    await payAgain(run.id); // paid once
    expect(await bankPayouts(held!.id)).toHaveLength(1);
    expect(await t.app.get(DataSource).query('SELECT id FROM ledger_operations WHERE id = ?', [`payout:${held!.id}`])).toHaveLength(1);
  }, 60_000);

  it('should keep a payout whose case an operator rejected unpaid, with the reason on its statement', async () => {
    const { m, day } = await soldOnOwnDay();
    const run = await settle(day);
    const [held] = await statementsOf(m.owner);
    expect(held!.payoutError).toContain('RISK_HELD');
    const holding = await caseOf(m.merchant.id);
    const decided = (await t.http.post(`/operator/risk/cases/${holding.id}/decision`).set(bearer(await d.operator())).send({ decision: 'REJECT', note: '商户涉嫌套现' }).expect(201)).body as RiskCaseView;
    expect(decided).toMatchObject({ status: 'REJECTED', notes: [expect.objectContaining({ note: '商户涉嫌套现' })] });

    await payAgain(run.id);
    const [rejected] = await statementsOf(m.owner);
    expect(rejected).toMatchObject({ id: held!.id, status: 'PAYOUT_FAILED', payoutReference: null });
    expect(rejected!.payoutError).toContain('RISK_BLOCKED');
    expect(rejected!.payoutError).toContain('风控拒绝本次打款');
    expect(await bankPayouts(held!.id)).toEqual([]);
    // the money stays in payout clearing: no payout posting
    expect(await t.app.get(DataSource).query('SELECT id FROM ledger_operations WHERE id = ?', [`payout:${held!.id}`])).toHaveLength(0);
  }, 60_000);
});

describe('risk decisions on the money paths (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const d = pathsDriver(t);

  afterEach(() => expectLedgerSound(t));

  it('should let a sale no rule trips on through without writing a decision row', async () => {
    const s = await d.namedCard();
    await d.merchantRule(s.m.merchant.id, { kind: 'REDEMPTION_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 5 }, action: 'block' });
    await d.sell(s, 1_000);
    expect(await d.decisionsOf('REDEMPTION', s.card.id)).toEqual([]);
  });

  it('should open one review case for sales past a velocity rule and let them through, counted in Redis', async () => {
    const s = await d.namedCard();
    const rule = await d.merchantRule(s.m.merchant.id, { kind: 'REDEMPTION_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 2 }, action: 'review' });
    for (let i = 0; i < 4; i++) await d.sell(s, 1_000);
    expect(await d.salesOf(s.card.id)).toBe(4);
    const decisions = await d.decisionsOf('REDEMPTION', s.card.id);
    expect(decisions.map((x) => x.outcome)).toEqual(['review', 'review']);
    expect(JSON.parse(decisions[0]!.rules)).toEqual([{ ruleId: rule.id, version: 1, action: 'review', counters: { redemptions: 3, maxCount: 2, windowMinutes: 60 }, source: 'kv' }]);
    const cases = await d.casesOf(s.card.id);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.operations.map((o) => [o.kind, o.amountFen])).toEqual([['REDEMPTION', 1_000], ['REDEMPTION', 1_000]]);
  });

  it.each([
    ['block', 403, 'RISK_BLOCKED'],
    ['hold', 409, 'RISK_HELD'],
  ] as const)('should refuse a large sale under a %s rule with %i %s, move no money, and let the member show the same code again', async (action, status, code) => {
    const s = await d.namedCard();
    await d.merchantRule(s.m.merchant.id, { kind: 'REDEMPTION_AMOUNT_SINGLE', parameters: { thresholdFen: 20_000 }, action });
    const before = (await d.view(s.consumer, s.card.id)).balance;
    const memberCodeView = await memberCode(t, s.consumer, s.card.id);
    const body = { code: memberCodeView.numericCode, amountFen: 20_000, storeId: s.m.store.id, merchantOrderNo: `ORD-${randomUUID()}` };
    const refused = await t.http.post('/merchant/redemptions').set(bearer(s.m.owner)).send(body).expect(status);
    expect(refused.body).toMatchObject({ code });
    expect(refused.body.messageZh ?? refused.body.message).toBeTruthy();
    expect((await d.view(s.consumer, s.card.id)).balance).toEqual(before);
    expect(await d.salesOf(s.card.id)).toBe(0);
    // the claim went back with the refusal: a smaller sale with the same code goes through
    await t.http.post('/merchant/redemptions').set(bearer(s.m.owner)).send({ ...body, amountFen: 1_000, merchantOrderNo: `ORD-${randomUUID()}` }).expect(201);
    expect((await d.decisionsOf('REDEMPTION', s.card.id)).map((x) => x.outcome)).toEqual([action]);
    expect((await d.casesOf(s.card.id)).length).toBe(action === 'hold' ? 1 : 0);
  });

  it('should judge a 补卡 by the balance it moves: review lets it through with a case, hold refuses until released, block refuses', async () => {
    const review = await d.namedCard();
    await d.merchantRule(review.m.merchant.id, { kind: 'REPLACEMENT_BALANCE', parameters: { thresholdFen: 50_000 }, action: 'review' });
    await t.http.post(`/me/cards/${review.card.id}/loss`).set(bearer(review.consumer)).expect(200);
    await t.http.post(`/me/cards/${review.card.id}/replacement`).set(bearer(review.consumer)).expect(200);
    const [reviewed] = await d.casesOf(review.card.id);
    expect(reviewed!.operations).toEqual([expect.objectContaining({ kind: 'CARD_REPLACEMENT', id: `card-replacement:${review.card.id}`, amountFen: 60_000 })]);

    const held = await d.namedCard();
    await d.merchantRule(held.m.merchant.id, { kind: 'REPLACEMENT_BALANCE', parameters: { thresholdFen: 50_000 }, action: 'hold' });
    await t.http.post(`/me/cards/${held.card.id}/loss`).set(bearer(held.consumer)).expect(200);
    const replaceHeld = () => t.http.post(`/me/cards/${held.card.id}/replacement`).set(bearer(held.consumer));
    expect((await replaceHeld().expect(409)).body.code).toBe('RISK_HELD');
    expect((await replaceHeld().expect(409)).body.code).toBe('RISK_HELD');
    const [holding] = await d.casesOf(held.card.id);
    expect(holding!.operations).toHaveLength(1); // asked twice, one operation in the case
    await t.http.post(`/operator/risk/cases/${holding!.id}/decision`).set(bearer(await d.operator())).send({ decision: 'RELEASE', note: '已电话核实持卡人' }).expect(201);
    const replaced = (await replaceHeld().expect(200)).body as { moved: { totalFen: number } };
    expect(replaced.moved.totalFen).toBe(60_000);
    expect((await d.casesOf(held.card.id)).map((c) => c.status)).toEqual(['RELEASED']); // asked again, no new case

    const rejected = await d.namedCard();
    await d.merchantRule(rejected.m.merchant.id, { kind: 'REPLACEMENT_BALANCE', parameters: { thresholdFen: 50_000 }, action: 'hold' });
    await t.http.post(`/me/cards/${rejected.card.id}/loss`).set(bearer(rejected.consumer)).expect(200);
    const replaceRejected = () => t.http.post(`/me/cards/${rejected.card.id}/replacement`).set(bearer(rejected.consumer));
    await replaceRejected().expect(409);
    const [rejecting] = await d.casesOf(rejected.card.id);
    const decided = (await t.http.post(`/operator/risk/cases/${rejecting!.id}/decision`).set(bearer(await d.operator())).send({ decision: 'REJECT', note: '持卡人身份存疑' }).expect(201)).body as RiskCaseView;
    expect(decided.status).toBe('REJECTED');
    expect((await replaceRejected().expect(403)).body.code).toBe('RISK_BLOCKED');
    expect((await d.view(rejected.consumer, rejected.card.id)).status).toBe('LOST'); // nothing moved
  });
});

describeWithPrivateRedis('risk decisions on the till with Redis down (e2e, private redis-server)', (redis) => {
  const t = useTestAppOnRedis(redis, { MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });

  it('should count sales from the database for a blocking velocity rule, so a Redis outage lets no sale past it', async () => {
    const d = pathsDriver(t);
    const s = await d.namedCard();
    await d.merchantRule(s.m.merchant.id, { kind: 'REDEMPTION_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 2 }, action: 'block' });
    // member codes are issued while Redis is up (their single use has the database as its truth too)
    const codes = [await memberCode(t, s.consumer, s.card.id), await memberCode(t, s.consumer, s.card.id), await memberCode(t, s.consumer, s.card.id)];
    const sale = (code: string) => t.http.post('/merchant/redemptions').set(bearer(s.m.owner)).send({ code, amountFen: 1_000, storeId: s.m.store.id, merchantOrderNo: `ORD-${randomUUID()}` });
    await sale(codes[0]!.numericCode).expect(201);

    redis.kill();
    await new Promise((r) => setTimeout(r, 300));

    const second = await sale(codes[1]!.numericCode);
    const third = await sale(codes[2]!.numericCode);
    // whatever the till does without Redis, the blocking rule never lets a third sale through
    expect(Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM redemptions WHERE card_id = ?', [s.card.id]))[0].n)).toBeLessThanOrEqual(2);
    if (second.status === 201) expect(third.status).toBe(403);
    expect([403, 503]).toContain(third.status);
    if (third.status === 403) {
      expect(third.body.code).toBe('RISK_BLOCKED');
      const decisions = await t.app.get(RiskRepository).decisionsOf('REDEMPTION', String((await t.app.get(DataSource).query("SELECT operation_id FROM risk_decisions WHERE card_id = ? AND outcome = 'block'", [s.card.id]))[0].operation_id));
      expect(decisions[0]!.rules.map((r) => r.source)).toEqual(['db']);
    }
  }, 30_000);
});
