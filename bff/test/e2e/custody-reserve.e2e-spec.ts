import { businessDayOf, businessDayRange, type CustodyReport, type Page, type SettlementRunView, type StatementView, type TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { unfenced } from '../../src/jobs/leases';
import { LedgerRollupService } from '../../src/ledger/ledger-rollup.service';
import { PayoutsService } from '../../src/settlement/payouts.service';
import { settlementFee } from '../../src/settlement/settlement-fee';
import { actors, bearer } from '../factories/actors';
import { claimCard, memberCode, paidTopUp, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';

/**
 * The custody reserve is a real bank account (issue 15 item 9): a same-day settlement must not pay a merchant out of
 * it before the channels have settled the day's money into it. The payout is held (等待渠道资金到账) and released by
 * the payouts job once reconciliation's sweep has brought the money in; the reserve never goes below zero.
 */
/** The test merchant's settlement fee: 0.60 %. */
const FEE_BPS = 60;

describe('custody reserve: a payout waits for the channels’ money (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);
  let ops: TokenPair;
  const today = businessDayOf(new Date());

  beforeAll(async () => {
    ops = await a.operator();
  });

  const custody = async () => {
    await t.app.get(LedgerRollupService).runOnce();
    return (await t.http.get('/operator/custody').set(bearer(ops)).expect(200)).body as CustodyReport;
  };
  const statementOf = async (owner: TokenPair) => ((await t.http.get('/merchant/settlement/statements').set(bearer(owner)).expect(200)).body as Page<StatementView>).items;
  const bankPayoutsOf = async (statementId: number) =>
    (await sandboxControl<Array<{ out_payout_no: string; amount: number; status: string }>>(t, 'payouts')).filter((p) => p.out_payout_no.startsWith(`JCS${statementId}N`));

  it('should hold a payout until the reserve covers it, then pay it once', async () => {
    // The reserve is the platform's one account: earlier tests may have swept money into it. The sale is sized so that
    // its payout is more than the reserve can pay today, whatever it already holds.
    const alreadyAvailable = Math.max(0, (await custody()).reserveAvailableFen);
    const saleFen = Math.max(10_000, Math.ceil((alreadyAvailable + 1) / (1 - FEE_BPS / 10_000) / 100 + 1) * 100);
    const payoutFen = saleFen - settlementFee(saleFen, FEE_BPS);
    expect(payoutFen).toBeGreaterThan(alreadyAvailable);
    expect(saleFen).toBeLessThanOrEqual(500_000); // a named card's cap: one top-up must be enough

    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(t, consumer, card.id, saleFen); // through WeChat Pay: collected by the channel, not yet in the reserve
    const code = await memberCode(t, consumer, card.id);
    await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: saleFen, storeId: m.store.id, merchantOrderNo: randomUUID() }).expect(201);
    const before = await custody();
    expect(before.reserveAvailableFen).toBeLessThan(payoutFen); // the channels have settled nothing of today's sale yet

    // a same-day settlement: the sale − 0.60 % fee is owed to the merchant, but the reserve does not hold it
    await new Promise((r) => setTimeout(r, 1_100));
    const started = (await t.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate: today, overrideReason: '测试：当日结算' }).expect(202)).body as SettlementRunView;
    // a same-day run settles every merchant with sales today, the whole suite's: it may take a while in a full run
    await until('the settlement run', async () => (await t.http.get(`/operator/settlement/runs/${started.id}`).set(bearer(ops)).expect(200)).body as SettlementRunView, (r) => r.status !== 'RUNNING', { everyMs: 50, tries: 600 });
    const [held] = await statementOf(m.owner);
    expect(held).toMatchObject({ businessDate: today, payoutFen, status: 'AWAITING_FUNDS', payoutReference: null, payoutAttempts: 0 });
    expect(held!.payoutError).toContain('等待渠道资金到账');
    expect(await bankPayoutsOf(held!.id)).toEqual([]);
    const waiting = await custody();
    expect(waiting.reserveFen).toBeGreaterThanOrEqual(0);
    expect(waiting.heldPayouts).toContainEqual(expect.objectContaining({ statementId: held!.id, merchantName: m.merchant.displayName, payoutFen, businessDate: today }));

    // the payouts job asks again: still nothing in the reserve, still held, the bank never called
    await t.app.get(PayoutsService).runOnce();
    expect((await statementOf(m.owner))[0]).toMatchObject({ status: 'AWAITING_FUNDS' });
    expect(await bankPayoutsOf(held!.id)).toEqual([]);

    // the day ends; reconciliation sweeps each channel's net for it into the reserve
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const offset = businessDayRange(today)![1].getTime() + 3 * 3600_000 - Date.now(); // 03:00 the next day
    clock.now = () => new Date(realNow().getTime() + offset);
    try {
      await t.http.post('/operator/reconciliation/runs').set(bearer(ops)).send({ businessDate: today }).expect(200);
      expect((await custody()).reserveAvailableFen).toBeGreaterThanOrEqual(payoutFen);

      // the job and the settlement run's own payouts at once: one claims the money, the bank is asked under one number
      const tx = t.app.get(TransactionRunner);
      await Promise.all([t.app.get(PayoutsService).runOnce(), t.app.get(PayoutsService).payRun(started.id, unfenced(tx))]);
    } finally {
      clock.now = realNow;
    }
    const [paid] = await statementOf(m.owner);
    expect(paid).toMatchObject({ id: held!.id, status: 'PAID', payoutError: null, payoutAttempts: 1 });
    expect(await bankPayoutsOf(held!.id)).toEqual([expect.objectContaining({ amount: payoutFen, status: 'SUCCESS' })]);
    const postings = await t.app.get(DataSource).query<unknown[]>('SELECT id FROM ledger_operations WHERE id = ?', [`payout:${held!.id}`]);
    expect(postings).toHaveLength(1);

    const after = await custody();
    expect(after.reserveFen).toBeGreaterThanOrEqual(0);
    expect(after.heldPayouts.map((h) => h.statementId)).not.toContain(held!.id);
    expect(after.covered).toBe(after.surplusFen >= 0);
    await expectLedgerSound(t);
  }, 60_000);
});
