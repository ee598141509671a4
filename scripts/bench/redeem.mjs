#!/usr/bin/env node
// `npm run bench:redeem [-- --smoke]`: how many member-code redemptions per second the BFF takes over HTTP.
//
//   (a) full     POST /merchant/redemptions, the real path (hot merchant accounts rolled up in the background)
//   (b) trivial  GET /health/live on the same server: what Nest/express + the load generator cost alone
//   (c) naive    (a) again after a restart with LEDGER_HOT_ACCOUNTS_INLINE=true (hot rows updated in each request)
//   (d) 1 card   (a) with every code on one card (rows of one card serialise); skipped with BENCH_SINGLE_CARD=0
//   (e) coupons  (a) on the same BFF with a coupon on every tenth sale (the holder's own, ¥0.10 off), then (a) once
//                more: coupons_vs_full compares (e) with the faster of the two (a) runs around it (the first runs colder)
//   (y) yardstick  GET /yardstick on scripts/bench/yardstick/server.mjs, a minimal Nest + Express app never optimised:
//                  full_vs_yardstick compares across runs and machines (the trivial route moves with the BFF's framework)
//
// Sets up a merchant through the public API, mints member codes, drives autocannon, then proves no double spend and
// runs ledger-verify. Exit 1 only when correctness fails (double spend, ledger-verify, a stalled run), not for missed
// speed targets. What every bench shares (services, database, output, background jobs, knobs): lib/run.mjs.
// Knobs: BENCH_CONNECTIONS (32), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CARDS (200), BENCH_DB_POOL_SIZE
// (32); smoke: 1 s runs, 10 cards, 8 connections; BENCH_SINGLE_CARD=0, BENCH_NO_PRIME=1 (see prime()).
import { dbCounters, perRequest, verifySales } from './lib/checks.mjs';
import { daemonPids, ensureBuilt, info, recreateDatabase } from './lib/env.mjs';
import { codePool, fire, redemptionRequest } from './lib/load.mjs';
import { benchEnvironment, formatTable, profileWindow, runBench, running, runSandbox, SMOKE } from './lib/run.mjs';
import { describeChild, startBff, startSampler, stopChild } from './lib/procs.mjs';
import { AMOUNT_FEN, saleLoad, sellingMerchant } from './lib/sales.mjs';
import { measureYardstick, ratio } from './lib/yardstick.mjs';

const SINGLE_CARD = process.env.BENCH_SINGLE_CARD !== '0';
/** (e): one sale in this many carries a coupon. */
const COUPON_EVERY = 10;

let acknowledged = 0; // 2xx redemptions counted by the load generator, warm-ups included
let redemptionRuns = 0; // autocannon drops the answers still in flight when a run ends: ≤ CONNECTIONS per run

async function main() {
  const { CONNECTIONS, SECONDS, WARMUP, CARDS, POOL } = saleLoad({ connections: [32, 8], seconds: [10, 1], cards: [200, 10], pool: [32, 32] });
  if (SECONDS + WARMUP > 50) throw new Error('BENCH_SECONDS + BENCH_WARMUP_SECONDS must stay under 50: member codes live 60 s');
  const builtClean = ensureBuilt();
  const env = benchEnvironment({ pool: POOL, extra: { MEMBER_CODE_ISSUE_PER_MINUTE: '1000000' } });
  recreateDatabase(env);

  // bff/dist is loaded only now that it is built
  const fixtures = await import('./lib/fixtures.mjs');
  const { api, openDatabase, mintCodes } = fixtures;
  const db = (running.db = await openDatabase(env));
  await runSandbox(env);

  const bffFor = async (name, inline) => {
    await stopChild(running.bff?.child);
    running.bff = await startBff({ ...env, LEDGER_HOT_ACCOUNTS_INLINE: inline ? 'true' : 'false' }, name);
    describeChild(running.bff.child);
    return running.bff;
  };
  let bff = await bffFor('bff', false);

  const { m, credited } = await sellingMerchant(fixtures, db, bff.url, running.sandbox.url, CARDS);

  /**
   * One redemption alone on a fresh BFF. Its first redemption of a merchant opens/looks up the merchant's hot
   * accounts (PlatformAccounts) on a SECOND pool connection while its transaction holds one: DB_POOL_SIZE such
   * redemptions at once hang the BFF for good (see the report). BENCH_NO_PRIME=1 shows it.
   */
  const prime = async () => {
    if (bff.primed || process.env.BENCH_NO_PRIME === '1') return;
    const [code] = await mintCodes(db, m.cards, 1);
    const body = { code, amountFen: AMOUNT_FEN, storeId: m.storeId, merchantOrderNo: `BENCH-prime-${bff.pid}` };
    await api(bff.url)('POST', '/merchant/redemptions', { token: m.staffToken, body, expect: [201] });
    acknowledged += 1;
    bff.primed = true;
  };

  const couponState = { templates: [], held: new Map() };
  /** (e)'s sales with a coupon, one per COUPON_EVERY of `count` requests (and a connection's worth to spare). */
  const couponSales = async (cards, count) => codePool(await fixtures.mintCouponSales(db, bff.url, m, cards, Math.ceil(count / COUPON_EVERY) + CONNECTIONS, couponState));

  /** Warm-up, then mint enough codes for the measured run (from the warm-up's pace, ×3), then measure. */
  const redemptions = async (label, tag, cards, { coupons = false } = {}) => {
    await prime();
    const request = (pool, couponPool, suffix) =>
      redemptionRequest({ staffToken: m.staffToken, storeId: m.storeId, pool, amountFen: AMOUNT_FEN, tag: tag + suffix, coupons: couponPool, couponEvery: COUPON_EVERY });
    const warmCount = WARMUP * 4000 + 2 * CONNECTIONS;
    const warmPool = codePool(await mintCodes(db, cards, warmCount));
    const warmCoupons = coupons ? await couponSales(cards, warmCount) : null;
    const warm = await fire(bff.url, { connections: CONNECTIONS, seconds: WARMUP, request: request(warmPool, warmCoupons, 'w') });
    acknowledged += warm.ok;
    const need = Math.ceil(Math.max(warm.totalRps, 300) * SECONDS * 3) + 2 * CONNECTIONS; // warm-ups run slower
    info(`${label}: warm-up ${warm.rps} req/s (${warm.errors} errors); minting ${need} member codes…`);
    const pool = codePool(await mintCodes(db, cards, need));
    const couponPool = coupons ? await couponSales(cards, need) : null;
    const counters = await dbCounters(db.ds);
    const stop = startSampler(bff.pid, daemonPids());
    const window = profileWindow(label);
    const result = await fire(bff.url, { connections: CONNECTIONS, seconds: SECONDS, request: request(pool, couponPool, '') });
    window.end(result.ok);
    const sample = stop();
    acknowledged += result.ok;
    redemptionRuns += 2;
    const sql = perRequest(counters, await dbCounters(db.ds), result.ok);
    const exhausted = pool.exhausted + (couponPool?.exhausted ?? 0);
    info(`${label}: SQL statements per redemption ${JSON.stringify(sql)}${exhausted ? `; RAN OUT of codes ${exhausted}×` : ''}`);
    return report(label, { ...result, ...sample, sql, codesExhausted: exhausted });
  };
  const report = (label, r) => {
    info(`${label}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors ${JSON.stringify(r.statuses)}; CPU % ${JSON.stringify(r.cpu)}`);
    return { label, ...r };
  };

  const full = await redemptions('(a) full', 'A', m.cards);
  const withCoupons = await redemptions('(e) coupons', 'E', m.cards, { coupons: true });
  const fullAgain = await redemptions('(a) full again', 'F', m.cards);
  const fullBest = Math.max(full.rps, fullAgain.rps);
  info('(b) trivial: GET /health/live…');
  await fire(`${bff.url}/health/live`, { connections: CONNECTIONS, seconds: WARMUP });
  const stopTrivial = startSampler(bff.pid, daemonPids());
  const trivialRun = await fire(`${bff.url}/health/live`, { connections: CONNECTIONS, seconds: SECONDS });
  const trivial = report('(b) trivial', { ...trivialRun, ...stopTrivial() });
  const single = SINGLE_CARD ? await redemptions('(d) one card', 'D', m.cards.slice(0, 1)) : null;

  info('rolling up the hot accounts, then restarting the BFF with LEDGER_HOT_ACCOUNTS_INLINE=true…');
  await stopChild(bff.child);
  await db.rollup.runOnce();
  bff = await bffFor('bff-naive', true);
  const naive = await redemptions('(c) naive', 'C', m.cards);
  await stopChild(bff.child);
  info('(y) yardstick: the fixed minimal Nest + Express app, same connections and seconds…');
  const yardstick = await measureYardstick(env, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP });

  const { check, verify, doubleSpend } = await verifySales(db, env, { credited, acknowledged });
  const coupons = await couponChecks(db.ds);

  printTable([full, withCoupons, fullAgain, trivial, naive, single, yardstick].filter(Boolean));
  const summary = {
    full_rps: full.rps,
    full_p50_ms: full.p50,
    full_p99_ms: full.p99,
    yardstick_rps: yardstick.rps,
    full_vs_yardstick: ratio(full.rps, yardstick.rps),
    trivial_rps: trivial.rps,
    naive_rps: naive.rps,
    ratio_vs_naive: ratio(full.rps, naive.rps),
    ratio_vs_trivial: ratio(full.rps, trivial.rps),
    coupons_rps: withCoupons.rps,
    full_again_rps: fullAgain.rps,
    coupons_vs_full: ratio(withCoupons.rps, fullBest),
    coupons_p99_ms: withCoupons.p99,
    coupon_sales: coupons.sales,
    coupons_used_twice: coupons.usedTwice,
    double_spend: doubleSpend,
    bff_peak_rss_mb: full.hwmMb,
    naive_p50_ms: naive.p50,
    naive_p99_ms: naive.p99,
    trivial_p99_ms: trivial.p99,
    ...(single ? { one_card_rps: single.rps, one_card_p99_ms: single.p99 } : {}),
    errors: { full: full.errors, coupons: withCoupons.errors, full_again: fullAgain.errors, trivial: trivial.errors, naive: naive.errors, yardstick: yardstick.errors, ...(single ? { one_card: single.errors } : {}) },
    codes_exhausted: full.codesExhausted + withCoupons.codesExhausted + fullAgain.codesExhausted + naive.codesExhausted + (single?.codesExhausted ?? 0), // > 0: errors are ours
    cpu_pct_full: full.cpu,
    // what a sale costs the BFF whatever else loads the box (the rate swings with the box: compare runs by this, and
    // only those whose other load is small)
    bff_cpu_us_per_redemption: full.rps > 0 ? Math.round((full.cpu.bff * 10_000) / full.rps) : null,
    box_other_cpu_pct: full.cpu.other,
    cpu_pct_naive: naive.cpu,
    redemptions: check.redemptions,
    sql_per_redemption: full.sql.Questions,
    unacknowledged_redemptions: check.redemptions - acknowledged,
    ledger_verify_ok: verify.ok,
    connections: CONNECTIONS,
    db_pool_size: POOL,
    cards: CARDS,
    seconds: SECONDS,
    smoke: SMOKE,
    ...(builtClean ? {} : { build_errors: true }),
  };
  const unacked = summary.unacknowledged_redemptions;
  const targets = [
    ['full / naive ≥ 4', summary.ratio_vs_naive >= 4, summary.ratio_vs_naive],
    ['full / yardstick ≥ 0.5', summary.full_vs_yardstick >= 0.5, `${summary.full_vs_yardstick} (${full.rps} vs ${yardstick.rps} req/s)`],
    ['full p99 ≤ 50 ms', full.p99 <= 50, `${full.p99} ms`],
    ['coupons / full ≥ 0.85', summary.coupons_vs_full >= 0.85, `${summary.coupons_vs_full} (${withCoupons.rps} vs ${fullBest} req/s, a coupon on every ${COUPON_EVERY}th sale)`],
    ['every coupon used once', coupons.usedTwice === 0 && coupons.mismatched === 0, JSON.stringify(coupons)],
    ['no double spend', doubleSpend === 0, JSON.stringify({ ...check, firstMismatches: undefined })],
    ['ledger-verify', verify.ok, verify.ok ? 'ok' : JSON.stringify(verify.violations).slice(0, 400)],
    // a redemption committed while autocannon stopped waiting is fine; an acknowledged one missing from the db is not
    ['2xx answers ≈ redemptions', unacked >= 0 && unacked <= CONNECTIONS * redemptionRuns,
      `${check.redemptions} in db, ${acknowledged} 2xx counted (≤ ${CONNECTIONS * redemptionRuns} may be in flight at the runs' ends)`],
  ];
  const stalled = [full, withCoupons, fullAgain, trivial, naive, single, yardstick].filter((r) => r && r.ok === 0).map((r) => r.label);
  targets.push(['no scenario stalled (0 answers)', stalled.length === 0, stalled.join(', ') || 'ok']);
  for (const [name, ok, value] of targets) console.log(`  ${ok ? 'PASS' : 'MISS'}  ${name.padEnd(30)} ${value}`);
  if (check.firstMismatches.length) console.log(`  first mismatched cards: ${JSON.stringify(check.firstMismatches)}`);
  console.log(`  peak BFF RSS ${full.hwmMb} MB (VmHWM; max sampled VmRSS during (a) ${full.maxRssMb} MB)\n`);
  console.log(JSON.stringify(summary));
  return doubleSpend === 0 && coupons.usedTwice === 0 && coupons.mismatched === 0 && verify.ok && unacked >= 0 && stalled.length === 0 ? 0 : 1;
}

/** (e)'s coupons: each used by at most one sale, and a coupon is USED exactly when a sale records it. */
async function couponChecks(ds) {
  const [sales] = await ds.query('SELECT COUNT(*) AS n FROM coupon_redemptions');
  const [twice] = await ds.query('SELECT COUNT(*) AS n FROM (SELECT coupon_id FROM coupon_redemptions GROUP BY coupon_id HAVING COUNT(*) > 1) d');
  const [mismatched] = await ds.query(
    `SELECT COUNT(*) AS n FROM coupons c LEFT JOIN coupon_redemptions r ON r.coupon_id = c.id
     WHERE (c.status = 'USED') <> (r.redemption_id IS NOT NULL) OR (r.redemption_id IS NOT NULL AND c.redemption_id <> r.redemption_id)`,
  );
  return { sales: Number(sales.n), usedTwice: Number(twice.n), mismatched: Number(mismatched.n) };
}

function printTable(rows) {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'SQL/req', 'CPU% bff', 'mariadbd', 'redis', 'autocannon', 'other', 'machine'];
  const cells = rows.map((r) => [
    r.label, r.rps, r.p50, r.p99, r.max, r.errors, r.sql?.Questions ?? '-',
    r.cpu.bff, r.cpu.mariadbd ?? '-', r.cpu.redis ?? '-', r.cpu.autocannon, r.cpu.other, r.cpu.machine,
  ]);
  console.log(formatTable(header, cells, '(CPU % of one core, this box has 2 = 200 %; other = the rest of the box: noise; the yardstick row\'s "CPU% bff" is the yardstick)'));
}

await runBench(main);
