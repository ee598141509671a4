// @ts-check
// What every benchmark script shares: the processes it started (stopped on exit or Ctrl+C), the BFF environment
// pointed at the bench database, and a small concurrency helper. No bff/dist imports: safe before the build.
//
// Every bench (redeem, notify, webhooks, settle) builds (tsc -b), starts MariaDB + Redis if they are not running
// (scripts/services.sh; SVC_DIR / DB_PORT / REDIS_PORT as there), re-creates its own database jucard_bench… and Redis
// db, starts the channel sandbox and the BFF, and prints progress on stderr; stdout gets a table, the verdicts and
// LAST one JSON line. The BFF runs with only the background jobs the bench measures (JOBS_OFF below). Common knobs:
// BENCH_SMOKE=1 (= --smoke: a short run that proves the script works), BENCH_LOG_LEVEL (warn), BENCH_BFF_NODE_ARGS
// (e.g. --cpu-prof, read with profile-summary.mjs).
import { randomBytes } from 'node:crypto';
import { BENCH_DB, BENCH_REDIS_DB, info, startServices, stopServices } from './env.mjs';
import { describeChild, startSandbox, stopChild } from './procs.mjs';

/** What this run started; cleanUp() stops exactly these. */
/** `--smoke` (or BENCH_SMOKE=1): a short run that proves the script works end to end; CI runs this. */
export const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';

/** A numeric setting: the environment variable, else the full or smoke default. */
export const knob = (name, full, smoke) => Number(process.env[name] || (SMOKE ? smoke : full));

export const running = { bff: null, sandbox: null, yardstick: null, services: null, db: null };

export async function cleanUp() {
  await stopChild(running.bff?.child);
  await stopChild(running.sandbox?.child);
  await stopChild(running.yardstick?.child);
  await running.db?.ds.destroy().catch(() => undefined);
  if (running.services) await stopServices(running.services);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

/** The channel sandbox of this run (stopped by cleanUp); the BFF started after it is pointed at it through env. */
export async function runSandbox(env, name = 'sandbox') {
  running.sandbox = await startSandbox(env, name);
  env.CHANNEL_SANDBOX_URL = running.sandbox.url;
  describeChild(running.sandbox.child);
  return running.sandbox;
}

/**
 * Background jobs no bench measures, switched off so that a figure compares with earlier runs (a new job, such as the
 * receipts sent for every sale, would otherwise load the same two cores as the scenario). The ledger rollup stays on:
 * it is part of the sale's design. A bench that measures one of these turns it back on through `extra`.
 */
export const JOBS_OFF = {
  DAY_CLOSE_INTERVAL_MS: '0',
  PAYOUT_INTERVAL_MS: '0',
  PAYMENT_POLL_INTERVAL_MS: '0',
  WEBHOOK_DELIVERY_INTERVAL_MS: '0',
  RECEIPT_DELIVERY_INTERVAL_MS: '0',
};

/**
 * Starts MariaDB + Redis if needed and returns the BFF's environment on the bench database and Redis db, with the
 * settings every benchmark uses; `extra` adds or overrides per script. A script with data of its own names its
 * database (`db`, jucard_bench…) and Redis db, so it never wipes another benchmark's.
 */
export function benchEnvironment({ pool, extra = {}, db = BENCH_DB, redisDb = BENCH_REDIS_DB }) {
  const services = startServices((running.services = {}));
  const dbUrl = new URL(services.DATABASE_URL);
  dbUrl.pathname = `/${db}`;
  const redisUrl = new URL(services.REDIS_URL);
  redisUrl.pathname = `/${redisDb}`;
  return {
    ...process.env,
    NODE_ENV: 'test', // not production: the benches insert an operator and credit cards directly
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl.toString(),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    MEMBER_CODE_KEYS: '1:jucard-bench-member-code-key-not-a-real-secret',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    DB_POOL_SIZE: String(pool),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
    LOG_FORMAT: 'json',
    LEDGER_ROLLUP_INTERVAL_MS: '500',
    LEDGER_HOT_ACCOUNTS_INLINE: 'false',
    SANDBOX_STATE: 'memory', // each run starts the channels from nothing, as it starts the database
    ...JOBS_OFF,
    ...extra,
  };
}

/** Runs fn over items with `width` in flight. */
export async function eachLimit(items, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/**
 * Runs a benchmark's main and exits with its code. A crash still ends with one JSON line (the contract of every
 * bench) and stops what the run started.
 * @param {() => Promise<number>} main
 */
export async function runBench(main) {
  let code = 1;
  try {
    code = await main();
  } catch (error) {
    const e = /** @type {Error} */ (error);
    info(`FAILED: ${e.stack ?? e}`);
    console.log(JSON.stringify({ error: String(e.message ?? e).slice(0, 500) }));
  } finally {
    await cleanUp();
  }
  process.exit(code);
}

/**
 * A results table as printed on stdout: the first column left-aligned, the figures right-aligned, a note under it.
 * @param {string[]} header
 * @param {unknown[][]} cells
 * @param {string} note
 */
export function formatTable(header, cells, note) {
  const all = [header, ...cells].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]?.length ?? 0)));
  /** @param {string[]} row */
  const line = (row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return ['', ...all.map(line), note, ''].join('\n');
}

/**
 * With BENCH_BFF_NODE_ARGS=--cpu-prof: the monotonic clock (µs, the clock V8's profiles count in) at the start and
 * end of a measured run, logged so that `node scripts/bench/profile-summary.mjs <profile> --window A,B --requests N`
 * reads only that run's samples. Without profiling it logs nothing.
 */
export function profileWindow(label) {
  const profiling = /--cpu-prof/.test(process.env.BENCH_BFF_NODE_ARGS ?? '');
  const start = process.hrtime.bigint() / 1000n;
  return {
    end(requests) {
      if (!profiling) return;
      const end = process.hrtime.bigint() / 1000n;
      info(`${label}: profile window --window ${start},${end} --requests ${requests}`);
    },
  };
}
