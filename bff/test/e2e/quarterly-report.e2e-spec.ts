import { previousQuarter, quarterDays, quarterOf, quarterRange, type BalanceRefundView, type QuarterlyMerchantRow, type QuarterlyReportView, type RedemptionView, type TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../src/common/clock';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode, paidTopUp, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

const DAY = 86_400_000;

/** 预付卡季度报表 (docs/compliance.md §11): each merchant's card principal in a quarter, read from the ledger. */
describe('the quarterly report (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  let realNow: () => Date;
  beforeAll(async () => {
    const clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
    await sandboxControl(t, 'time-scale', { scale: 1000 });
  });
  afterEach(async () => {
    t.app.get(Clock).now = realNow;
    await expectLedgerSound(t);
  });

  type Merchant = Awaited<ReturnType<typeof a.approvedMerchant>>;
  const sale = async (m: Merchant, consumer: TokenPair, cardId: string, amountFen: number) => {
    const code = await memberCode(t, consumer, cardId);
    return (await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: unique('ORD') }).expect(201)).body as RedemptionView;
  };
  const report = async (ops: TokenPair, quarter: string) => (await t.http.get(`/operator/reports/quarterly?quarter=${quarter}`).set(bearer(ops)).expect(200)).body as QuarterlyReportView;
  const rowOf = (view: QuarterlyReportView, merchantId: string) => view.rows.find((r) => r.merchantId === merchantId);

  it('should report each quarter’s cards, top-ups, sales less reversals, refunds and the balances it opened and closed with', async () => {
    const m = await a.approvedMerchant();
    const ops = await a.operator();
    const quarter = quarterOf(realNow());
    const earlier = previousQuarter(quarter);

    // last quarter: card A bought and topped up with ¥300 (the app's clock ten days into that quarter)
    const backThen = quarterRange(earlier)![0].getTime() + 10 * DAY;
    t.app.get(Clock).now = () => new Date(backThen);
    const first = await a.consumer();
    const cardA = await claimCard(t, first, m.product.claimToken);
    await creditCard(t, cardA.id, 30_000);
    t.app.get(Clock).now = realNow;

    // this quarter: card B paid ¥500 through WeChat Pay; A spends ¥100; B spends ¥50, reversed; B is refunded (退卡)
    const second = await a.consumer();
    const cardB = await claimCard(t, second, m.product.claimToken);
    await paidTopUp(t, second, cardB.id, 50_000);
    await sale(m, first, cardA.id, 10_000);
    const sold = await sale(m, second, cardB.id, 5_000);
    await t.http.post(`/merchant/redemptions/${sold.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 5_000, reversalNo: unique('RV'), reason: '顾客退货' }).expect(201);
    const refund = (await t.http.post(`/me/cards/${cardB.id}/refunds`).set(bearer(second)).send({ idempotencyKey: randomUUID() }).expect(201)).body as BalanceRefundView;
    await until('the refund', async () => (await t.http.get(`/me/cards/${cardB.id}/refunds/${refund.refundId}`).set(bearer(second)).expect(200)).body as BalanceRefundView, (v) => v.status === 'SUCCEEDED');

    const before = await report(ops, earlier);
    expect(before).toMatchObject({ quarter: earlier, from: quarterDays(earlier)[0], to: quarterDays(earlier)[1] });
    expect(rowOf(before, m.merchant.id)).toEqual<QuarterlyMerchantRow>({
      merchantId: m.merchant.id,
      merchantName: m.merchant.displayName,
      cardsIssued: 1,
      toppedUpFen: 30_000,
      redeemedFen: 0,
      refundedFen: 0,
      openingFen: 0,
      closingFen: 30_000,
    });
    const now = await report(ops, quarter);
    expect(rowOf(now, m.merchant.id)).toMatchObject({ cardsIssued: 1, toppedUpFen: 50_000, redeemedFen: 10_000, refundedFen: 50_000, openingFen: 30_000, closingFen: 20_000 });
    // every row adds up: what it opened with, plus top-ups, less sales and refunds, is what it closed with
    for (const row of now.rows) expect(row.openingFen + row.toppedUpFen - row.redeemedFen - row.refundedFen).toBe(row.closingFen);
    expect(now.totals.closingFen).toBe(now.rows.reduce((sum, r) => sum + r.closingFen, 0));

    // the CSV: the same figures in yuan under Chinese headers, 合计 last, named for the quarter
    const csv = await t.http.get(`/operator/reports/quarterly.csv?quarter=${quarter}`).set(bearer(ops)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`预付卡季度报表_${quarter}.csv`)}`);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('商户,商户编号,新发卡数(张),充值本金(元),消费本金(元),退卡本金(元),期初预收余额(元),期末预收余额(元)');
    expect(lines).toContain(`${m.merchant.displayName},${m.merchant.id},1,500.00,100.00,500.00,300.00,200.00`);
    expect(lines[lines.length - 1]).toMatch(/^合计,,/);
    expect(lines).toHaveLength(now.rows.length + 2);
  });

  it('should refuse a malformed quarter with 422, and anyone but an operator', async () => {
    const ops = await a.operator();
    for (const quarter of ['2026Q5', '2026-10', '']) {
      const refused = await t.http.get(`/operator/reports/quarterly?quarter=${quarter}`).set(bearer(ops)).expect(422);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.any(String), requestId: expect.any(String) });
    }
    await t.http.get('/operator/reports/quarterly.csv?quarter=2026Q4').expect(401);
    const m = await a.approvedMerchant();
    expect((await t.http.get('/operator/reports/quarterly?quarter=2026Q4').set(bearer(m.owner)).expect(403)).body.code).toBe('FORBIDDEN');
  });
});
