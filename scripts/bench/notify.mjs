#!/usr/bin/env node
// `npm run bench:notify [-- --smoke]`: how many WeChat Pay payment notifications per second the BFF takes over
// HTTP WITH full verification (RSA-SHA256 signature over the exact bytes, timestamp window, AES-256-GCM
// decryption, merchant/app/order/amount cross-checks, then the crediting transaction), and proof that a
// notification delivered twice never credits twice.
//
// The sandbox keeps its own keys under .data/bench/sandbox; the BFF runs without the payment poller (JOBS_OFF in
// lib/run.mjs: only notifications credit cards). Sets up a merchant and consumers with one card each through the API, opens top-up orders through POST /me/topups
// (the sandbox holds the real WeChat Pay orders), then plays WeChat Pay: one genuine TRANSACTION.SUCCESS per
// order, each sent TWICE (as WeChat retries) in shuffled order, every request exactly once, all answers awaited.
// A warm-up batch first measures the pace so the measured run lasts ~BENCH_SECONDS. Then, with the BFF stopped, the
// fixed yardstick (scripts/bench/yardstick/server.mjs, a minimal Nest + Express app never optimised) is driven with
// the same connections: notify_vs_yardstick compares across runs and machines.
// Exit 1 only when correctness fails (double or missing credit, ledger-verify, a stalled run), not for speed.
// What every bench shares (services, database, output, background jobs, knobs): lib/run.mjs.
// Knobs: BENCH_CONNECTIONS (32), BENCH_SECONDS (10, target length of the measured run), BENCH_ORDERS (sized from
// the warm-up when unset), BENCH_WARMUP_ORDERS (300), BENCH_CARDS (200; ≤ 45 orders of ¥100 fit a ¥5,000 card),
// BENCH_DB_POOL_SIZE (32); smoke: 60 orders, 4 cards, 8 connections.
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import path from 'node:path';
import { dbCounters, perRequest } from './lib/checks.mjs';
import { BENCH_DIR, daemonPids, ensureBuilt, info, ledgerVerify, recreateDatabase, require } from './lib/env.mjs';
import { fire } from './lib/load.mjs';
import { benchEnvironment, eachLimit, formatTable, knob, profileWindow, runBench, running, runSandbox, SMOKE } from './lib/run.mjs';
import { describeChild, startBff, startSampler, stopChild } from './lib/procs.mjs';
import { fireAll, loadWechatpayKeys, paymentNotification, shuffle } from './lib/wechatpay-notify.mjs';
import { sampleResidentIdNo } from '../sandbox/identity.mjs';
import { measureYardstick, ratio } from './lib/yardstick.mjs';

const CONNECTIONS = knob('BENCH_CONNECTIONS', 32, 8);
const SECONDS = knob('BENCH_SECONDS', 10, 1);
const WARMUP_ORDERS = knob('BENCH_WARMUP_ORDERS', 300, 20);
const FIXED_ORDERS = knob('BENCH_ORDERS', 0, 60);
const MIN_ORDERS = SMOKE ? 1 : 2000; // "a few thousand" even if the warm-up was slow
const CARDS = knob('BENCH_CARDS', 200, 4);
const POOL = knob('BENCH_DB_POOL_SIZE', 32, 32);
const ORDERS_PER_CARD = 45; // a named card holds ¥5,000 at most, orders still being paid included: 50 × ¥100
const AMOUNT_FEN = 10_000;
const NOTIFY_PATH = '/payments/notify/wechatpay';
const SANDBOX_DIR = path.join(BENCH_DIR, 'sandbox');




async function main() {
  info(`mode ${SMOKE ? 'SMOKE' : 'full'}: ${CONNECTIONS} connections, ${WARMUP_ORDERS} warm-up orders, ~${SECONDS} s measured, ${CARDS} cards, DB_POOL_SIZE ${POOL}`);
  const builtClean = ensureBuilt();
  const env = benchEnvironment({
    pool: POOL,
    extra: {
      SANDBOX_DATA_DIR: SANDBOX_DIR, // the sandbox writes its keys and merchant-credentials.json here on first start
      PAYMENT_CREDENTIALS_FILE: path.join(SANDBOX_DIR, 'merchant-credentials.json'),
    },
  });

  // PUBLIC_BASE_URL unset: the BFF then uses http://127.0.0.1:<its PORT>, i.e. the BFF's URL (startBff picks the
  // port); checked below on the return_url of the first cashier URL.
  delete env.PUBLIC_BASE_URL;
  recreateDatabase(env);

  // bff/dist is loaded only now that it is built
  const { api, openDatabase, setUpMerchant } = await import('./lib/fixtures.mjs');
  const db = (running.db = await openDatabase(env));
  await runSandbox(env);
  const keys = loadWechatpayKeys(SANDBOX_DIR);
  running.bff = await startBff(env, 'bff');
  const bff = running.bff;
  describeChild(bff.child);
  const call = api(bff.url);

  info(`setting up a merchant and ${CARDS} consumers with one card each through the API…`);
  const m = await setUpMerchant(db, bff.url, running.sandbox.url, CARDS);
  // setUpMerchant keeps no consumer token: log each consumer in again through the sandbox with its openid
  const owners = await db.ds.query('SELECT c.id, co.wechat_openid AS openid FROM cards c JOIN consumers co ON co.id = c.consumer_id WHERE c.merchant_id = ?', [m.merchantId]);
  const wallets = [];
  await eachLimit(owners, 8, async (row) => {
    const res = await fetch(`${running.sandbox.url}/__control/wechat/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: row.openid }) });
    const { code } = await res.json();
    const consumer = await call('POST', '/auth/consumer/wechat', { body: { code } });
    // a named card is topped up only after 实名 (docs/compliance.md §6)
    await call('POST', '/me/real-name', { token: consumer.accessToken, body: { name: '压测用户', idNo: sampleResidentIdNo() } });
    wallets.push({ cardId: row.id, token: consumer.accessToken, orders: 0 });
  });
  wallets.sort((a, b) => a.cardId.localeCompare(b.cardId));
  info(`merchant ready: ${wallets.length} cards, each consumer logged in`);

  /** `count` top-up orders through POST /me/topups, round robin over the cards; returns [{ orderId, cardId, outTradeNo }]. */
  let cursor = 0;
  let returnUrlChecked = false;
  const openOrders = async (count) => {
    const started = performance.now();
    const orders = [];
    await eachLimit(Array.from({ length: count }), 16, async () => {
      const wallet = wallets[cursor++ % wallets.length];
      wallet.orders += 1;
      const view = await call('POST', '/me/topups', { token: wallet.token, body: { cardId: wallet.cardId, amountFen: AMOUNT_FEN, channel: 'WECHATPAY', idempotencyKey: randomUUID() } });
      if (view.channel !== 'WECHATPAY' || !view.cashierUrl) throw new Error(`top-up not opened on WeChat Pay: ${JSON.stringify(view).slice(0, 300)}`);
      const cashier = new URL(view.cashierUrl);
      if (!returnUrlChecked) {
        returnUrlChecked = true;
        const back = cashier.searchParams.get('return_url') ?? '';
        if (!back.startsWith(`${bff.url}/`)) throw new Error(`the BFF's public base URL is not its own URL: return_url ${back}`);
      }
      orders.push({ orderId: view.orderId, cardId: view.cardId, outTradeNo: decodeURIComponent(cashier.pathname.split('/').pop()) });
    });
    info(`opened ${count} top-up orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return orders;
  };

  /** Genuine notifications for `orders`, each twice, shuffled; signed now (the BFF accepts 5 minutes). */
  const notificationsFor = (orders) => {
    const started = performance.now();
    const once = orders.map((o) => paymentNotification(keys, { outTradeNo: o.outTradeNo, amountFen: AMOUNT_FEN }));
    const list = shuffle([...once, ...once]); // the retry is the same notification again, byte for byte
    info(`built and signed ${once.length} notifications (${list.length} to send) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return list;
  };

  const allOrders = [];
  const report = (label, r) => {
    info(`${label}: ${r.sent} requests in ${r.seconds} s = ${r.rps}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors} ${JSON.stringify(r.statuses)}${r.cpu ? `; CPU % ${JSON.stringify(r.cpu)}` : ''}`);
    return { label, ...r };
  };

  // warm-up: JIT, pools, the merchant's hot accounts; and the pace that sizes the measured run
  const warmOrders = await openOrders(Math.min(WARMUP_ORDERS, wallets.length * ORDERS_PER_CARD));
  allOrders.push(...warmOrders);
  const warm = report('warm-up', await fireAll(bff.url, { connections: CONNECTIONS, path: NOTIFY_PATH, list: notificationsFor(warmOrders), maxSeconds: 120 }));

  const capacity = wallets.length * ORDERS_PER_CARD - allOrders.length;
  const wanted = FIXED_ORDERS || Math.max(MIN_ORDERS, Math.ceil((Math.max(warm.rps, 50) * SECONDS * 1.15) / 2));
  const orderCount = Math.min(wanted, capacity);
  if (orderCount < wanted) info(`only ${capacity} more orders fit on ${wallets.length} cards (wanted ${wanted}): raise BENCH_CARDS`);
  const orders = await openOrders(orderCount);
  allOrders.push(...orders);
  const list = notificationsFor(orders);

  const counters = await dbCounters(db.ds);
  const stop = startSampler(bff.pid, daemonPids());
  const window = profileWindow('(a) notify');
  const measuredRun = await fireAll(bff.url, { connections: CONNECTIONS, path: NOTIFY_PATH, list, maxSeconds: 240 });
  window.end(list.length);
  const measured = report('(a) notify', { ...measuredRun, ...stop(), sql: perRequest(counters, await dbCounters(db.ds), list.length) });
  info(`SQL statements per notification ${JSON.stringify(measured.sql)}`);

  info('(b) trivial: GET /health/live on the same BFF…');
  await fire(`${bff.url}/health/live`, { connections: CONNECTIONS, seconds: SMOKE ? 1 : 2 });
  const stopTrivial = startSampler(bff.pid, daemonPids());
  const trivialRun = await fire(`${bff.url}/health/live`, { connections: CONNECTIONS, seconds: SMOKE ? 1 : 3 });
  const trivial = report('(b) trivial', { ...trivialRun, sent: trivialRun.ok + trivialRun.errors, non2xx: trivialRun.errors, ...stopTrivial() });

  const crypto = cryptoCost(keys, list[0]);
  info(`verification crypto alone (wechatpay-axios-plugin, as the BFF calls it): ${JSON.stringify(crypto)}`);

  await stopChild(bff.child);
  info('yardstick: the fixed minimal Nest + Express app, same connections…');
  const yardstick = await measureYardstick(env, { connections: CONNECTIONS, seconds: SMOKE ? 1 : SECONDS, warmupSeconds: SMOKE ? 1 : 2 });
  info('verifying: rollup, every order paid exactly once, card balances, ledger-verify…');
  await db.rollup.runOnce();
  const check = await checkPaidOnce(db.ds, allOrders, m.merchantId);
  const verify = ledgerVerify(env);

  printTable([warm, measured, trivial, { ...yardstick, sent: yardstick.ok + yardstick.errors, non2xx: yardstick.errors }]);
  const bffCpuMsPerNotification = measured.cpu ? Math.round(((measured.cpu.bff / 100) * measured.seconds * 1000 / Math.max(measured.sent, 1)) * 100) / 100 : null;
  const answered = measured.ok + measured.non2xx;
  const notifyVsYardstick = ratio(measured.rps, yardstick.rps);
  const targets = [
    ['notify / yardstick ≥ 0.25', notifyVsYardstick !== null && notifyVsYardstick >= 0.25, `${notifyVsYardstick} (${measured.rps} vs ${yardstick.rps} req/s; speed: not an exit failure)`],
    ['no double credit', check.doubleCredit === 0, JSON.stringify(check.doubleParts)],
    ['every order PAID exactly once', check.missing === 0 && check.opsTopup === check.notifiedOrders, `${check.opsTopup} topup:* ledger operations, ${check.notifiedOrders} distinct orders notified, ${check.paid} orders PAID of ${allOrders.length}, ${check.missing} missing`],
    ['card balances = ¥100 × paid orders', check.cardsMismatched === 0, `${check.cardsChecked} cards, ${check.cardsMismatched} mismatched${check.firstMismatches.length ? ` e.g. ${JSON.stringify(check.firstMismatches)}` : ''}`],
    ['duplicates acknowledged, not re-credited', check.outcomes.CREDITED === check.notifiedOrders && check.outcomes.ALREADY_CREDITED === check.notifiedOrders, JSON.stringify(check.outcomes)],
    ['ledger-verify', verify.ok, verify.ok ? 'ok' : JSON.stringify(verify.violations).slice(0, 400)],
    ['every notification answered', answered === list.length && !measured.stopped && measured.extra === 0, `${answered} answered of ${list.length} sent${measured.stopped ? ' (STALLED, stopped)' : ''}`],
    ['non-2xx = 0 (duplicates → 204)', measured.non2xx === 0 && warm.non2xx === 0, `${measured.non2xx} measured, ${warm.non2xx} warm-up ${JSON.stringify(measured.statuses)}`],
    ['measured run ≥ 8 s', measured.seconds >= 8 || SMOKE, `${measured.seconds} s${SMOKE ? ' (smoke: not required)' : ''}`],
  ];
  for (const [name, ok, value] of targets) console.log(`  ${ok ? 'PASS' : 'MISS'}  ${name.padEnd(42)} ${value}`);
  console.log(`  cost per notification: BFF CPU ${bffCpuMsPerNotification} ms (${measured.cpu?.bff}% of a core), of which RSA verify ${crypto.rsaVerifyUs} µs (${crypto.rsaVerifyKeyObjectUs} µs with the key parsed once) + AES-GCM decrypt ${crypto.aesGcmUs} µs;`);
  console.log(`  ${measured.sql.Questions} SQL statements (${measured.sql.commit} commits) per notification; trivial GET ${trivial.rps} req/s on the same BFF`);
  console.log(`  peak BFF RSS ${measured.hwmMb} MB (VmHWM; max sampled VmRSS during (a) ${measured.maxRssMb} MB)${builtClean ? '' : '; WARNING: tsc -b reported errors'}\n`);

  const correct = check.doubleCredit === 0 && check.missing === 0 && check.opsTopup === check.notifiedOrders && check.cardsMismatched === 0 && verify.ok && !measured.stopped && !warm.stopped;
  console.log(JSON.stringify({
    notify_per_s: measured.rps,
    yardstick_rps: yardstick.rps,
    notify_vs_yardstick: notifyVsYardstick,
    trivial_rps: trivial.rps,
    p99_ms: measured.p99,
    p50_ms: measured.p50,
    double_credit: check.doubleCredit,
    notifications: measured.sent,
    orders: orders.length,
    ledger_verify: verify.ok ? 'ok' : 'FAILED',
    bff_peak_rss_mb: measured.hwmMb,
    sql_per_notification: measured.sql.Questions,
    commits_per_notification: measured.sql.commit,
    connections: CONNECTIONS,
    smoke: SMOKE,
  }));
  return correct ? 0 : 1;
}

/**
 * After the runs (BFF stopped, hot accounts rolled up):
 * - `topup:<order>` ledger operations = distinct orders notified, each with its one ¥100 transfer, none foreign;
 * - every order notified is PAID; per out_trade_no at most one CREDITED notification;
 * - each card's principal = ¥100 × its paid orders, bonus = Σ their bonus (0 for a custom amount).
 */
async function checkPaidOnce(ds, orders, merchantId) {
  const n = (v) => Number(v ?? 0);
  const byId = new Map(orders.map((o) => [o.orderId, o]));
  const dbOrders = await ds.query('SELECT id, card_id, status, amount_fen, bonus_fen FROM topup_orders WHERE merchant_id = ?', [merchantId]);
  const ops = await ds.query("SELECT id, status FROM ledger_operations WHERE id LIKE 'topup:%'");
  const transfers = await ds.query(
    "SELECT operation_id, ledger, COUNT(*) AS n, SUM(amount) AS amount FROM ledger_transfers WHERE operation_id LIKE 'topup:%' GROUP BY operation_id, ledger",
  );
  const outcomes = Object.fromEntries((await ds.query('SELECT outcome, COUNT(*) AS n FROM payment_notifications GROUP BY outcome')).map((r) => [r.outcome, n(r.n)]));
  const [creditedTwice] = await ds.query(
    "SELECT COUNT(*) AS n FROM (SELECT out_trade_no FROM payment_notifications WHERE outcome = 'CREDITED' GROUP BY out_trade_no HAVING COUNT(*) > 1) d",
  );
  const [notified] = await ds.query("SELECT COUNT(DISTINCT out_trade_no) AS n FROM payment_notifications WHERE outcome IN ('CREDITED', 'ALREADY_CREDITED')");
  const [{ n: countTopup }] = await ds.query("SELECT COUNT(*) AS n FROM ledger_operations WHERE id LIKE 'topup:%'");

  const orderRow = new Map(dbOrders.map((o) => [o.id, o]));
  const foreignOps = ops.filter((op) => !byId.has(op.id.slice('topup:'.length))).length;
  let badTransfers = 0; // an operation moving more than its order: a second credit inside one operation
  for (const t of transfers) {
    const o = orderRow.get(t.operation_id.slice('topup:'.length));
    const want = !o ? 0 : n(t.ledger) === 1 ? n(o.amount_fen) : n(o.bonus_fen);
    if (n(t.n) !== 1 || n(t.amount) !== want) badTransfers++;
  }
  const paid = dbOrders.filter((o) => o.status === 'PAID');
  const missing = orders.filter((o) => orderRow.get(o.orderId)?.status !== 'PAID').length; // no row counts as missing too

  const expected = new Map();
  for (const o of paid) {
    const e = expected.get(o.card_id) ?? { principal: 0, bonus: 0, orders: 0 };
    e.principal += n(o.amount_fen);
    e.bonus += n(o.bonus_fen);
    e.orders += 1;
    expected.set(o.card_id, e);
  }
  const cards = await ds.query(
    `SELECT c.id, p.credits_posted - p.debits_posted - p.debits_pending AS principal, b.credits_posted - b.debits_posted - b.debits_pending AS bonus
     FROM cards c JOIN ledger_accounts p ON p.id = c.principal_account_id JOIN ledger_accounts b ON b.id = c.bonus_account_id
     WHERE c.merchant_id = ?`,
    [merchantId],
  );
  const mismatched = [];
  let overCredited = 0;
  for (const c of cards) {
    const want = expected.get(c.id) ?? { principal: 0, bonus: 0, orders: 0 };
    if (n(c.principal) !== want.principal || n(c.bonus) !== want.bonus) mismatched.push({ card: c.id, principal: n(c.principal), bonus: n(c.bonus), want });
    if (n(c.principal) > want.principal || n(c.bonus) > want.bonus) overCredited++;
  }
  const doubleParts = { creditedTwice: n(creditedTwice.n), badTransfers, foreignOps, overCreditedCards: overCredited };
  return {
    doubleCredit: doubleParts.creditedTwice + badTransfers + foreignOps + overCredited,
    doubleParts,
    opsTopup: n(countTopup),
    notifiedOrders: n(notified.n),
    paid: paid.length,
    missing,
    outcomes,
    cardsChecked: cards.length,
    cardsMismatched: mismatched.length,
    firstMismatches: mismatched.slice(0, 3),
  };
}

/** µs per call of what parseNotification does with crypto, through the same library and arguments as the BFF. */
function cryptoCost(keys, sample) {
  const { Aes, Formatter, Rsa } = require('wechatpay-axios-plugin');
  const h = sample.headers;
  const message = Formatter.joinedByLineFeed(h['wechatpay-timestamp'], h['wechatpay-nonce'], sample.body);
  const { resource } = JSON.parse(sample.body);
  const time = (fn, rounds) => {
    for (let i = 0; i < 50; i++) fn();
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) fn();
    return Math.round(((performance.now() - t0) * 1000) / rounds);
  };
  const rsaVerifyUs = time(() => {
    if (!Rsa.verify(message, h['wechatpay-signature'], keys.platform.publicKeyPem)) throw new Error('sample signature does not verify');
  }, 1000);
  // the same check with the key parsed once (a KeyObject) instead of from PEM text on every call
  const publicKey = createPublicKey(keys.platform.publicKeyPem);
  const signature = Buffer.from(h['wechatpay-signature'], 'base64');
  const rsaVerifyKeyObjectUs = time(() => verify('RSA-SHA256', Buffer.from(message), publicKey, signature), 1000);
  const aesGcmUs = time(() => JSON.parse(Aes.AesGcm.decrypt(resource.ciphertext, keys.apiV3Key, resource.nonce, resource.associated_data)), 2000);
  return { rsaVerifyUs, rsaVerifyKeyObjectUs, aesGcmUs };
}

function printTable(rows) {
  const header = ['run', 'requests', 'seconds', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'SQL/req', 'CPU% bff', 'mariadbd', 'redis', 'bench', 'other', 'machine'];
  const cells = rows.map((r) => [
    r.label, r.sent, r.seconds, r.rps, r.p50, r.p99, r.max, r.non2xx, r.errors, r.sql?.Questions ?? '-',
    r.cpu?.bff ?? '-', r.cpu?.mariadbd ?? '-', r.cpu?.redis ?? '-', r.cpu?.autocannon ?? '-', r.cpu?.other ?? '-', r.cpu?.machine ?? '-',
  ]);
  console.log(formatTable(header, cells, '(notification runs: each order notified twice, shuffled; CPU % of one core, this box has 2 = 200 %; the yardstick row\'s "bff" is the yardstick)'));
}

await runBench(main);
