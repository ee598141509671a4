#!/usr/bin/env node
// `npm run bench:webhooks [-- --smoke]`: how fast webhooks reach a merchant's server, and what they cost a sale.
//
//   (a) off      POST /merchant/redemptions, the merchant has no endpoint (the outbox row is still written in
//                each sale's transaction: that is the design, so "off" is what an endpoint-less merchant pays)
//   (b) on       the same with an endpoint subscribed to a local receiver: the delivery job fans out and POSTs
//                every card.redeemed while the load runs; lag = receipt time − the sale's redeemedAt
//   (c) drain    every message of (a) replayed to the endpoint at once (POST …/replay {since}): a backlog sent as
//                fast as the delivery job goes, no sales meanwhile: events/s delivered
//   (y) yardstick  the fixed minimal Nest + Express app (scripts/bench/yardstick/server.mjs), same connections
//
// The receiver runs in this process on 127.0.0.1 and verifies every delivery with the `standardwebhooks` package
// (as an integrator would) before answering 204; anything else is answered 400 and counted. Loopback only.
// Database jucard_bench_webhooks. Exit 1 only when correctness fails (a sale not delivered, a delivery that did not
// verify or came twice during (b), double spend, ledger-verify). Bounded: about 90 s full, 30 s with --smoke.
// What every bench shares (services, database, output, background jobs, knobs): lib/run.mjs.
// Knobs: BENCH_CONNECTIONS (16), BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (2), BENCH_CARDS (100), BENCH_DB_POOL_SIZE
// (32), BENCH_DELIVERY_INTERVAL_MS (100: WEBHOOK_DELIVERY_INTERVAL_MS, the one job this bench turns on).
import { verifySales } from './lib/checks.mjs';
import { daemonPids, ensureBuilt, info, recreateDatabase, sleep } from './lib/env.mjs';
import { codePool, fire, redemptionRequest } from './lib/load.mjs';
import { describeChild, startBff, startSampler, stopChild } from './lib/procs.mjs';
import { startReceiver } from './lib/webhook-receiver.mjs';
import { benchEnvironment, formatTable, knob, runBench, running, runSandbox, SMOKE } from './lib/run.mjs';
import { AMOUNT_FEN, saleLoad, sellingMerchant } from './lib/sales.mjs';
import { measureYardstick, ratio } from './lib/yardstick.mjs';

const INTERVAL_MS = knob('BENCH_DELIVERY_INTERVAL_MS', 100, 100);
/** How long the deliveries of a phase may take to arrive after its load stopped. */
const DRAIN_TIMEOUT_MS = SMOKE ? 10_000 : 25_000;

let acknowledged = 0;

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);

async function until(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) {
      info(`gave up waiting for ${what} after ${timeoutMs} ms`);
      return false;
    }
    await sleep(50);
  }
}

async function main() {
  const { CONNECTIONS, SECONDS, WARMUP, CARDS, POOL } = saleLoad({ connections: [16, 4], seconds: [8, 1], cards: [100, 10], pool: [32, 16] }, `, delivery every ${INTERVAL_MS} ms`);
  const builtClean = ensureBuilt();
  const env = benchEnvironment({
    pool: POOL,
    db: 'jucard_bench_webhooks',
    redisDb: 10,
    extra: { MEMBER_CODE_ISSUE_PER_MINUTE: '1000000', WEBHOOK_DELIVERY_INTERVAL_MS: String(INTERVAL_MS) },
  });
  recreateDatabase(env);

  const fixtures = await import('./lib/fixtures.mjs');
  const { api, openDatabase, mintCodes } = fixtures;
  const db = (running.db = await openDatabase(env));
  await runSandbox(env);
  const bff = (running.bff = await startBff(env, 'bff-webhooks'));
  describeChild(bff.child);

  const { m, credited } = await sellingMerchant(fixtures, db, bff.url, running.sandbox.url, CARDS);
  const call = api(bff.url);
  const count = async (sql, params = []) => Number((await db.ds.query(sql, params))[0].n);
  const unfanned = () => count('SELECT COUNT(*) AS n FROM webhook_messages WHERE fanned_out = 0');

  const redemptions = async (label, tag) => {
    const request = (pool, suffix) => redemptionRequest({ staffToken: m.staffToken, storeId: m.storeId, pool, amountFen: AMOUNT_FEN, tag: tag + suffix });
    const warm = await fire(bff.url, { connections: CONNECTIONS, seconds: WARMUP, request: request(codePool(await mintCodes(db, m.cards, WARMUP * 3000 + 2 * CONNECTIONS)), 'w') });
    acknowledged += warm.ok;
    const pool = codePool(await mintCodes(db, m.cards, Math.ceil(Math.max(warm.totalRps, 300) * SECONDS * 3) + 2 * CONNECTIONS));
    const stop = startSampler(bff.pid, daemonPids());
    const result = await fire(bff.url, { connections: CONNECTIONS, seconds: SECONDS, request: request(pool, '') });
    const sample = stop();
    acknowledged += result.ok;
    info(`${label}: ${result.rps} sales/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors; CPU % ${JSON.stringify(sample.cpu)}`);
    return { label, ...result, ...sample, codesExhausted: pool.exhausted, warmOk: warm.ok };
  };

  // (a) no endpoint: the outbox rows are written and fanned out to nobody
  const offStart = new Date(Date.now() - 1000);
  const off = await redemptions('(a) webhooks off', 'OFF');
  await until('the outbox fanned out', async () => (await unfanned()) === 0, DRAIN_TIMEOUT_MS);
  const offMessages = await count('SELECT COUNT(*) AS n FROM webhook_messages');

  // (b) an endpoint at the receiver, subscribed to sales
  const receiver = await startReceiver();
  const endpoint = await call('POST', '/merchant/webhook-endpoints', { token: m.staffToken, body: { url: receiver.url, description: 'bench', eventTypes: ['card.redeemed'] } });
  receiver.secret = endpoint.secret;
  receiver.measureLag = true;
  const on = await redemptions('(b) webhooks on', 'ON');
  const onMessages = () => count('SELECT COUNT(*) AS n FROM webhook_dispatches WHERE endpoint_id = ?', [endpoint.id]);
  const loadEnd = Date.now();
  await until('every sale of (b) delivered', async () => (await unfanned()) === 0 && receiver.ids.size >= (await onMessages()), DRAIN_TIMEOUT_MS);
  receiver.measureLag = false;
  const onDispatches = await onMessages();
  const onDelivered = receiver.ids.size;
  const onDuplicates = [...receiver.ids.values()].filter((n) => n > 1).length;
  const onWindowS = Math.max(0.001, (receiver.lastAt - receiver.firstAt) / 1000);
  const lags = [...receiver.lagsMs].sort((x, y) => x - y);
  info(`(b): ${onDelivered} of ${onDispatches} sales delivered, the last ${Date.now() - loadEnd} ms after the load; lag p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms`);

  // (c) a backlog: every message of (a) at once, to the same endpoint
  const before = receiver.verified;
  const replayStart = Date.now();
  const replay = await call('POST', `/merchant/webhook-endpoints/${endpoint.id}/replay`, { token: m.staffToken, body: { since: offStart.toISOString() } });
  // timed from the answer: the replay's transaction re-queues every message before any can go out
  const drainStart = Date.now();
  const replayMs = drainStart - replayStart;
  const stopDrain = startSampler(bff.pid, daemonPids());
  const drained = await until(`${replay.queued} replayed messages`, () => receiver.verified - before >= replay.queued, DRAIN_TIMEOUT_MS);
  const drainSample = stopDrain();
  const drainS = (Date.now() - drainStart) / 1000;
  const drainDelivered = receiver.verified - before;
  const drainEps = Math.round(drainDelivered / drainS);
  info(`(c) drain: ${drainDelivered} of ${replay.queued} messages in ${drainS.toFixed(2)} s = ${drainEps} events/s; CPU % ${JSON.stringify(drainSample.cpu)}`);
  await new Promise((resolve) => receiver.server.close(resolve));

  await stopChild(bff.child);
  info('(y) yardstick…');
  const yardstick = await measureYardstick(env, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP });

  const { check, verify, doubleSpend } = await verifySales(db, env, { credited, acknowledged });

  console.log(
    formatTable(
      ['scenario', 'sales/s', 'p50 ms', 'p99 ms', 'errors', 'events/s', 'CPU% bff', 'mariadbd', 'machine'],
      [
        [off.label, off.rps, off.p50, off.p99, off.errors, '-', off.cpu.bff, off.cpu.mariadbd ?? '-', off.cpu.machine],
        [on.label, on.rps, on.p50, on.p99, on.errors, Math.round(onDelivered / onWindowS), on.cpu.bff, on.cpu.mariadbd ?? '-', on.cpu.machine],
        ['(c) drain', '-', '-', '-', replay.queued - drainDelivered, drainEps, drainSample.cpu.bff, drainSample.cpu.mariadbd ?? '-', drainSample.cpu.machine],
        ['yardstick', yardstick.rps, yardstick.p50, yardstick.p99, yardstick.errors, '-', yardstick.cpu.bff, yardstick.cpu.mariadbd ?? '-', yardstick.cpu.machine],
      ],
      '(events/s: deliveries verified by the receiver per second — (b) while sales run, (c) a backlog alone; yardstick row: req/s of the fixed app)',
    ),
  );
  const summary = {
    delivery_events_per_s: drainEps,
    delivery_during_load_events_per_s: Math.round(onDelivered / onWindowS),
    redeem_rps_webhooks_off: off.rps,
    redeem_rps_webhooks_on: on.rps,
    on_vs_off: ratio(on.rps, off.rps),
    redeem_p99_ms_off: off.p99,
    redeem_p99_ms_on: on.p99,
    delivery_lag_p50_ms: percentile(lags, 50),
    delivery_lag_p99_ms: percentile(lags, 99),
    yardstick_rps: yardstick.rps,
    off_vs_yardstick: ratio(off.rps, yardstick.rps),
    on_vs_yardstick: ratio(on.rps, yardstick.rps),
    drain_events_per_s_vs_yardstick: ratio(drainEps, yardstick.rps),
    messages_off: offMessages,
    sales_delivered_on: onDelivered,
    sales_dispatched_on: onDispatches,
    duplicates_on: onDuplicates,
    replayed: replay.queued,
    replay_call_ms: replayMs,
    replay_delivered: drainDelivered,
    rejected_deliveries: receiver.rejected,
    errors: { off: off.errors, on: on.errors, yardstick: yardstick.errors },
    codes_exhausted: off.codesExhausted + on.codesExhausted,
    double_spend: doubleSpend,
    ledger_verify_ok: verify.ok,
    connections: CONNECTIONS,
    cards: CARDS,
    seconds: SECONDS,
    delivery_interval_ms: INTERVAL_MS,
    smoke: SMOKE,
    ...(builtClean ? {} : { build_errors: true }),
  };
  // autocannon drops the answers still in flight when a run ends: up to CONNECTIONS sales per run were not counted
  const counted = on.ok + on.warmOk;
  const allDelivered = onDelivered === onDispatches && onDispatches >= counted && onDispatches <= counted + 2 * CONNECTIONS;
  const targets = [
    ['every sale of (b) delivered once', allDelivered && onDuplicates === 0, `${onDelivered} delivered, ${onDispatches} dispatched, ${counted} 2xx counted, ${onDuplicates} twice`],
    ['every delivery verified', receiver.rejected === 0, `${receiver.rejected} refused by standardwebhooks`],
    ['the backlog drained', drained, `${drainDelivered} of ${replay.queued}`],
    ['on / off ≥ 0.8', summary.on_vs_off >= 0.8, `${summary.on_vs_off} (${on.rps} vs ${off.rps} sales/s)`],
    ['no double spend', doubleSpend === 0, JSON.stringify({ ...check, firstMismatches: undefined })],
    ['ledger-verify', verify.ok, verify.ok ? 'ok' : JSON.stringify(verify.violations).slice(0, 400)],
  ];
  for (const [name, ok, value] of targets) console.log(`  ${ok ? 'PASS' : 'MISS'}  ${name.padEnd(34)} ${value}`);
  console.log('');
  console.log(JSON.stringify(summary));
  const stalled = off.ok === 0 || on.ok === 0;
  return allDelivered && onDuplicates === 0 && receiver.rejected === 0 && drained && doubleSpend === 0 && verify.ok && !stalled ? 0 : 1;
}

await runBench(main);
