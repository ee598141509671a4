#!/usr/bin/env node
// `npm run drill:cluster [-- --smoke]`: the cluster profile under fire. scripts/cluster.sh starts nginx in front of
// 3 BFF instances on MariaDB + the Redis Cluster and the sandbox (its own dir, database jucard_bench_cluster and
// ports); the drill then drives redemptions and top-ups (paid at the sandbox, whose signed notification comes back
// through nginx) and one settlement run of a seeded past day, all through nginx, while it SIGKILLs and restarts
// the instances one at a time. It samples job_leases all along. Then it checks: every acknowledged redemption and
// top-up is in the database exactly once (lost 0, doubled 0) and has exactly one webhook event at the shop's receiver,
// which verifies it with `standardwebhooks` (no event lost by a kill, none without its change), each merchant has one statement and each statement
// one payout, no lease token was ever held by two owners, ledger-verify is clean. Last, redemptions/s through
// nginx with 1, 2 and 3 instances (context only). Progress on stderr; LAST on stdout one JSON line; exit 1 on a
// violation. Loopback only. Full ≤ 3 min (DRILL_SECONDS 60 of chaos), smoke ≤ 60 s (15 s, no throughput phase).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, info, ledgerVerify, must, ROOT, sh, shared, sleep, dist } from '../bench/lib/env.mjs';
import { knob, runBench, running, SMOKE } from '../bench/lib/run.mjs';
import { startReceiver } from '../bench/lib/webhook-receiver.mjs';
import { sampleResidentIdNo } from '../sandbox/identity.mjs';

const CLUSTER_DIR = path.join(ROOT, '.data', 'drill-cluster');
const DB = 'jucard_bench_cluster';
const CHAOS_S = knob('DRILL_SECONDS', 60, 15);
const KILL_EVERY_S = knob('DRILL_KILL_EVERY_S', 8, 4);
const DOWN_S = knob('DRILL_DOWN_S', 2, 1);
const CARDS = knob('DRILL_CARDS', 60, 20);
const THROUGHPUT_S = knob('DRILL_THROUGHPUT_S', 8, 0);
const clusterEnv = {
  ...process.env,
  CLUSTER_DIR,
  CLUSTER_DB: DB,
  CLUSTER_PORT_BASE: process.env.CLUSTER_PORT_BASE || '18300',
  CLUSTER_BUILD: '0', // ensureBuilt() ran
  CLUSTER_NODE_ENV: 'test', // the drill inserts an operator and credits cards directly, as the benches do
  LEDGER_ROLLUP_INTERVAL_MS: '500',
  PAYOUT_INTERVAL_MS: '1000',
  DAY_CLOSE_INTERVAL_MS: '0', // the drill starts the one settlement run itself
  // every shopper and the till come from 127.0.0.1: the budgets would refuse the drill's own set-up
  LIMIT_LOGIN_PER_IP: '100000/60', LIMIT_LOGIN_GLOBAL: '100000/60', LIMIT_MEMBER_CODE_PER_IP: '100000/60', LIMIT_REGISTER_PER_IP: '1000/60',
};
const cluster = (...args) => must(sh('scripts/cluster.sh', args, { env: clusterEnv, inherit: true }), `cluster.sh ${args.join(' ')}`);
// during the chaos: asynchronous, so the load keeps running while an instance boots
const clusterAsync = (...args) =>
  new Promise((resolve, reject) => execFile('scripts/cluster.sh', args, { cwd: ROOT, env: clusterEnv }, (error, _out, stderr) => (error ? reject(new Error(`cluster.sh ${args.join(' ')}: ${stderr}`)) : resolve())));
const readEnvFile = (file) => Object.fromEntries(fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

/** fetch through nginx that retries what never got an answer (an instance killed mid-request) with the same body. */
async function send(url, { method = 'POST', token, body, tries = 8 }) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (res.status < 500 || attempt >= tries) return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (error) {
      if (attempt >= tries) return { status: 0, body: { error: String(error) } };
    }
    await sleep(250 * attempt);
  }
}

async function main() {
  info(`mode ${SMOKE ? 'SMOKE' : 'full'}: ${CHAOS_S} s of chaos (an instance killed every ${KILL_EVERY_S} s, back after ${DOWN_S} s), ${CARDS} cards`);
  ensureBuilt();
  must(sh('scripts/services.sh', ['start'], { inherit: true }), 'services');
  // a clean slate: the drill's database, its cluster dir and the Redis Cluster's keys
  sh('scripts/cluster.sh', ['down'], { env: clusterEnv });
  fs.rmSync(CLUSTER_DIR, { recursive: true, force: true });
  must(sh('mariadb', ['--no-defaults', '--protocol=socket', `--socket=${path.resolve(ROOT, process.env.SVC_DIR || '.data/services', 'mysqld.sock')}`, '-uroot'], { input: `DROP DATABASE IF EXISTS ${DB};` }), 'dropping the drill database');
  must(sh('scripts/services.sh', ['cluster-start'], { env: clusterEnv }), 'Redis Cluster');
  for (const port of (process.env.REDIS_CLUSTER_PORTS || '7001 7002 7003').split(' ')) sh('redis-cli', ['-p', port, 'FLUSHALL']);
  running.clusterUp = true;
  cluster('up');
  const state = readEnvFile(path.join(CLUSTER_DIR, 'state.env'));
  const env = { ...clusterEnv, ...readEnvFile(path.join(CLUSTER_DIR, 'secrets.env')), ...state, NODE_ENV: 'test' };
  const nginx = state.NGINX_URL;
  const instances = Number(state.INSTANCES);

  const { creditCards, insertOperator, mintCodes, openDatabase, operatorToken, setUpMerchant } = await import('../bench/lib/fixtures.mjs');
  const { seedDay } = await import('../bench/lib/day-seed.mjs');
  const { checkSettlement } = await import('../bench/lib/settle-checks.mjs');
  const { businessDayOf, previousBusinessDay } = shared();
  const db = (running.db = await openDatabase(env));

  info('seeding yesterday for the settlement run (on an empty database: the seed checks its totals), then a merchant, cards and member codes through nginx…');
  const day = previousBusinessDay(businessDayOf(new Date()));
  const operator = await insertOperator(db);
  const seed = await seedDay(env, { day, items: SMOKE ? 400 : 2_000, merchants: SMOKE ? 4 : 12, perCard: 5, reversalPct: 5, operatorId: operator.id });
  await db.rollup.runOnce();
  const shop = await setUpMerchant(db, nginx, state.SANDBOX_URL, CARDS);
  const redeemCards = shop.cards.slice(0, Math.ceil(CARDS / 2));
  const topupCards = shop.cards.slice(redeemCards.length);
  await creditCards(db, shop.merchantId, redeemCards, 1_000_000, 10_000);
  const codes = await mintCodes(db, redeemCards, SMOKE ? 3_000 : 12_000, 600);
  const opsToken = await operatorToken(nginx, operator);
  // the merchant's server: every sale and top-up is an outbox row written with it, delivered by whichever instance
  // holds the delivery lease — killed like the others, so some events are written and not yet sent when it dies
  const receiver = await startReceiver();
  const events = { redeemed: new Map(), toppedUp: new Map() }; // merchantOrderNo / orderId → Set(webhook-id)
  receiver.onPayload = (payload, id) => {
    const [map, key] = payload.type === 'card.redeemed' ? [events.redeemed, payload.data.merchantOrderNo] : [events.toppedUp, payload.data.orderId];
    map.set(key, (map.get(key) ?? new Set()).add(id));
  };
  const endpoint = await send(`${nginx}/merchant/webhook-endpoints`, { token: shop.staffToken, body: { url: receiver.url, description: '演练', eventTypes: ['card.redeemed', 'card.topped_up'] } });
  if (endpoint.status !== 201) throw new Error(`registering the webhook endpoint answered ${endpoint.status}: ${JSON.stringify(endpoint.body).slice(0, 300)}`);
  receiver.secret = endpoint.body.secret;
  // the channels settle yesterday into the custody reserve through its reconciliation (a payout waits for that money,
  // docs/compliance.md): the sandbox learns the seeded payments, then yesterday is reconciled through nginx
  const seededPayments = [...seed.topups, ...seed.unnotified];
  for (let i = 0; i < seededPayments.length; i += 500) await send(`${state.SANDBOX_URL}/__control/orders/import`, { body: seededPayments.slice(i, i + 500) });
  const reconciled = await send(`${nginx}/operator/reconciliation/runs`, { token: opsToken, body: { businessDate: day } });
  if (reconciled.status !== 200) throw new Error(`reconciling ${day} answered ${reconciled.status}: ${JSON.stringify(reconciled.body).slice(0, 300)}`);
  const wallets = [];
  for (const card of topupCards) {
    const [row] = await db.ds.query('SELECT wechat_openid AS openid FROM consumers WHERE id = ?', [card.consumerId]);
    const code = (await (await fetch(`${state.SANDBOX_URL}/__control/wechat/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: row.openid }) })).json()).code;
    const tokens = await send(`${nginx}/auth/consumer/wechat`, { body: { code } });
    // a named card is topped up only after 实名 (docs/compliance.md §6)
    const verified = await send(`${nginx}/me/real-name`, { token: tokens.body.accessToken, body: { name: '演练用户', idNo: sampleResidentIdNo() } });
    if (verified.status !== 200) throw new Error(`real-name answered ${verified.status}: ${JSON.stringify(verified.body).slice(0, 300)}`);
    wallets.push({ cardId: card.id, token: tokens.body.accessToken });
  }

  // --- chaos: load through nginx while instances die and come back -------------------------------------------------
  const acked = { redemptions: [], topups: [] };
  const failed = { redemptions: 0, topups: 0 };
  const leaseOwners = new Map(); // `${job}#${token}` → Set(owner)
  const kills = [];
  let stop = false;
  let codeAt = 0;
  const until = Date.now() + CHAOS_S * 1000;

  const redeemer = async () => {
    while (!stop && codeAt < codes.length) {
      const body = { code: codes[codeAt++], amountFen: 100, storeId: shop.storeId, merchantOrderNo: `DRILL-${randomUUID()}` };
      const res = await send(`${nginx}/merchant/redemptions`, { token: shop.staffToken, body });
      if (res.status === 200 || res.status === 201) acked.redemptions.push(body.merchantOrderNo);
      else failed.redemptions++;
    }
  };
  const topper = async (wallet) => {
    while (!stop) {
      const body = { cardId: wallet.cardId, amountFen: 5_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() };
      const opened = await send(`${nginx}/me/topups`, { token: wallet.token, body });
      if ((opened.status !== 201 && opened.status !== 200) || !opened.body?.cashierUrl) { failed.topups++; continue; }
      const outTradeNo = decodeURIComponent(new URL(opened.body.cashierUrl).pathname.split('/').pop());
      await send(`${state.SANDBOX_URL}/__control/orders/wechatpay/${outTradeNo}/pay`, { body: {} });
      for (let i = 0; i < 60; i++) {
        const view = await send(`${nginx}/me/topups/${opened.body.orderId}`, { method: 'GET', token: wallet.token });
        if (view.body?.status === 'PAID') { acked.topups.push({ orderId: opened.body.orderId, cardId: wallet.cardId, amountFen: 5_000 }); break; }
        await sleep(250);
      }
    }
  };
  const sampler = async () => {
    while (!stop) {
      for (const r of await db.ds.query('SELECT name, owner, token FROM job_leases WHERE owner IS NOT NULL')) {
        const key = `${r.name}#${r.token}`;
        leaseOwners.set(key, (leaseOwners.get(key) ?? new Set()).add(r.owner));
      }
      await sleep(100);
    }
  };
  const killer = async () => {
    for (let i = 0; Date.now() + KILL_EVERY_S * 1000 < until; i++) {
      await sleep(KILL_EVERY_S * 1000 - DOWN_S * 1000);
      const victim = (i % instances) + 1;
      await clusterAsync('kill', String(victim));
      kills.push(victim);
      info(`instance ${victim} killed (SIGKILL)`);
      await sleep(DOWN_S * 1000);
      await clusterAsync('start', String(victim));
      info(`instance ${victim} back`);
    }
  };
  const settler = async () => {
    await sleep(Math.min(5_000, (CHAOS_S * 1000) / 4));
    info(`settling ${day} through nginx while instances die…`);
    const started = await send(`${nginx}/operator/settlement/runs`, { token: opsToken, body: { businessDate: day, overrideReason: '演练：未对账，集群故障演练' } });
    if (started.status !== 202) throw new Error(`settlement run refused: ${started.status} ${JSON.stringify(started.body).slice(0, 300)}`);
    for (;;) {
      await sleep(500);
      const r = await send(`${nginx}/operator/settlement/runs/${started.body.id}`, { method: 'GET', token: opsToken });
      if (r.body?.status && r.body.status !== 'RUNNING') return r.body;
    }
  };

  info(`chaos for ${CHAOS_S} s: ${instances} instances, 4 tills, ${wallets.length > 4 ? 4 : wallets.length} shoppers topping up`);
  const t0 = performance.now();
  const bg = [sampler()];
  const settling = settler();
  const load = [...Array.from({ length: 4 }, redeemer), ...wallets.slice(0, 4).map(topper)];
  await killer();
  await sleep(Math.max(0, until - Date.now()));
  stop = true;
  await Promise.all(load);
  const run = await settling;
  const chaosS = Math.round((performance.now() - t0) / 100) / 10;
  // the payout job and the rollup finish what the run left (they run every 1 s / 0.5 s)
  for (let i = 0; i < 60; i++) {
    const [{ n }] = await db.ds.query("SELECT COUNT(*) AS n FROM settlement_statements WHERE run_id = ? AND status NOT IN ('PAID', 'FAILED', 'SKIPPED')", [run.id]);
    if (Number(n) === 0) break;
    await sleep(500);
  }
  await sleep(1_500);
  stop = true;
  await Promise.all(bg);
  // the outbox drains: every committed sale and paid top-up of the shop has its event at the receiver
  const committed = async () => {
    const [r] = await db.ds.query("SELECT (SELECT COUNT(*) FROM redemptions WHERE merchant_id = ?) AS sales, (SELECT COUNT(*) FROM topup_orders WHERE merchant_id = ? AND status = 'PAID') AS topups", [shop.merchantId, shop.merchantId]);
    return Number(r.sales) + Number(r.topups);
  };
  for (let i = 0; i < 120 && events.redeemed.size + events.toppedUp.size < (await committed()); i++) await sleep(250);

  // --- checks ----------------------------------------------------------------------------------------------------------
  info('checking redemptions, top-ups, statements, payouts, leases and the ledger…');
  const problems = [];
  const redeemed = new Map((await db.ds.query('SELECT merchant_order_no AS o, COUNT(*) AS n FROM redemptions WHERE merchant_id = ? GROUP BY merchant_order_no', [shop.merchantId])).map((r) => [r.o, Number(r.n)]));
  const lostRedemptions = acked.redemptions.filter((o) => !redeemed.has(o)).length;
  const doubledRedemptions = [...redeemed.values()].filter((n) => n > 1).length;
  const paidRows = await db.ds.query("SELECT o.id, o.card_id, o.amount_fen, (SELECT COUNT(*) FROM ledger_operations l WHERE l.id = CONCAT('topup:', o.id)) AS credited FROM topup_orders o WHERE o.merchant_id = ? AND o.status = 'PAID'", [shop.merchantId]);
  const paid = new Map(paidRows.map((r) => [r.id, r]));
  const lostTopups = acked.topups.filter((t) => Number(paid.get(t.orderId)?.credited ?? 0) === 0).length;
  const doubledTopups = paidRows.filter((r) => Number(r.credited) > 1).length;
  const statements = await db.ds.query('SELECT merchant_id AS m, COUNT(*) AS n FROM settlement_statements WHERE business_date = ? GROUP BY merchant_id', [day]);
  const payouts = await (await fetch(`${state.SANDBOX_URL}/__control/payouts`)).json();
  const { loadConfig } = dist('config/app-config.js');
  const settled = await checkSettlement(db.ds, { runId: run.id, seeded: seed.merchants, defaultFeeRateBps: loadConfig(env).DEFAULT_FEE_RATE_BPS, payouts });
  const saleEvents = [...redeemed.keys()].filter((o) => events.redeemed.has(o)).length;
  const topupEvents = paidRows.filter((r) => events.toppedUp.has(r.id)).length;
  const webhooks = {
    events_delivered: events.redeemed.size + events.toppedUp.size,
    events_lost: redeemed.size - saleEvents + (paidRows.length - topupEvents),
    // a change with two messages, or a message without its change (a sale or top-up that did not commit)
    events_doubled: [...events.redeemed.values(), ...events.toppedUp.values()].filter((ids) => ids.size > 1).length,
    events_without_change: [...events.redeemed.keys()].filter((o) => !redeemed.has(o)).length + [...events.toppedUp.keys()].filter((id) => !paid.has(id)).length,
    // at-least-once: a delivery cut off by a kill is sent again under the same webhook-id (the receiver deduplicates)
    redeliveries: [...receiver.ids.values()].filter((n) => n > 1).length,
    signatures_refused: receiver.rejected,
  };
  if (webhooks.events_lost || webhooks.events_doubled || webhooks.events_without_change || webhooks.signatures_refused) problems.push(`webhooks: ${JSON.stringify(webhooks)}`);
  if (webhooks.events_delivered === 0) problems.push('no webhook event was delivered');
  await new Promise((resolve) => receiver.server.close(resolve));
  const sharedTokens = [...leaseOwners.entries()].filter(([, owners]) => owners.size > 1).map(([key]) => key);
  const jobs = new Map();
  for (const key of leaseOwners.keys()) jobs.set(key.split('#')[0], (jobs.get(key.split('#')[0]) ?? 0) + 1);
  if (run.status !== 'COMPLETED') problems.push(`settlement run ${run.status}: ${run.error ?? ''}`);
  if (statements.some((s) => Number(s.n) !== 1)) problems.push('a merchant with more than one statement for the day');
  // the whole-database checks also see today's drill sales (not due before tomorrow's run): those two are expected
  const { LEDGERS, TRANSFER_CODES } = dist('ledger/ledger.constants.js');
  const [today] = await db.ds.query('SELECT COUNT(*) AS n FROM ledger_transfers WHERE merchant_id = ? AND settlement_id IS NULL AND ledger = ? AND code IN (?, ?)', [
    shop.merchantId, LEDGERS.CNY, TRANSFER_CODES.REDEMPTION, TRANSFER_CODES.REVERSAL,
  ]);
  const expectedToday = [`${Number(today.n)} redemption/reversal transfers left unsettled`, '1 merchant payable / payout clearing accounts not back to zero'];
  problems.push(...settled.problems.filter((p) => !expectedToday.includes(p)));
  if (sharedTokens.length) problems.push(`lease tokens held by two owners: ${sharedTokens.slice(0, 5).join(', ')}`);
  if (lostRedemptions || doubledRedemptions || lostTopups || doubledTopups) problems.push('acknowledged operations lost or doubled');
  if (acked.redemptions.length === 0 || acked.topups.length === 0 || kills.length === 0) problems.push('the drill did not exercise redemptions, top-ups and kills');
  const verify = ledgerVerify(env);
  if (!verify.ok) problems.push(`ledger-verify: ${JSON.stringify(verify.violations).slice(0, 300)}`);

  // --- context: redemptions/s through nginx with 1, 2, 3 instances -----------------------------------------------------
  const throughput = {};
  if (THROUGHPUT_S > 0) {
    const { codePool, fire, redemptionRequest } = await import('../bench/lib/load.mjs');
    for (let k = 1; k <= instances; k++) {
      cluster('scale', String(k));
      const pool = codePool(await mintCodes(db, redeemCards, THROUGHPUT_S * 1_500, 600));
      const r = await fire(nginx, { connections: 16, seconds: THROUGHPUT_S, request: redemptionRequest({ staffToken: shop.staffToken, storeId: shop.storeId, pool, amountFen: 1, tag: `n${k}` }) });
      throughput[`instances_${k}`] = r.rps;
      info(`${k} instance(s): ${r.rps} redemptions/s through nginx (p99 ${r.p99} ms, ${r.errors} errors)`);
    }
  }
  for (const p of problems) info(`VIOLATION: ${p}`);
  console.log(JSON.stringify({
    chaos_s: chaosS,
    instances,
    kills: kills.length,
    redemptions_acked: acked.redemptions.length,
    redemptions_refused: failed.redemptions,
    topups_acked: acked.topups.length,
    lost: lostRedemptions + lostTopups,
    doubled: doubledRedemptions + doubledTopups,
    settlement: run.status,
    statements: settled.statements,
    payouts: settled.payouts,
    statements_once: statements.every((s) => Number(s.n) === 1),
    lease_tokens: leaseOwners.size,
    lease_tokens_shared: sharedTokens.length,
    jobs_seen: Object.fromEntries(jobs),
    webhooks,
    ledger_verify: verify.ok ? 'ok' : 'FAILED',
    redemptions_per_s_through_nginx: THROUGHPUT_S > 0 ? throughput : null,
    ok: problems.length === 0,
    smoke: SMOKE,
  }));
  return problems.length === 0 ? 0 : 1;
}

running.clusterUp = false;
process.on('exit', () => {
  if (running.clusterUp) sh('scripts/cluster.sh', ['down'], { env: clusterEnv });
});
await runBench(main);
