#!/usr/bin/env node
// `npm run bench:settle [-- --smoke]`: reconciliation and T+1 settlement of a day with a million redemptions.
//
// Starts MariaDB + Redis (scripts/services.sh) and a fresh database jucard_bench_settle, then seeds yesterday
// (Asia/Shanghai) straight into it (lib/day-seed.mjs: 1,000 approved merchants, one paid top-up per card over the
// three channels, 1,000,000 redemptions and ~1% reversals, written as the BFF writes them) and lets the ledger
// rollup apply the hot sides, as it would have during the day. Then the channel sandbox (told about the same
// payments through POST /__control/orders/import, plus a few injected bill differences) and the BFF with every
// background job that could act on its own switched off. As an operator over HTTP it times:
//   reconcile_s  POST /operator/reconciliation/runs (synchronous: three bills matched, differences filed, a missed
//                notification repaired by a channel query, the custody sweep, then ledger:verify of the whole ledger)
//   settle_s     POST /operator/settlement/runs (202, with an override reason: the injected differences stay
//                open) until the run is COMPLETED, payouts through the sandbox custody bank included
// and proves the outcome: each merchant's statement = its seeded principal redeemed − reversed (fee at its rate),
// every redemption/reversal transfer settled exactly once, one successful payout per statement at the bank,
// payables back to zero, the reconciliation's differences exactly the injected ones, and ledger-verify.
// Exit 1 only when correctness fails, not for the 60 s targets. What every bench shares: lib/run.mjs.
// Knobs: BENCH_ITEMS (1,000,000 redemptions), BENCH_MERCHANTS (1,000), BENCH_REDEMPTIONS_PER_CARD (20),
// BENCH_REVERSAL_PCT (1), BENCH_DB_POOL_SIZE (16), BENCH_SEED_BATCH (2000 rows per INSERT); smoke: 10,000
// redemptions, 20 merchants.
import path from 'node:path';
import { BENCH_DIR, daemonPids, dist, ensureBuilt, info, ledgerVerify, recreateDatabase, shared, sleep } from './lib/env.mjs';
import { benchEnvironment, knob, runBench, running, runSandbox, SMOKE } from './lib/run.mjs';
import { describeChild, startBff, startSampler, stopChild } from './lib/procs.mjs';

const ITEMS = knob('BENCH_ITEMS', 1_000_000, 10_000);
const MERCHANTS = knob('BENCH_MERCHANTS', 1_000, 20);
const PER_CARD = knob('BENCH_REDEMPTIONS_PER_CARD', 20, 20);
const REVERSAL_PCT = knob('BENCH_REVERSAL_PCT', 1, 1);
const POOL = knob('BENCH_DB_POOL_SIZE', 16, 16);
const SEED_BATCH = knob('BENCH_SEED_BATCH', 2000, 2000);
const TARGET_S = 60;
const IMPORT_BATCH = 2500; // ≈ 600 KB of JSON: under the sandbox's 1 MiB body limit
const SANDBOX_DIR = path.join(BENCH_DIR, 'sandbox');

const seconds = (ms) => Math.round(ms / 100) / 10;

async function main() {
  info(`mode ${SMOKE ? 'SMOKE' : 'full'}: ${ITEMS} redemptions over ${MERCHANTS} merchants (~${PER_CARD} per card, ${REVERSAL_PCT}% reversed), DB_POOL_SIZE ${POOL}`);
  const builtClean = ensureBuilt();
  const env = benchEnvironment({
    pool: POOL,
    db: 'jucard_bench_settle',
    redisDb: 10,
    extra: {
      // JOBS_OFF: the bench triggers reconciliation and settlement itself, payouts come only from the settlement run
      // being timed, and the missed notifications are the reconciliation's to find (no poller)
      SANDBOX_DATA_DIR: SANDBOX_DIR,
      PAYMENT_CREDENTIALS_FILE: path.join(SANDBOX_DIR, 'merchant-credentials.json'),
    },
  });
  recreateDatabase(env);

  // bff/dist is loaded only now that it is built
  const { api, insertOperator, openDatabase, operatorToken } = await import('./lib/fixtures.mjs');
  const { seedDay } = await import('./lib/day-seed.mjs');
  const { checkReconciliation, checkSettlement } = await import('./lib/settle-checks.mjs');
  const { businessDayOf, previousBusinessDay } = shared();
  const { loadConfig } = dist('config/app-config.js');
  const db = (running.db = await openDatabase(env));
  const day = previousBusinessDay(businessDayOf(new Date()));
  const operator = await insertOperator(db);
  const phases = [];
  const timed = async (label, note, work) => {
    const t0 = performance.now();
    const result = await work();
    phases.push({ label, seconds: seconds(performance.now() - t0), note: typeof note === 'function' ? note(result) : note });
    return result;
  };

  info(`seeding business day ${day} into ${new URL(env.DATABASE_URL).pathname.slice(1)}…`);
  const seed = await timed('seed (bulk INSERT)', (s) => `${s.check.redemptions} redemptions, ${s.check.reversals} reversals, ${s.check.topups} top-ups, ${s.check.operations} ledger operations`, () =>
    seedDay(env, { day, items: ITEMS, merchants: MERCHANTS, perCard: PER_CARD, reversalPct: REVERSAL_PCT, operatorId: operator.id, batch: SEED_BATCH }),
  );
  info(`seeded and checked: ${JSON.stringify(seed.written)}`);
  info('ledger rollup of the seeded hot sides (the BFF applies them every 500 ms during a real day)…');
  const rolled = await timed('ledger rollup', (sides) => `${sides} hot transfer sides applied`, () => db.rollup.runOnce());
  info(`rollup applied ${rolled} transfer sides`);

  await runSandbox(env, 'settle-sandbox');
  const sandbox = api(running.sandbox.url);
  const toImport = [...seed.topups, ...seed.unnotified];
  await timed('sandbox import', `${toImport.length} paid orders`, async () => {
    for (let i = 0; i < toImport.length; i += IMPORT_BATCH) await sandbox('POST', '/__control/orders/import', { body: toImport.slice(i, i + IMPORT_BATCH) });
  });
  const injected = await injectDifferences(sandbox, day, seed.topups);
  info(`sandbox knows ${toImport.length} paid orders; ${injected.length} bill differences injected`);

  running.bff = await startBff(env, 'settle-bff');
  const bff = running.bff;
  describeChild(bff.child);
  const call = api(bff.url);
  const token = await operatorToken(bff.url, operator);

  info(`reconciling ${day} (three channels, then ledger:verify)…`);
  let sample = startSampler(bff.pid, daemonPids());
  // a refused reconciliation is a finding, not the end: settlement runs anyway (it has an override reason)
  let reconcileError = null;
  const recon = await timed('reconcile', (v) => (v ? `${v.runs.map((r) => `${r.channel} ${r.billLines} lines`).join(', ')}; ${v.openDifferences} open` : `FAILED: ${reconcileError.slice(0, 160)}`), () =>
    call('POST', '/operator/reconciliation/runs', { token, body: { businessDate: day }, expect: [200] }).catch((error) => ((reconcileError = error.message), null)),
  );
  const reconCost = sample();
  const reconcileS = phases.at(-1).seconds;
  if (recon) info(`reconciled in ${reconcileS} s: ${JSON.stringify(recon.runs.map((r) => ({ channel: r.channel, lines: r.billLines, matched: r.matched, differences: r.differences })))}`);
  else info(`reconciliation FAILED after ${reconcileS} s: ${reconcileError}`);

  info(`settling ${day}…`);
  sample = startSampler(bff.pid, daemonPids());
  const run = await timed('settle', (r) => `${r.statements} statements, net ¥${r.grossFen / 100}, fee ¥${r.feeFen / 100}, payouts ¥${r.payoutFen / 100}`, async () => {
    const started = await call('POST', '/operator/settlement/runs', { token, body: { businessDate: day, overrideReason: '压测：注入的对账差异留待人工处理' }, expect: [202] });
    for (let last = '';;) {
      await sleep(200);
      const r = await call('GET', `/operator/settlement/runs/${started.id}`, { token });
      const progress = `${r.status} ${r.merchantsDone}/${r.merchantsTotal} merchants`;
      if (progress !== last) info(`settlement run ${r.id}: ${(last = progress)}`);
      if (r.status !== 'RUNNING') return r;
    }
  });
  const settleCost = sample();
  const settleS = phases.at(-1).seconds;
  if (run.status !== 'COMPLETED') throw new Error(`settlement run ${run.id} ended ${run.status}: ${run.error}`);

  info('checking statements, settled transfers, payouts and the reconciliation…');
  const payouts = await sandbox('GET', '/__control/payouts');
  const differences = (await call('GET', `/operator/reconciliation/differences?date=${day}&limit=100`, { token })).items;
  const reconView = (await call('GET', `/operator/day-close/${day}`, { token })).reconciliation;
  await stopChild(bff.child);
  const defaultFeeRateBps = loadConfig(env).DEFAULT_FEE_RATE_BPS;
  const settled = await checkSettlement(db.ds, { runId: run.id, seeded: seed.merchants, defaultFeeRateBps, payouts });
  const reconciled = checkReconciliation(reconView, differences, {
    injected,
    repairable: seed.unnotified,
    matchable: seed.topups.length - injected.filter((d) => d.outTradeNo).length,
  });
  if (reconcileError) reconciled.problems.unshift(`POST /operator/reconciliation/runs failed: ${reconcileError.slice(0, 300)}`);
  await db.rollup.runOnce();
  const verify = await timed('ledger-verify (CLI)', (v) => (v.ok ? `all invariants hold, ${v.counts?.transfers} transfers` : 'VIOLATED'), async () => ledgerVerify(env));

  printTable(phases);
  const targets = [
    [`reconcile ≤ ${TARGET_S} s`, !reconcileError && reconcileS <= TARGET_S, reconcileError ? `FAILED after ${reconcileS} s` : `${reconcileS} s`],
    [`settle ≤ ${TARGET_S} s`, settleS <= TARGET_S, `${settleS} s (run's own clock ${seconds(Date.parse(run.finishedAt) - Date.parse(run.startedAt))} s)`],
    ['statements = seeded net per merchant', settled.problems.length === 0, settled.problems.join('; ') || `${settled.statements} statements, Σ net ¥${settled.netFen / 100} = seeded ¥${settled.expectedNetFen / 100}, ${settled.settledLines} lines settled once, ${settled.payouts} payouts`],
    ['reconciliation = injected differences', reconciled.problems.length === 0, reconciled.problems.join('; ') || `${reconciled.billLines} bill lines, ${reconciled.matched} matched, ${reconciled.open} open (injected), ${reconciled.repaired} repaired by query`],
    ['ledger-verify', verify.ok, verify.ok ? 'ok' : JSON.stringify(verify.violations).slice(0, 400)],
  ];
  for (const [name, ok, value] of targets) console.log(`  ${ok ? 'PASS' : 'MISS'}  ${name.padEnd(38)} ${value}`);
  const cost = (label, c) => `${label}: BFF CPU ${c.cpu.bff}%, mariadbd ${c.cpu.mariadbd ?? '-'}%, machine ${c.cpu.machine}% (of 200), BFF peak RSS ${c.maxRssMb} MB`;
  console.log(`  ${cost('reconcile', reconCost)}\n  ${cost('settle', settleCost)}${builtClean ? '' : '\n  WARNING: tsc -b reported errors'}\n`);

  const correct = settled.problems.length === 0 && reconciled.problems.length === 0 && verify.ok;
  console.log(JSON.stringify({
    items: seed.check.redemptions,
    settle_s: settleS,
    reconcile_s: reconcileS,
    ledger_verify: verify.ok ? 'ok' : 'FAILED',
    ...(reconcileError ? { reconcile_error: reconcileError.slice(0, 200) } : {}),
    merchants: MERCHANTS,
    statements: settled.statements,
    payouts: settled.payouts,
    reversals: seed.check.reversals,
    topups: seed.check.topups,
    seed_s: phases[0].seconds,
    rollup_s: phases[1].seconds,
    bff_peak_rss_mb: Math.max(reconCost.hwmMb, settleCost.hwmMb),
    correct,
    smoke: SMOKE,
  }));
  return correct ? 0 : 1;
}

/**
 * A handful of differences in the bills: payments the channel leaves out (PLATFORM_ONLY), lists with another amount
 * (AMOUNT_MISMATCH), or has alone (CHANNEL_ONLY). No amount difference on Alipay: the sandbox changes that line's
 * 商家实收 while the BFF matches on 订单金额, so it would not show. Returns { channel (BFF name), kind, outTradeNo? }.
 */
async function injectDifferences(sandbox, day, topups) {
  const plan = [
    ['wechatpay', 'missing'], ['wechatpay', 'amount'], ['wechatpay', 'extra'],
    ['alipay', 'missing'], ['alipay', 'extra'], ['unionpay', 'amount'],
  ];
  const kind = { missing: 'PLATFORM_ONLY', amount: 'AMOUNT_MISMATCH', extra: 'CHANNEL_ONLY' };
  const used = new Set();
  const injected = [];
  for (const [channel, type] of plan) {
    const body = { date: day, type, kind: 'PAY' };
    let outTradeNo = null;
    if (type === 'extra') body.amountFen = 8_888;
    else {
      const payment = topups.find((t) => t.channel === channel && !used.has(t.outTradeNo));
      if (!payment) throw new Error(`no ${channel} payment to put a difference on`);
      used.add((outTradeNo = payment.outTradeNo));
      body.outTradeNo = outTradeNo;
      if (type === 'amount') body.amountFen = payment.amountFen + 1;
    }
    await sandbox('POST', `/__control/bills/${channel}/adjustments`, { body });
    injected.push({ channel: channel.toUpperCase(), kind: kind[type], outTradeNo });
  }
  return injected;
}

function printTable(phases) {
  const rows = [['phase', 'seconds', ''], ...phases.map((p) => [p.label, p.seconds.toFixed(1), p.note])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(['', ...rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2]}`), ''].join('\n'));
}

await runBench(main);
