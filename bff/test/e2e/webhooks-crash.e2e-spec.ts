import type { RedemptionView, WebhookEndpointCreated } from '@jucard/shared';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { WebhookDeliveryJob } from '../../src/webhooks/webhook-delivery.job';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { freePort } from '../support/test-app';
import { eventually, Receiver } from '../support/webhook-receiver';

jest.setTimeout(90_000);

/**
 * No event without its change, no change without its event (docs/open-api.md, webhooks): a second BFF process takes
 * the sales and writes their outbox rows in their transactions, delivers nothing (its delivery job is off), and is
 * killed with SIGKILL; the instance that survives delivers every one of them, each once, verified by `standardwebhooks`.
 */
describe('webhooks: a BFF killed with SIGKILL between the change and the delivery (e2e, a second BFF process)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);
  let child: ChildProcess | undefined;
  let receiver: Receiver | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await receiver?.stop();
  });

  it('should deliver every sale the killed instance committed, once each, from the instance that survives', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 50_000);
    receiver = await Receiver.started();
    const endpoint = (await t.http.post('/merchant/webhook-endpoints').set(bearer(m.owner)).send({ url: receiver.url, description: 'ERP', eventTypes: ['card.redeemed'] }).expect(201)).body as WebhookEndpointCreated;
    receiver.secret = endpoint.secret;

    // the other instance: the same database, Redis and secrets, its jobs off
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [join(__dirname, '../../dist/main.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        PUBLIC_BASE_URL: base,
        WEBHOOK_DELIVERY_INTERVAL_MS: '0',
        LEDGER_ROLLUP_INTERVAL_MS: '0',
        PAYMENT_POLL_INTERVAL_MS: '0',
        DAY_CLOSE_INTERVAL_MS: '0',
        PAYOUT_INTERVAL_MS: '0',
        SETTLEMENT_RESUME_INTERVAL_MS: '0',
        RECEIPT_DELIVERY_INTERVAL_MS: '0',
        CLOSING_REFUND_INTERVAL_MS: '0',
        MEMBER_CODE_ISSUE_PER_MINUTE: '100000',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually('the second instance answering', async () => (await fetch(`${base}/health/live`).catch(() => null))?.ok, 30_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${stderr.slice(0, 2_000)}`);
    });

    const sales: RedemptionView[] = [];
    for (let i = 0; i < 5; i++) {
      const code = await memberCode(t, consumer, card.id);
      const res = await fetch(`${base}/merchant/redemptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${m.owner.accessToken}` },
        body: JSON.stringify({ code: code.numericCode, amountFen: 1_000 + i, storeId: m.store.id, merchantOrderNo: unique('KILL') }),
      });
      expect(res.status).toBe(201);
      sales.push((await res.json()) as RedemptionView);
    }
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(receiver.verified).toEqual([]); // nothing was delivered before the kill

    const job = t.app.get(WebhookDeliveryJob);
    await eventually('every sale delivered', async () => {
      await job.runOnce();
      return receiver!.verified.length >= sales.length;
    }, 30_000);
    await job.runOnce();
    expect(receiver.rejected).toEqual([]);
    const delivered = receiver.verified.map((v) => (v.payload.data as unknown as { merchantOrderNo: string }).merchantOrderNo).sort();
    expect(delivered).toEqual(sales.map((s) => s.merchantOrderNo).sort());
    for (const v of receiver.verified) expect(receiver.countOf(v.id)).toBe(1);
    await expectLedgerSound(t);
  });
});
