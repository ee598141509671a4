import {
  businessDayOf,
  businessDayRange,
  maskCardNo,
  shanghaiDateTime,
  type CardView,
  type CustodyReport,
  type DayCloseView,
  type Page,
  type ReconDayView,
  type ReconDifferenceView,
  type SettlementRunView,
  type StatementLineView,
  type StatementView,
  type TokenPair,
  type TopUpView,
} from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { LedgerRollupService } from '../../src/ledger/ledger-rollup.service';
import { actors, bearer } from '../factories/actors';
import { claimCard, coverHeldPayouts, memberCode, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

/**
 * A business day through reconciliation and settlement against the channel sandbox: real bills in each channel's
 * format with injected differences, a payment whose notification was lost and is repaired exactly once, then a
 * statement, its fee, and a payout through the sandbox custody bank.
 */
describe('day close: reconciliation and T+1 settlement (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);
  let ops: TokenPair;
  const today = businessDayOf(new Date());

  const control = (path: string, body?: unknown, method?: string) => sandboxControl(t, path, body, method);

  beforeAll(async () => {
    ops = await a.operator();
  });

  afterEach(async () => {
    for (const target of ['wechatpay', 'alipay', 'unionpay', 'bank']) await control(`faults/${target}`, undefined, 'DELETE');
  });

  const outTradeNoOf = (view: TopUpView) => new URL(view.cashierUrl!).pathname.split('/').pop()!;

  /** Creates a top-up and pays it at the channel; resolves once the platform knows (unless the notification is lost). */
  async function paidTopUp(consumer: TokenPair, card: CardView, channel: string, amountFen: number, notification: 'delivered' | 'lost' = 'delivered') {
    const created = (await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId: card.id, amountFen, channel, idempotencyKey: randomUUID() }).expect(201))
      .body as TopUpView;
    const outTradeNo = outTradeNoOf(created);
    if (notification === 'lost') await control(`faults/${channel.toLowerCase()}`, { dropPercent: 100 });
    await control(`orders/${channel.toLowerCase()}/${outTradeNo}/pay`, {});
    if (notification === 'delivered') {
      const read = async () => (await t.http.get(`/me/topups/${created.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView;
      await until(`top-up ${outTradeNo} PAID`, read, (view) => view.status === 'PAID', { everyMs: 50 });
    }
    return outTradeNo;
  }

  const cardOf = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;

  async function differencesOf(outTradeNos: string[]): Promise<ReconDifferenceView[]> {
    const all: ReconDifferenceView[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.http
        .get(`/operator/reconciliation/differences?date=${today}&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(ops))
        .expect(200);
      const body = res.body as Page<ReconDifferenceView>;
      all.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return all.filter((d) => outTradeNos.includes(d.outTradeNo)).sort((x, y) => x.id - y.id);
  }

  async function settle(overrideReason?: string, businessDate = today): Promise<SettlementRunView> {
    const started = (await t.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate, overrideReason }).expect(202)).body as SettlementRunView;
    expect(started.partialDay).toBe(true);
    return waitForRun(started.id);
  }

  async function waitForRun(id: number): Promise<SettlementRunView> {
    const read = async () => (await t.http.get(`/operator/settlement/runs/${id}`).set(bearer(ops)).expect(200)).body as SettlementRunView;
    return until(`settlement run ${id} finishing`, read, (run) => run.status !== 'RUNNING', { tries: 200, everyMs: 50 });
  }

  it('should find and classify every injected difference and repair a lost payment exactly once', async () => {
    const m = await a.approvedMerchant();
    const [alice, bob, carol] = [await a.consumer(), await a.consumer(), await a.consumer()];
    const [aliceCard, bobCard, carolCard] = [await claimCard(t, alice, m.product.claimToken), await claimCard(t, bob, m.product.claimToken), await claimCard(t, carol, m.product.claimToken)];

    const matched = await paidTopUp(alice, aliceCard, 'WECHATPAY', 10_000);
    const lost = await paidTopUp(bob, bobCard, 'ALIPAY', 20_000, 'lost');
    const wrongAmount = await paidTopUp(carol, carolCard, 'WECHATPAY', 30_000);
    const missing = await paidTopUp(alice, aliceCard, 'UNIONPAY', 40_000);
    const stranger = `JCX${Date.now()}`;
    await control('bills/wechatpay/adjustments', { date: today, type: 'amount', outTradeNo: wrongAmount, amountFen: 29_900 });
    await control('bills/unionpay/adjustments', { date: today, type: 'missing', outTradeNo: missing });
    await control('bills/unionpay/adjustments', { date: today, type: 'extra', amountFen: 777, outTradeNo: stranger });
    expect((await cardOf(bob, bobCard.id)).balance.principalFen).toBe(0); // the notification never arrived

    const day = (await t.http.post('/operator/reconciliation/runs').set(bearer(ops)).send({ businessDate: today }).expect(200)).body as ReconDayView;
    expect(day.runs.map((r) => [r.channel, r.status])).toEqual([
      ['ALIPAY', 'COMPLETED'],
      ['UNIONPAY', 'COMPLETED'],
      ['WECHATPAY', 'COMPLETED'],
    ]);
    expect(day.reconciled).toBe(false);

    const found = await differencesOf([matched, lost, wrongAmount, missing, stranger]);
    // channels are reconciled in the order WeChat Pay, Alipay, UnionPay
    expect(found.map((d) => [d.outTradeNo, d.channel, d.kind, d.status, d.resolution])).toEqual([
      [wrongAmount, 'WECHATPAY', 'AMOUNT_MISMATCH', 'OPEN', null],
      [lost, 'ALIPAY', 'CHANNEL_ONLY', 'RESOLVED', 'AUTO_REPAIRED'],
      [stranger, 'UNIONPAY', 'CHANNEL_ONLY', 'OPEN', null],
      [missing, 'UNIONPAY', 'PLATFORM_ONLY', 'OPEN', null],
    ]);
    expect(found.find((d) => d.kind === 'AMOUNT_MISMATCH')).toMatchObject({ channelAmountFen: 29_900, platformAmountFen: 30_000 });
    expect(found.find((d) => d.kind === 'PLATFORM_ONLY')).toMatchObject({ channelAmountFen: null, platformAmountFen: 40_000 });
    expect(await cardOf(bob, bobCard.id)).toMatchObject({ balance: { principalFen: 20_000 } }); // repaired: credited

    // a second run files nothing new and credits nothing twice
    await t.http.post('/operator/reconciliation/runs').set(bearer(ops)).send({ businessDate: today }).expect(200);
    const again = await differencesOf([matched, lost, wrongAmount, missing, stranger]);
    expect(again.map((d) => [d.id, d.status])).toEqual(found.map((d) => [d.id, d.status]));
    expect((await cardOf(bob, bobCard.id)).balance.principalFen).toBe(20_000);
    const db = t.app.get(DataSource);
    const [attempt] = await db.query<Array<{ order_id: string }>>('SELECT order_id FROM payment_attempts WHERE out_trade_no = ?', [lost]);
    const credits: Array<{ n: number | string }> = await db.query('SELECT COUNT(*) AS n FROM ledger_operations WHERE id = ?', [`topup:${attempt!.order_id}`]);
    expect(Number(credits[0]!.n)).toBe(1);

    // an operator closes a difference with a note; it cannot be closed twice
    const amountDiff = found.find((d) => d.kind === 'AMOUNT_MISMATCH')!;
    const resolved = (await t.http.post(`/operator/reconciliation/differences/${amountDiff.id}/resolve`).set(bearer(ops)).send({ note: '渠道账单更正中' }).expect(200))
      .body as ReconDifferenceView;
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolution: 'MANUAL', note: '渠道账单更正中' });
    const twice = await t.http.post(`/operator/reconciliation/differences/${amountDiff.id}/resolve`).set(bearer(ops)).send({ note: '再次' }).expect(409);
    expect(twice.body.code).toBe('DIFFERENCE_ALREADY_RESOLVED');

    await expectLedgerSound(t);
  });

  it('should settle redeemed principal minus reversals minus the fee, pay it out once, and never settle a line twice', async () => {
    const m = await a.approvedMerchant();
    const other = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(consumer, card, 'WECHATPAY', 50_000); // ¥500 + ¥50 bonus

    const redeem = async (amountFen: number) => {
      const code = await memberCode(t, consumer, card.id);
      return (
        await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: randomUUID() }).expect(201)
      ).body as { redemptionId: string; principalFen: number };
    };
    const first = await redeem(11_000);
    await redeem(5_500);
    await t.http.post(`/merchant/redemptions/${first.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 2_200, reversalNo: randomUUID(), reason: '退菜' }).expect(201);
    const rows: Array<{ code: number | string; amount: number | string }> = await t.app
      .get(DataSource)
      .query('SELECT code, amount FROM ledger_transfers WHERE merchant_id = ? AND ledger = 1 AND code IN (3, 5) ORDER BY seq', [m.merchant.id]);
    const redeemed = rows.filter((r) => Number(r.code) === 3).reduce((s, r) => s + Number(r.amount), 0);
    const reversed = rows.filter((r) => Number(r.code) === 5).reduce((s, r) => s + Number(r.amount), 0);
    expect(redeemed).toBe(15_000); // ¥165 taken pro rata from ¥500 principal + ¥50 bonus: ¥150 principal
    expect(reversed).toBe(2_000);

    await t.http.post('/operator/reconciliation/runs').set(bearer(ops)).send({ businessDate: today }).expect(200);
    const day = (await t.http.get(`/operator/day-close/${today}`).set(bearer(ops)).expect(200)).body as DayCloseView;
    expect(day.ledgerVerified).toMatchObject({ ok: true, violations: 0 });
    if (!day.reconciliation.reconciled) {
      // other tests share the sandbox's bills: an unreconciled day needs a recorded reason
      const refused = await t.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate: today }).expect(409);
      expect(refused.body.code).toBe('DAY_NOT_RECONCILED');
    }
    await new Promise((r) => setTimeout(r, 1_100)); // a day settled before it ends leaves the last second for the next statement
    const run = await settle('测试环境共用渠道账单，差错已人工核对');
    expect(run).toMatchObject({ status: 'COMPLETED', trigger: 'MANUAL' });
    expect(run.merchantsDone).toBe(run.merchantsTotal);
    // today's top-ups reach the custody reserve only after the day (the sweep; custody-reserve.e2e-spec.ts holds a
    // payout until then): here the money arrives at once, so the statement is paid
    await coverHeldPayouts(t);

    const mine = (await t.http.get('/merchant/settlement/statements').set(bearer(m.owner)).expect(200)).body as Page<StatementView>;
    expect(mine.items).toHaveLength(1);
    const statement = mine.items[0]!;
    // net ¥130.00; fee 0.60% = ¥0.78; payout ¥129.22
    expect(statement).toMatchObject({
      businessDate: today,
      redeemedFen: 15_000,
      reversedFen: 2_000,
      netFen: 13_000,
      feeRateBps: 60,
      feeFen: 78,
      payoutFen: 12_922,
      redemptionCount: 2,
      reversalCount: 1,
      status: 'PAID',
    });
    expect(statement.payoutReference).toBeTruthy();
    const payouts = (await control('payouts')) as Array<{ out_payout_no: string; amount: number; status: string }>;
    expect(payouts.filter((p) => p.out_payout_no.startsWith(`JCS${statement.id}N`))).toEqual([expect.objectContaining({ amount: 12_922, status: 'SUCCESS' })]);

    const lines = (await t.http.get(`/merchant/settlement/statements/${statement.id}/lines`).set(bearer(m.owner)).expect(200)).body as Page<StatementLineView>;
    expect(lines.items.map((l) => l.amountFen).sort((x, y) => x - y)).toEqual([-2_000, 5_000, 10_000]);
    expect(lines.items.every((l) => l.storeName === '一号店' && l.merchantOrderNo)).toBe(true);
    const csv = await t.http.get(`/merchant/settlement/statements/${statement.id}/lines.csv`).set(bearer(m.owner)).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text.trim().split('\n').pop()).toBe('合计,,130.00,,,,');
    // the card and the time read as in the reports: one masking, Beijing time
    const [header, ...records] = csv.text.slice(1).trim().split('\r\n').map((r) => r.split(','));
    const firstLine = lines.items.find((l) => l.amountFen === 10_000)!;
    // by 流水号: a reversal line carries its sale's 商户订单号, and may be a second later
    const record = records.find((r) => r[header!.indexOf('流水号')] === String(firstLine.seq))!;
    expect(record[header!.indexOf('商户订单号')]).toBe(firstLine.merchantOrderNo);
    expect(record[header!.indexOf('卡号')]).toBe(maskCardNo(card.cardNo));
    expect(record[header!.indexOf('时间')]).toBe(shanghaiDateTime(new Date(firstLine.occurredAt)));

    // custody: the platform holds at least what it owes; this merchant's cards still owe ¥500 − ¥150 + ¥20
    await t.app.get(LedgerRollupService).runOnce();
    const custody = (await t.http.get('/operator/custody').set(bearer(ops)).expect(200)).body as CustodyReport;
    expect(custody.covered).toBe(true);
    expect(custody.surplusFen).toBe(custody.reserveFen + custody.inTransitFen - custody.cardLiabilitiesFen - custody.unsettledPayablesFen - custody.refundsInFlightFen);
    expect(custody.perMerchant.find((x) => x.merchantId === m.merchant.id)).toMatchObject({ cardLiabilitiesFen: 37_000, unsettledPayablesFen: 0 });

    // tenancy: another merchant's owner sees nothing of it
    await t.http.get(`/merchant/settlement/statements/${statement.id}`).set(bearer(other.owner)).expect(404);
    await t.http.get(`/merchant/settlement/statements/${statement.id}/lines.csv`).set(bearer(other.owner)).expect(404);

    // settling the same day again settles nothing twice
    await settle('再次结算同一营业日');
    const after = (await t.http.get('/merchant/settlement/statements').set(bearer(m.owner)).expect(200)).body as Page<StatementView>;
    expect(after.items.map((s) => s.id)).toEqual([statement.id]);
    const marked: Array<{ n: number | string }> = await t.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM ledger_transfers WHERE merchant_id = ? AND settlement_id = ?', [m.merchant.id, statement.id]);
    expect(Number(marked[0]!.n)).toBe(3);
    expect(((await control('payouts')) as Array<{ out_payout_no: string }>).filter((p) => p.out_payout_no.startsWith(`JCS${statement.id}N`))).toHaveLength(1);

    await expectLedgerSound(t);
  });

  it('should net a reversal made after settlement against the next day, and resume an interrupted run under its id', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(consumer, card, 'WECHATPAY', 10_000); // ¥100, no bonus tier
    const redeem = async (amountFen: number) => {
      const code = await memberCode(t, consumer, card.id);
      return (
        await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: randomUUID() }).expect(201)
      ).body as { redemptionId: string };
    };
    const sale = await redeem(5_000);
    await new Promise((r) => setTimeout(r, 1_100));
    await settle('测试：当日试结算');
    const first = ((await t.http.get('/merchant/settlement/statements').set(bearer(m.owner)).expect(200)).body as Page<StatementView>).items;
    expect(first.map((s) => [s.businessDate, s.netFen])).toEqual([[today, 5_000]]);

    // after the statement: the sale is partly reversed, then the business day turns
    await t.http.post(`/merchant/redemptions/${sale.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 1_000, reversalNo: randomUUID() }).expect(201);
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const tomorrowStart = businessDayRange(today)![1];
    const offset = tomorrowStart.getTime() + 3 * 3600_000 - Date.now(); // 03:00 the next day
    clock.now = () => new Date(realNow().getTime() + offset);
    try {
      const tomorrow = businessDayOf(clock.now());
      const dayAfter = businessDayOf(new Date(clock.now().getTime() + 86_400_000));
      const early = await t.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate: dayAfter, overrideReason: '测试：提前结算' }).expect(422);
      expect(early.body.code).toBe('BUSINESS_DAY_NOT_STARTED');

      await redeem(3_000);
      await new Promise((r) => setTimeout(r, 1_100));
      // an interrupted run (the process died after creating it) is resumed, not duplicated
      const db = t.app.get(DataSource);
      await db.query(
        "INSERT INTO settlement_runs (business_date, status, trigger_kind, partial_day, cutoff_at, override_reason, requested_by, started_at) VALUES (?, 'RUNNING', 'MANUAL', ?, ?, '测试：进程中断', NULL, ?)",
        [tomorrow, true, new Date(clock.now().getTime() - 500).toISOString().replace('T', ' ').replace('Z', ''), new Date(clock.now().getTime() - 60_000).toISOString().replace('T', ' ').replace('Z', '')],
      );
      const [interrupted] = await db.query<Array<{ id: number | string }>>("SELECT id FROM settlement_runs WHERE business_date = ? AND status = 'RUNNING'", [tomorrow]);
      const resumed = (await t.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate: tomorrow, overrideReason: '测试：继续' }).expect(202)).body as SettlementRunView;
      expect(resumed.id).toBe(Number(interrupted!.id));
      expect((await waitForRun(resumed.id)).status).toBe('COMPLETED');

      const statements = ((await t.http.get('/merchant/settlement/statements').set(bearer(m.owner)).expect(200)).body as Page<StatementView>).items;
      expect(statements.map((s) => [s.businessDate, s.redeemedFen, s.reversedFen, s.netFen, s.feeFen, s.payoutFen])).toEqual([
        [tomorrow, 3_000, 1_000, 2_000, 12, 1_988],
        [today, 5_000, 0, 5_000, 30, 4_970],
      ]);
    } finally {
      clock.now = realNow;
    }
    await expectLedgerSound(t);
  });
});
