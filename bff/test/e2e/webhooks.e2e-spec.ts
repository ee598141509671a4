import type { RedemptionView, TokenPair, TopUpView, WebhookDeliveryPage, WebhookEndpointCreated, WebhookEndpointView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config';
import { WebhookSender } from '../../src/webhooks/webhook-sender';
import { signWebhook, newWebhookSecret } from '../../src/webhooks/webhook-signature';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { freePort } from '../support/test-app';
import { eventually, Receiver } from '../support/webhook-receiver';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
// deliveries are awaited with eventually() (up to 15 s each); Jest's 5 s default cut a loaded box's wait short
jest.setTimeout(40_000);

describe('webhooks (e2e, every delivery verified with standardwebhooks)', () => {
  // Svix's schedule at 1/5000: 5 s → 1 ms, 5 min → 60 ms, 30 min → 360 ms, 2 h → 1.44 s
  const t = useTestApp({ WEBHOOK_DELIVERY_INTERVAL_MS: '40', WEBHOOK_SCHEDULE_SCALE: '0.0002', MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);
  const receivers: Receiver[] = [];

  afterEach(async () => {
    for (const r of receivers.splice(0)) await r.stop();
    await expectLedgerSound(t);
  });

  async function receiver(): Promise<Receiver> {
    const r = await Receiver.started();
    receivers.push(r);
    return r;
  }

  const control = (path: string, body: unknown) =>
    fetch(`${t.sandboxUrl}/__control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** A merchant with a consumer's card holding ¥500 (claimed before the endpoint existed), and an endpoint at a fresh receiver. */
  async function merchantWithEndpoint(eventTypes?: string[]) {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 50_000);
    // the claim's card.claimed fanned out (to no endpoint) before the endpoint exists, so it hears only of what follows
    const unfanned = () => t.app.get(DataSource).query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM webhook_messages WHERE merchant_id = ? AND fanned_out = 0', [m.merchant.id]);
    await eventually('the claim fanned out', async () => Number((await unfanned())[0]!.n) === 0);
    const r = await receiver();
    const created = (await t.http.post('/merchant/webhook-endpoints').set(bearer(m.owner)).send({ url: r.url, description: 'ERP', ...(eventTypes ? { eventTypes } : {}) }).expect(201)).body as WebhookEndpointCreated;
    r.secret = created.secret;
    return { ...m, receiver: r, endpoint: created, consumer, card };
  }

  async function sale(owner: TokenPair, consumer: TokenPair, cardId: string, storeId: string, amountFen: number): Promise<RedemptionView> {
    const code = await memberCode(t, consumer, cardId);
    return (await t.http.post('/merchant/redemptions').set(bearer(owner)).send({ code: code.numericCode, amountFen, storeId, merchantOrderNo: unique('ORD') }).expect(201)).body as RedemptionView;
  }

  const deliveries = async (owner: TokenPair, endpointId: string, query = '') =>
    (await t.http.get(`/merchant/webhook-endpoints/${endpointId}/deliveries${query}`).set(bearer(owner)).expect(200)).body as WebhookDeliveryPage;

  it('should deliver a top-up, a sale and its reversal exactly once each, signed so standardwebhooks verifies them', async () => {
    const s = await merchantWithEndpoint();
    expect(s.endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const order = (await t.http.post('/me/topups').set(bearer(s.consumer)).send({ cardId: s.card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    await control(`orders/wechatpay/${new URL(order.cashierUrl!).pathname.split('/').pop()!}/pay`, {});
    const receipt = await sale(s.owner, s.consumer, s.card.id, s.store.id, 3_000);
    await t.http.post(`/merchant/redemptions/${receipt.redemptionId}/reversals`).set(bearer(s.owner)).send({ amountFen: 1_000, reversalNo: unique('RV') }).expect(201);

    await eventually('three verified deliveries', () => s.receiver.verified.length >= 3);
    await pause(400); // several more runs of the job: nothing is sent twice
    expect(s.receiver.rejected).toEqual([]);
    expect(s.receiver.verified.map((v) => v.payload.type).sort()).toEqual(['card.redeemed', 'card.reversed', 'card.topped_up']);
    for (const v of s.receiver.verified) expect(s.receiver.countOf(v.id)).toBe(1);
    const byType = Object.fromEntries(s.receiver.verified.map((v) => [v.payload.type, v.payload.data as unknown as Record<string, unknown>]));
    expect(byType['card.topped_up']).toMatchObject({ orderId: order.orderId, cardId: s.card.id, channel: 'WECHATPAY', amountFen: 10_000 });
    expect(byType['card.redeemed']).toMatchObject({ redemptionId: receipt.redemptionId, merchantOrderNo: receipt.merchantOrderNo, amountFen: 3_000, storeId: s.store.id, operator: { type: 'staff' } });
    expect(byType['card.reversed']).toMatchObject({ redemptionId: receipt.redemptionId, amountFen: 1_000, remainingFen: 2_000 });

    const log = await deliveries(s.owner, s.endpoint.id);
    expect(log.items).toHaveLength(3);
    expect(log.items.every((d) => d.succeeded && d.responseStatus === 204 && d.attempt === 1 && d.request.url === s.receiver.url)).toBe(true);
    expect(log.items[0]!.request.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('should keep the secret sealed at rest and show it only once', async () => {
    const s = await merchantWithEndpoint();
    const [stored] = await t.app.get(DataSource).query<Array<{ secret: string }>>('SELECT secret FROM webhook_endpoints WHERE id = ?', [s.endpoint.id]);
    expect(stored!.secret).toMatch(/^sbx1:/);
    expect(stored!.secret).not.toContain(s.endpoint.secret.slice('whsec_'.length, 20));
    const listed = (await t.http.get('/merchant/webhook-endpoints').set(bearer(s.owner)).expect(200)).body as WebhookEndpointView[];
    expect(listed).toEqual([expect.objectContaining({ id: s.endpoint.id, url: s.receiver.url, status: 'ACTIVE', eventTypes: [] })]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
  });

  it('should retry while the receiver is down and deliver everything once it is back', async () => {
    const s = await merchantWithEndpoint();
    await s.receiver.stop();
    const sales = [await sale(s.owner, s.consumer, s.card.id, s.store.id, 100), await sale(s.owner, s.consumer, s.card.id, s.store.id, 200)];

    // at least three attempts of each refused (now, +1 ms, +60 ms on the scaled schedule) before the receiver is back
    await eventually('three failed attempts of each message', async () => {
      const log = await deliveries(s.owner, s.endpoint.id, '?limit=100');
      const failed = log.items.filter((d) => !d.succeeded);
      return failed.length >= 6 && new Set(failed.map((d) => d.messageId)).size === 2 && failed.every((d) => d.responseStatus === null && d.error);
    });
    const down = (await t.http.get('/merchant/webhook-endpoints').set(bearer(s.owner)).expect(200)).body as WebhookEndpointView[];
    expect(down[0]!.failingSince).not.toBeNull();
    await s.receiver.start();

    await eventually('both sales delivered', () => s.receiver.verified.length >= 2);
    await pause(400);
    expect(s.receiver.verified.map((v) => (v.payload.data as { redemptionId: string }).redemptionId).sort()).toEqual(sales.map((r) => r.redemptionId).sort());
    for (const v of s.receiver.verified) expect(s.receiver.countOf(v.id)).toBe(1);
    const log = await deliveries(s.owner, s.endpoint.id, '?limit=100');
    const succeeded = log.items.filter((d) => d.succeeded);
    expect(succeeded).toHaveLength(2);
    expect(succeeded.every((d) => d.attempt >= 4)).toBe(true);
    const after = (await t.http.get('/merchant/webhook-endpoints').set(bearer(s.owner)).expect(200)).body as WebhookEndpointView[];
    expect(after[0]).toMatchObject({ status: 'ACTIVE', failingSince: null });
  });

  it('should have a receiver that refuses a forged signature and a tampered body (the receiver is real)', async () => {
    const s = await merchantWithEndpoint();
    await sale(s.owner, s.consumer, s.card.id, s.store.id, 100);
    const [genuine] = await eventually('a genuine delivery', () => s.receiver.genuine.length > 0 && s.receiver.genuine);
    const post = (headers: Record<string, string>, body: string) => fetch(s.receiver.url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });

    const forged = signWebhook(newWebhookSecret(), genuine!.headers['webhook-id']!, Math.floor(Date.now() / 1000), genuine!.body);
    expect((await post({ ...forged }, genuine!.body)).status).toBe(400);
    expect((await post(genuine!.headers, genuine!.body.replace('"amountFen":100', '"amountFen":1'))).status).toBe(400);
    expect(s.receiver.rejected.map((r) => r.why)).toEqual(['No matching signature found', 'No matching signature found']);
    expect(s.receiver.verified).toHaveLength(1);
  });

  it('should go on delivering to other merchants while one receiver holds its connection without answering', async () => {
    // a receiver that accepts the connection and never answers: each attempt waits out the 15 s timeout
    const held: Socket[] = [];
    const silent = createNetServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      const slow = await a.approvedMerchant();
      const port = (silent.address() as AddressInfo).port;
      await t.http.post('/merchant/webhook-endpoints').set(bearer(slow.owner)).send({ url: `http://127.0.0.1:${port}/hooks` }).expect(201);
      const slowConsumer = await a.consumer();
      const slowCard = await claimCard(t, slowConsumer, slow.product.claimToken);
      await creditCard(t, slowCard.id, 10_000);
      await sale(slow.owner, slowConsumer, slowCard.id, slow.store.id, 100);
      await eventually('the silent receiver reached', () => held.length > 0);

      const s = await merchantWithEndpoint();
      const receipt = await sale(s.owner, s.consumer, s.card.id, s.store.id, 200);
      // well inside the 15 s the silent receiver holds its lane
      await eventually('the other merchant’s sale delivered', () => s.receiver.verified.some((v) => (v.payload.data as { redemptionId?: string }).redemptionId === receipt.redemptionId), 5_000);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('should fail only its own deliveries when an endpoint secret cannot be opened (its key taken out of SECRETS_KEY), and go on delivering to others', async () => {
    const broken = await merchantWithEndpoint();
    const fine = await merchantWithEndpoint();
    await t.app.get(DataSource).query("UPDATE webhook_endpoints SET secret = 'sbx1:gone:AAAA' WHERE id = ?", [broken.endpoint.id]);
    await sale(broken.owner, broken.consumer, broken.card.id, broken.store.id, 100);
    await sale(fine.owner, fine.consumer, fine.card.id, fine.store.id, 100);
    await eventually('the other merchant’s delivery', () => fine.receiver.verified.length === 1);
    const log = await eventually('the failed attempt in the log', async () => (await deliveries(broken.owner, broken.endpoint.id)).items.find((d) => !d.succeeded));
    expect(log).toMatchObject({ succeeded: false, responseStatus: null, error: expect.stringContaining('cannot be opened') });
    expect(broken.receiver.verified).toEqual([]);
    // the owner turns it off: its retries would otherwise go on in the suites after this one
    await t.http.post(`/merchant/webhook-endpoints/${broken.endpoint.id}/disable`).set(bearer(broken.owner)).expect(200);
  });

  it('should replay one message, and everything since a time to an endpoint created later', async () => {
    const s = await merchantWithEndpoint();
    // after the card's claim (an event of its own), before both sales
    const since = new Date().toISOString();
    const first = await sale(s.owner, s.consumer, s.card.id, s.store.id, 100);
    await eventually('the first delivery', () => s.receiver.verified.length === 1);
    const messageId = s.receiver.verified[0]!.id;

    expect((await t.http.post(`/merchant/webhook-endpoints/${s.endpoint.id}/replay`).set(bearer(s.owner)).send({ messageId }).expect(200)).body).toEqual({ queued: 1 });
    await eventually('the replayed delivery', () => s.receiver.countOf(messageId) === 2);
    expect((s.receiver.verified[1]!.payload.data as { redemptionId: string }).redemptionId).toBe(first.redemptionId);

    await sale(s.owner, s.consumer, s.card.id, s.store.id, 200);
    await eventually('the second sale', () => s.receiver.verified.length === 3);
    const late = await receiver();
    const created = (await t.http.post('/merchant/webhook-endpoints').set(bearer(s.owner)).send({ url: late.url }).expect(201)).body as WebhookEndpointCreated;
    late.secret = created.secret;
    await pause(300);
    expect(late.verified).toEqual([]); // an endpoint hears only of what happens after it exists…
    const replayed = (await t.http.post(`/merchant/webhook-endpoints/${created.id}/replay`).set(bearer(s.owner)).send({ since }).expect(200)).body;
    expect(replayed).toEqual({ queued: 2 }); // …until asked
    await eventually('both sales at the late endpoint', () => late.verified.length === 2);
    expect(new Set(late.verified.map((v) => v.id))).toEqual(new Set(s.receiver.verified.map((v) => v.id)));

    const bad = await t.http.post(`/merchant/webhook-endpoints/${s.endpoint.id}/replay`).set(bearer(s.owner)).send({ messageId, since }).expect(422);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('should stop delivering to an endpoint the owner disabled', async () => {
    const s = await merchantWithEndpoint();
    const disabled = (await t.http.post(`/merchant/webhook-endpoints/${s.endpoint.id}/disable`).set(bearer(s.owner)).expect(200)).body as WebhookEndpointView;
    expect(disabled).toMatchObject({ status: 'DISABLED', disabledReason: 'disabled by the merchant' });
    await sale(s.owner, s.consumer, s.card.id, s.store.id, 100);
    await pause(400);
    expect(s.receiver.verified).toEqual([]);
    expect((await deliveries(s.owner, s.endpoint.id)).items).toEqual([]);
  });

  it('should refuse another merchant’s endpoints and messages exactly like unknown ones, and staff below owner', async () => {
    const s = await merchantWithEndpoint();
    await sale(s.owner, s.consumer, s.card.id, s.store.id, 100);
    await eventually('a delivery', () => s.receiver.verified.length === 1);
    const other = await merchantWithEndpoint();
    const base = `/merchant/webhook-endpoints/${s.endpoint.id}`;

    expect(((await t.http.get('/merchant/webhook-endpoints').set(bearer(other.owner)).expect(200)).body as WebhookEndpointView[]).map((e) => e.id)).toEqual([other.endpoint.id]);
    for (const res of [
      await t.http.get(`${base}/deliveries`).set(bearer(other.owner)),
      await t.http.post(`${base}/replay`).set(bearer(other.owner)).send({ messageId: s.receiver.verified[0]!.id }),
      await t.http.post(`${base}/disable`).set(bearer(other.owner)),
      await t.http.get(`/merchant/webhook-endpoints/${randomUUID()}/deliveries`).set(bearer(other.owner)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'WEBHOOK_ENDPOINT_NOT_FOUND', messageZh: '推送地址不存在' });
    }
    const foreignMessage = await t.http.post(`/merchant/webhook-endpoints/${other.endpoint.id}/replay`).set(bearer(other.owner)).send({ messageId: s.receiver.verified[0]!.id }).expect(404);
    expect(foreignMessage.body.code).toBe('WEBHOOK_MESSAGE_NOT_FOUND');

    const managerName = unique('manager');
    await t.http.post('/merchant/staff').set(bearer(s.owner)).send({ username: managerName, password: 'manager-password', displayName: '店长', role: 'MANAGER', storeIds: [] }).expect(201);
    const manager = await a.staffLogin(managerName, 'manager-password');
    expect((await t.http.get('/merchant/webhook-endpoints').set(bearer(manager))).status).toBe(403);
    expect((await t.http.get(`${base}/deliveries`).set(bearer(s.owner)).expect(200)).body.items).toHaveLength(1);
  });

  it.each([
    [{ url: 'ftp://erp.example.com/hooks' }, 'WEBHOOK_URL_NOT_ALLOWED'],
    [{ url: 'not a url at all' }, 'WEBHOOK_URL_NOT_ALLOWED'],
    [{ url: 'https://erp.example.com/hooks', eventTypes: ['card.stolen'] }, 'VALIDATION_FAILED'],
    [{}, 'VALIDATION_FAILED'],
  ])('should refuse the endpoint %j with %s and create nothing', async (body, code) => {
    const m = await a.approvedMerchant();
    const res = await t.http.post('/merchant/webhook-endpoints').set(bearer(m.owner)).send(body).expect(422);
    expect(res.body).toMatchObject({ code, requestId: expect.any(String) });
    expect((await t.http.get('/merchant/webhook-endpoints').set(bearer(m.owner)).expect(200)).body).toEqual([]);
  });

  it('should refuse loopback and private targets in production (SSRF) but reach them in development', async () => {
    const r = await receiver();
    r.secret = newWebhookSecret();
    const body = '{"type":"card.redeemed"}';
    const headers = { ...signWebhook(r.secret, 'msg_ssrf', Math.floor(Date.now() / 1000), body) };
    const production = new WebhookSender({ NODE_ENV: 'production' } as AppConfig);
    const development = new WebhookSender({ NODE_ENV: 'development' } as AppConfig);

    for (const url of [r.url, r.url.replace('http:', 'https:'), `https://localhost:${r.port}/`, 'https://10.0.0.1/hooks', 'https://169.254.169.254/latest/meta-data']) {
      const answer = await production.send({ url, headers, body });
      expect(answer).toMatchObject({ status: null, error: expect.stringMatching(/^refused: /) });
    }
    expect(r.verified).toEqual([]);
    expect(await development.send({ url: r.url, headers, body })).toMatchObject({ status: 204, error: null });
    expect(r.verified).toHaveLength(1);
  });
});

describe('webhooks: an endpoint failing for 5 days (e2e, time-scaled)', () => {
  // at 1/1,000,000 the 5 days are 432 ms; a message's eight attempts take ~100 ms, so sales keep coming meanwhile
  const t = useTestApp({ WEBHOOK_DELIVERY_INTERVAL_MS: '20', WEBHOOK_SCHEDULE_SCALE: '0.000001', MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  it('should disable it with an audit row, and deliver nothing more to it', async () => {
    const m = await a.approvedMerchant();
    const dead = `http://127.0.0.1:${await freePort()}/nobody-listens`;
    const endpoint = (await t.http.post('/merchant/webhook-endpoints').set(bearer(m.owner)).send({ url: dead }).expect(201)).body as WebhookEndpointCreated;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 50_000);

    const view = async () => ((await t.http.get('/merchant/webhook-endpoints').set(bearer(m.owner)).expect(200)).body as WebhookEndpointView[])[0]!;
    const disabled = await eventually('the endpoint disabled', async () => {
      const code = await memberCode(t, consumer, card.id);
      await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 1, storeId: m.store.id, merchantOrderNo: unique('ORD') }).expect(201);
      const current = await view();
      return current.status === 'DISABLED' && current;
    });
    expect(disabled).toMatchObject({ status: 'DISABLED', disabledReason: 'every delivery failed for 5 days' });
    const audit = await t.app.get(DataSource).query<Array<{ action: string }>>("SELECT action FROM audit_log WHERE target_type = 'webhook_endpoint' AND target_id = ? ORDER BY id", [endpoint.id]);
    expect(audit.map((r) => r.action)).toEqual(['webhook_endpoint.created', 'webhook_endpoint.disabled']);

    const attempts = (await t.http.get(`/merchant/webhook-endpoints/${endpoint.id}/deliveries?limit=100`).set(bearer(m.owner)).expect(200)).body as WebhookDeliveryPage;
    await pause(200);
    const later = (await t.http.get(`/merchant/webhook-endpoints/${endpoint.id}/deliveries?limit=100`).set(bearer(m.owner)).expect(200)).body as WebhookDeliveryPage;
    expect(later.items[0]!.id).toBe(attempts.items[0]!.id);
    expect(attempts.items.every((d) => !d.succeeded)).toBe(true);
    await expectLedgerSound(t);
  });
});
