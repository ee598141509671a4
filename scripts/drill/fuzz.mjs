#!/usr/bin/env node
// `npm run drill:fuzz [-- --smoke] [-- --requests N --seed S --seconds T]`: a fuzz pass over every route of
// /docs-json, anonymous, as each role and with tokens that must be refused, with odd ids, queries and bodies.
//
// Starts MariaDB + Redis (scripts/services.sh), a fresh database jucard_bench_fuzz, the channel sandbox and the BFF
// (all on loopback); sets up the actors through the public API (lib/actors.mjs), snapshots the money tables and
// runs ledger-verify; sends the requests (deterministic for a seed, bounded by count and time); checks each answer:
// status < 500, `x-request-id` on every response, the error envelope {statusCode, code, message, messageZh,
// requestId} on every error; then the money tables again (unchanged: the fuzz sends no request it could
// legitimately win) and ledger-verify. Progress on stderr; LAST on stdout one JSON line. Exit 1 on any violation.
// Knobs: --requests (DRILL_REQUESTS, 12000; smoke 1000), --seed (DRILL_SEED, random), --seconds (DRILL_SECONDS,
// 300; smoke 60): the time limit of the sending phase, --concurrency (DRILL_CONCURRENCY, 8).
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, ensureBuilt, info, ledgerVerify, recreateDatabase } from '../bench/lib/env.mjs';
import { benchEnvironment, eachLimit, runBench, running, runSandbox, SMOKE } from '../bench/lib/run.mjs';
import { startBff } from '../bench/lib/procs.mjs';
import { buildCase, identities, MONEY_ROUTES, routesOf } from './lib/cases.mjs';
import { moneyDiff, moneySnapshot } from './lib/money.mjs';
import { seeded } from './lib/random.mjs';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const num = (name, env, full, smoke) => Number(arg(name) ?? process.env[env] ?? (SMOKE ? smoke : full));
const REQUESTS = num('requests', 'DRILL_REQUESTS', 12_000, 1_000);
const SECONDS = num('seconds', 'DRILL_SECONDS', 300, 60);
const CONCURRENCY = num('concurrency', 'DRILL_CONCURRENCY', 8, 8);
const SEED = num('seed', 'DRILL_SEED', randomInt(1, 2 ** 31), randomInt(1, 2 ** 31));
const ENVELOPE = { statusCode: 'number', code: 'string', message: 'string', messageZh: 'string', requestId: 'string' };

/** What is wrong with one answer (empty: nothing). */
function check(res, text, route) {
  const problems = [];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  if (!res.headers.get('x-request-id')) problems.push('no x-request-id header');
  // a channel notification is answered in the channel's own format, not in ours
  if (res.status >= 400 && route !== 'POST /payments/notify/{channel}') {
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (!body || typeof body !== 'object') problems.push('error body is not JSON');
    else {
      for (const [key, type] of Object.entries(ENVELOPE)) if (typeof body[key] !== type) problems.push(`envelope without ${key}`);
      if (typeof body.statusCode === 'number' && body.statusCode !== res.status) problems.push(`envelope statusCode ${body.statusCode}`);
    }
  }
  return problems;
}

async function main() {
  info(`mode ${SMOKE ? 'SMOKE' : 'full'}: ${REQUESTS} requests, ≤ ${SECONDS} s, ${CONCURRENCY} in flight, seed ${SEED}`);
  const builtClean = ensureBuilt();
  const env = benchEnvironment({
    pool: 16,
    db: 'jucard_bench_fuzz',
    redisDb: 11,
    // no background money work while the tables are compared; the limits stay as configured (429 is an answer too)
    extra: { DAY_CLOSE_INTERVAL_MS: '0', PAYOUT_INTERVAL_MS: '0', LEDGER_ROLLUP_INTERVAL_MS: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'error' },
  });
  recreateDatabase(env);
  const { openDatabase } = await import('../bench/lib/fixtures.mjs');
  const { setUpActors } = await import('./lib/actors.mjs');
  const db = (running.db = await openDatabase(env));
  await runSandbox(env, 'fuzz-sandbox');
  running.bff = await startBff(env, 'fuzz-bff');
  const base = running.bff.url;

  info('setting up actors through the API…');
  const actors = await setUpActors(db, base, running.sandbox.url);
  const doc = await (await fetch(`${base}/docs-json`)).json();
  const routes = routesOf(doc);
  const who = identities(actors, env.JWT_SECRET);
  info(`${routes.length} routes (${Object.keys(doc.paths).length} paths in /docs-json + channel notifications), ${who.length} identities`);

  await db.rollup.runOnce(); // hot accounts settled before the snapshot, so only the fuzz can move them
  const before = await moneySnapshot(db.ds);
  const verifyBefore = ledgerVerify(env);

  const rng = seeded(SEED);
  const cases = Array.from({ length: REQUESTS }, (_, i) => buildCase(i, { doc, routes, ids: actors.foreign, who, pos: actors.pos, rng }));
  const byClass = {};
  const byRoute = new Map(routes.map((r) => [`${r.method} ${r.path}`, { sent: 0, pastAuth: 0, ok: 0 }]));
  const violations = [];
  const moneyWins = [];
  let sent = 0;
  let timedOut = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const t0 = performance.now();
  await eachLimit(cases, CONCURRENCY, async (c) => {
    if (Date.now() > deadline) return;
    let res;
    let text;
    try {
      res = await fetch(`${base}${c.path}`, { method: c.method, headers: c.headers, body: c.body, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
      text = await res.text();
    } catch (error) {
      if (error?.name === 'TimeoutError') timedOut++;
      violations.push({ route: c.route, identity: c.identity, method: c.method, path: c.path.slice(0, 200), status: 'no answer', body: String(error?.cause?.code ?? error?.message).slice(0, 200) });
      return;
    }
    sent++;
    const klass = `${Math.floor(res.status / 100)}xx`;
    byClass[klass] = (byClass[klass] ?? 0) + 1;
    const stats = byRoute.get(c.route);
    stats.sent++;
    // past parsing and the guards: Nest runs guards before the validation pipe, so a 422 counts
    if (![400, 401, 403, 413, 415, 429].includes(res.status)) stats.pastAuth++;
    if (res.status < 300) stats.ok++;
    // Alipay refuses with HTTP 200 and the body `fail`: only an acknowledgement counts as a win
    const won = res.status < 300 && (c.route !== 'POST /payments/notify/{channel}' || /^(success|ok)?$/.test(text));
    if (won && MONEY_ROUTES.includes(c.route)) moneyWins.push({ route: c.route, identity: c.identity, path: c.path.slice(0, 200), body: String(c.body).slice(0, 200) });
    const problems = check(res, text, c.route);
    if (problems.length) violations.push({ route: c.route, identity: c.identity, method: c.method, path: c.path.slice(0, 200), status: res.status, problems, body: text.slice(0, 300), sent: String(c.body ?? '').slice(0, 120) });
    if (sent % 1000 === 0) info(`${sent} sent, ${violations.length} violations`);
  });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  const violationsFile = path.join(BENCH_DIR, 'fuzz-violations.jsonl');
  fs.writeFileSync(violationsFile, violations.map((v) => JSON.stringify(v)).join('\n'));
  if (violations.length) info(`all ${violations.length} violations: ${violationsFile}`);

  await db.rollup.runOnce();
  const after = await moneySnapshot(db.ds);
  const verifyAfter = ledgerVerify(env);
  const changed = moneyDiff(before, after);
  const bffAlive = running.bff.child.exitCode === null && running.bff.child.signalCode === null;
  const routeStats = [...byRoute.entries()];
  const summary = {
    requests: sent,
    planned: REQUESTS,
    by_status_class: byClass,
    violations: violations.length,
    first_violations: violations.slice(0, 5),
    violations_by_route: countBy(violations, (v) => `${v.route} ${v.status}`),
    routes_covered: routeStats.filter(([, s]) => s.sent > 0).length,
    routes_total: routes.length,
    routes_reached: routeStats.filter(([, s]) => s.pastAuth > 0).length,
    routes_with_2xx: routeStats.filter(([, s]) => s.ok > 0).length,
    identities: who.length,
    money_changed: changed,
    money_route_2xx: moneyWins.length,
    first_money_route_2xx: moneyWins.slice(0, 3),
    ledger_verify_ok: Boolean(verifyBefore.ok && verifyAfter.ok),
    ledger_verify_before_ok: Boolean(verifyBefore.ok),
    timed_out: timedOut,
    time_limit_hit: sent < REQUESTS,
    bff_alive: bffAlive,
    seed: SEED,
    seconds,
    smoke: SMOKE,
    ...(builtClean ? {} : { build_errors: true }),
  };
  if (!verifyAfter.ok) info(`ledger-verify: ${JSON.stringify(verifyAfter.violations).slice(0, 600)}`);
  console.log(JSON.stringify(summary));
  // a 2xx on a money route is listed, not failed: an operator may settle an empty past day; the tables are the truth
  const clean = violations.length === 0 && Object.keys(changed).length === 0 && summary.ledger_verify_ok && bffAlive;
  return clean && (SMOKE || sent >= 10_000 || REQUESTS < 10_000) ? 0 : 1;
}

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

await runBench(main);
