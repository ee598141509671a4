import type { SettlementRunView, StatementView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sqlTime } from '../../src/database/sql-values';
import { LeaseLost, Leases } from '../../src/jobs/leases';
import { CardExpiryReminderJob } from '../../src/cards/card-expiry-reminder.job';
import { ClosingRefundsJob } from '../../src/payments/closing-refunds.job';
import { PointsExpiryJob } from '../../src/marketing/points-expiry.job';
import { DuplicatePaymentRefunds } from '../../src/payments/duplicate-payments.service';
import { LedgerRollupService } from '../../src/ledger/ledger-rollup.service';
import { MerchantsRepository } from '../../src/merchants/merchants.repository';
import { PaymentPoller } from '../../src/payments/payment-poller.service';
import { DayCloseService } from '../../src/settlement/day-close.service';
import { PayoutsService } from '../../src/settlement/payouts.service';
import { SettlementRunJob } from '../../src/settlement/settlement-run.job';
import { ReceiptDeliveryJob } from '../../src/receipts/receipt-delivery.job';
import { WebhookDeliveryJob } from '../../src/webhooks/webhook-delivery.job';
import { actors, bearer } from '../factories/actors';
import { claimCard, coverHeldPayouts, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { startTestApp, type TestApp } from '../support/test-app';

type Job = { runOnce(): Promise<number> };
type JobClass = abstract new (...args: never[]) => Job;

/** Every job that runs under a lease, by its lease's name. */
const LEASED_JOBS: Array<[string, JobClass]> = [
  ['ledger-rollup', LedgerRollupService],
  ['payment-poll', PaymentPoller],
  ['day-close', DayCloseService],
  ['settlement', SettlementRunJob],
  ['payouts', PayoutsService],
  ['webhook-delivery', WebhookDeliveryJob],
  ['receipt-delivery', ReceiptDeliveryJob],
  ['duplicate-payment-refunds', DuplicatePaymentRefunds],
  ['closing-refunds', ClosingRefundsJob],
  ['card-expiry-reminders', CardExpiryReminderJob],
  ['points-expiry', PointsExpiryJob],
];

/** A promise with its resolver outside: a step of instance A is held here until the test lets it go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  return { open, opened, arrived, reached };
}

/** Holds the first call of `method` on `target` at a gate (then calls through); counts every call. */
function holdFirstCall(target: object, method: string) {
  const g = gate();
  const original = (target as Record<string, (...args: unknown[]) => Promise<unknown>>)[method]!.bind(target);
  let calls = 0;
  jest.spyOn(target as Record<string, () => Promise<unknown>>, method as never).mockImplementation((async (...args: unknown[]) => {
    calls += 1;
    if (calls === 1) {
      g.reached();
      await g.opened;
    }
    return original(...args);
  }) as never);
  return { ...g, calls: () => calls };
}

function countCalls(target: object, method: string): () => number {
  const spy = jest.spyOn(target as Record<string, () => Promise<unknown>>, method as never);
  return () => spy.mock.calls.length;
}

/**
 * Two BFF instances on one database, racing for every background job: the lease lets one run it while the other
 * waits; a run taken over from an instance that stopped mid-settlement is finished by the other, nothing paid
 * twice, and the old owner's late writes are refused by the fencing token.
 */
describe('leased jobs with two instances (e2e)', () => {
  const a = useTestApp();
  let b: TestApp;
  const people = actors(a);
  let ops: TokenPair;

  beforeAll(async () => {
    b = await startTestApp();
    ops = await people.operator();
  });
  afterAll(() => b?.close());
  afterEach(() => jest.restoreAllMocks());

  const expireLease = (name: string) =>
    a.app.get(DataSource).query('UPDATE job_leases SET expires_at = ? WHERE name = ?', [sqlTime(new Date(Date.now() - 1_000)), name]);

  // each job's whole run (LeasedJobProvider.work, what its lease guards)
  const work = 'work';
  it.each(LEASED_JOBS)('should run %s on one instance while the other waits, and on the other once it is free', async (_name, type) => {
    const jobA = a.app.get<Job>(type);
    const jobB = b.app.get<Job>(type);
    const heldA = holdFirstCall(jobA, work);
    const callsB = countCalls(jobB, work);

    const runA = jobA.runOnce();
    await heldA.arrived;
    await expect(jobB.runOnce()).resolves.toBe(0);
    expect(callsB()).toBe(0);

    heldA.open();
    await runA;
    await jobB.runOnce();
    expect(callsB()).toBe(1);
  });

  it.each(LEASED_JOBS)('should finish a run of %s in progress and release its lease when its app stops, so another instance takes the job at once', async (name, type) => {
    const c = await startTestApp();
    const jobC = c.app.get<Job>(type);
    const heldC = holdFirstCall(jobC, work);
    const runC = jobC.runOnce();
    await heldC.arrived;

    // the app stops while its run is held: the run finishes on a live database, then the lease is let go
    const closing = c.close();
    await new Promise((r) => setTimeout(r, 200));
    heldC.open();
    await closing;
    await expect(runC).resolves.toEqual(expect.any(Number));
    const [lease] = await a.app.get(DataSource).query<Array<{ owner: string | null }>>('SELECT owner FROM job_leases WHERE name = ?', [name]);
    expect(lease).toEqual({ owner: null });

    const callsB = countCalls(b.app.get<Job>(type), work);
    await b.app.get<Job>(type).runOnce();
    expect(callsB()).toBe(1);
  });

  it("should refuse a stale owner's write after another instance took the lease over", async () => {
    const name = `probe-${randomUUID().slice(0, 8)}`;
    const stale = (await a.app.get(Leases).take(name))!;
    expect(await b.app.get(Leases).take(name)).toBeNull();
    await expireLease(name);
    const fresh = (await b.app.get(Leases).take(name))!;
    expect(fresh.token).toBe(stale.token + 1);

    const marker = `${name}-write`;
    const write = (em: { query: (sql: string, p: unknown[]) => Promise<unknown> }) =>
      em.query('INSERT INTO job_leases (name, token, fenced_writes) VALUES (?, 0, 0)', [marker]);
    await expect(stale.run(write)).rejects.toBeInstanceOf(LeaseLost);
    expect(await a.app.get(DataSource).query('SELECT name FROM job_leases WHERE name = ?', [marker])).toEqual([]);
    expect(await a.app.get(Leases).renew(stale)).toBe(false);

    await fresh.run(write);
    expect(await a.app.get(DataSource).query('SELECT name FROM job_leases WHERE name = ?', [marker])).toHaveLength(1);
  });

  it('should let the other instance finish a settlement its first instance stopped in the middle of, paying each statement once', async () => {
    const merchants = [await people.approvedMerchant(), await people.approvedMerchant()];
    for (const m of merchants) {
      const consumer = await people.consumer();
      const card = await claimCard(a, consumer, m.product.claimToken);
      await creditCard(a, card.id, 20_000);
      const code = await memberCode(a, consumer, card.id);
      await a.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 5_000, storeId: m.store.id, merchantOrderNo: randomUUID() }).expect(201);
    }
    await a.app.get(LedgerRollupService).runOnce();
    await new Promise((r) => setTimeout(r, 1_100));
    // instance A stops before its first merchant (as if paused by a long GC or a frozen VM)
    const heldA = holdFirstCall(a.app.get(MerchantsRepository), 'merchantById');
    const businessDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const started = (await a.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate, overrideReason: '测试：接管' }).expect(202)).body as SettlementRunView;
    await heldA.arrived;
    await b.http.post('/operator/settlement/runs').set(bearer(ops)).send({ businessDate, overrideReason: '测试：接管' }).expect(409);

    // A's lease runs out; B takes the job over and resumes the same run
    await expireLease('settlement');
    await b.app.get(SettlementRunJob).runOnce();
    const finished = (await b.http.get(`/operator/settlement/runs/${started.id}`).set(bearer(ops)).expect(200)).body as SettlementRunView;
    // the run settles every merchant with unsettled sales in this database (other suites leave some): ours among them
    expect(finished).toMatchObject({ status: 'COMPLETED', merchantsDone: finished.merchantsTotal });

    // A wakes up and carries on: every write it tries is refused, so nothing is settled, counted or paid again
    heldA.open();
    await a.app.get(SettlementRunJob).runOnce();
    const after = (await a.http.get(`/operator/settlement/runs/${started.id}`).set(bearer(ops)).expect(200)).body as SettlementRunView;
    expect(after).toMatchObject({ status: 'COMPLETED', statements: finished.statements, merchantsTotal: finished.merchantsTotal, merchantsDone: finished.merchantsDone });
    // the cards were credited without a real channel: the reserve gets that money before the payouts may leave it
    await coverHeldPayouts(a);
    for (const m of merchants) {
      const { items } = (await a.http.get('/merchant/settlement/statements').set(bearer(m.owner)).expect(200)).body as { items: StatementView[] };
      expect(items.map((s) => [s.businessDate, s.netFen, s.status])).toEqual([[businessDate, 5_000, 'PAID']]);
    }
    // one bank instruction and one posting per statement
    const db = a.app.get(DataSource);
    const paid = await db.query<Array<{ id: number | string; payout_attempts: number | string }>>('SELECT id, payout_attempts FROM settlement_statements WHERE run_id = ? AND merchant_id IN (?, ?)', [started.id, ...merchants.map((m) => m.merchant.id)]);
    expect(paid).toHaveLength(2);
    expect(paid.every((s) => Number(s.payout_attempts) === 1)).toBe(true);
    const postings = await db.query<unknown[]>(`SELECT id FROM ledger_operations WHERE id IN (${paid.map(() => '?').join(', ')})`, paid.map((s) => `payout:${s.id}`));
    expect(postings).toHaveLength(paid.length);
    await expectLedgerSound(a);
  });
});
