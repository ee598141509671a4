#!/usr/bin/env node
// @ts-check
// JuCard bootstrap: the one entry point behind `npm start`, `npm test`, `npm run check`, `npm run typecheck`,
// `npm run migrate|seed|ledger:verify`. Node built-ins only, because it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const T0 = performance.now();
const STAMP = path.join(ROOT, 'node_modules', '.jucard-install-stamp');
const LOCK = path.join(ROOT, 'package-lock.json');

// Progress chatter goes to stderr so stdout carries only results (banner, test summary, CLI output).
const info = (msg) => console.error(`[jucard] ${msg}`);
const elapsed = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const die = (msg, code = 1) => (info(msg), process.exit(code || 1));

/** Runs a command synchronously from the repo root with inherited stdio; returns its exit code. */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.error) die(`could not run ${cmd}: ${r.error.message}`);
  return r.status ?? 1; // killed by a signal counts as failure
}

// ── dependencies and build ───────────────────────────────────────────────────

function ensureInstalled() {
  const nodeModules = path.join(ROOT, 'node_modules');
  const lockHash = () => (fs.existsSync(LOCK) ? sha256(LOCK) : null);
  if (fs.existsSync(nodeModules)) {
    const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : null;
    if (stamp && stamp === lockHash()) return;
    // npm itself installed from this lock after it was written (its hidden lockfile is not older), e.g. another
    // engineer's `npm install`: adopt that install instead of wiping node_modules with a needless `npm ci`.
    const hidden = path.join(nodeModules, '.package-lock.json');
    if (fs.existsSync(LOCK) && fs.existsSync(hidden) && fs.statSync(hidden).mtimeMs >= fs.statSync(LOCK).mtimeMs - 1000) {
      fs.writeFileSync(STAMP, lockHash() + '\n');
      return;
    }
  }
  const verb = fs.existsSync(LOCK) ? 'ci' : 'install'; // ci = exactly the locked versions
  info(`installing dependencies (npm ${verb}; first run or package-lock.json changed)…`);
  const t = performance.now();
  // under the lock every `flock /tmp/npm.lock npm install` takes: an install and a parallel `npm ci` wreck each other
  const npmArgs = [verb, '--no-audit', '--no-fund'];
  const hasFlock = !spawnSync('flock', ['--version'], { stdio: 'ignore' }).error;
  const code = hasFlock ? run('flock', [path.join(os.tmpdir(), 'npm.lock'), 'npm', ...npmArgs]) : run('npm', npmArgs);
  if (code !== 0) die(`npm ${verb} failed (exit ${code})`, code);
  info(`dependencies installed in ${elapsed(t)}`);
  fs.writeFileSync(STAMP, lockHash() + '\n'); // `npm install` may just have created the lock
}

function ensureBuilt() {
  info('building…');
  const t = performance.now();
  const code = run('npx', ['tsc', '-b']); // incremental; silent on success
  if (code !== 0) die(`build failed (tsc exit ${code}); fix the errors above`, code);
  info(`built in ${elapsed(t)}`);
}

// ── lint and type checks ────────────────────────────────────────────────────

// What `tsc -b` leaves out: specs and tests, the mini-program, the scripts that opt in with // @ts-check.
const TYPE_CHECKS = [
  'bff/test/tsconfig.json',
  'shared/tsconfig.spec.json',
  'miniapp/tsconfig.json',
  'miniapp/test/tsconfig.json',
  'miniapp/test/tsconfig.browser.json',
  'scripts/tsconfig.json',
];

/** Runs a command from the repo root with its output held back (so parallel steps print whole); resolves its exit code. */
function runQuiet(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (err) => resolve({ code: 1, output: `could not run ${cmd}: ${err.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * ESLint and the type checks, each a row of the `lint+types` tier. ESLint runs beside the type checks
 * (two lanes for two cores); every step runs even after one fails, so one run reports everything.
 */
async function staticChecks({ lint: withLint = true } = {}) {
  const t = performance.now();
  const bin = (file) => path.join(ROOT, 'node_modules', file);
  const step = async (name, args) => {
    const s = performance.now();
    const { code, output } = await runQuiet(process.execPath, args);
    process.stdout.write(output);
    info(`${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${elapsed(s)}`);
    return code === 0;
  };
  const lint = withLint ? step('eslint', [bin('eslint/bin/eslint.js'), '.']) : null;
  const types = (async () => {
    const ok = [];
    for (const project of TYPE_CHECKS) ok.push(await step(`tsc -p ${project}`, [bin('typescript/bin/tsc'), '--noEmit', '-p', project]));
    return ok;
  })();
  const results = [...(lint === null ? [] : [await lint]), ...(await types)];
  const failed = results.filter((ok) => !ok).length;
  const report = { numTotalTestSuites: results.length, numPassedTests: results.length - failed, numFailedTests: failed, numPendingTests: 0 };
  return { name: 'lint+types', code: failed ? 1 : 0, time: elapsed(t), report };
}

// ── environment ─────────────────────────────────────────────────────────────

/** Minimal .env parser: KEY=VALUE, `#` comments, optional `export`, optional single/double quotes. */
function parseEnvFile(file) {
  const vars = {};
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m || raw.trim().startsWith('#')) continue;
    let value = m[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, ''); // trailing comment on an unquoted value
    vars[m[1]] = value;
  }
  return vars;
}

/** Never overrides what the caller already exported: explicit env beats files. */
function applyEnv(vars) {
  for (const [key, value] of Object.entries(vars)) if (process.env[key] === undefined) process.env[key] = value;
}

/** Local secrets, generated on first start when neither the environment nor .env sets them. */
const LOCAL_SECRETS = {
  JWT_SECRET: () => randomBytes(48).toString('base64url'),
  // k1: the key id, so a later key can take over while k1 still opens what it sealed
  SECRETS_KEY: () => `k1:${randomBytes(32).toString('base64')}`,
};

function loadEnv({ persistSecrets }) {
  const dotenv = path.join(ROOT, '.env');
  if (fs.existsSync(dotenv)) applyEnv(parseEnvFile(dotenv));
  const missing = Object.keys(LOCAL_SECRETS).filter((key) => !process.env[key]);
  if (missing.length === 0) return;
  if (!persistSecrets) {
    // Tests get throwaway secrets so a test run never writes files into .data/.
    for (const key of missing) process.env[key] = LOCAL_SECRETS[key]();
    return;
  }
  // Local secrets are generated on first start and live in git-ignored .data/, never in the repo.
  const file = path.join(ROOT, '.data', 'local.env');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existing = fs.existsSync(file) ? parseEnvFile(file) : {};
  const generate = missing.filter((key) => !existing[key]);
  if (generate.length > 0) {
    const header = fs.existsSync(file) ? '' : '# Generated by scripts/bootstrap.mjs on first start. Local only; do not commit.\n';
    fs.appendFileSync(file, `${header}${generate.map((key) => `${key}=${LOCAL_SECRETS[key]()}\n`).join('')}`, { mode: 0o600 });
    info(`generated local secrets in .data/local.env (${generate.join(', ')})`);
  }
  const local = parseEnvFile(file);
  applyEnv(local);
  for (const key of missing) process.env[key] ||= local[key]; // KEY="" in the environment counts as unset
}

function maskUrl(value) {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function describeProfile() {
  const { DATABASE_URL: db, REDIS_URL: redis } = process.env;
  if (!db) return 'embedded: SQLite file .data/jucard.sqlite + in-process key-value store (single node)';
  return `MySQL/MariaDB + Redis (database ${maskUrl(db)}, redis ${redis ? maskUrl(redis) : 'REDIS_URL not set'})`;
}

// ── commands ────────────────────────────────────────────────────────────────

/** Runs one of the BFF's compiled CLIs (migrate, seed, ledger-verify); returns its exit code. */
function runCli(name, args = []) {
  const file = path.join(ROOT, 'bff', 'dist', 'cli', `${name}.js`);
  if (!fs.existsSync(file)) die(`${path.relative(ROOT, file)} not found (expected from bff/src/cli/${name}.ts)`);
  return run(process.execPath, [file, ...args]);
}

async function waitForHealth(url, timeoutMs, stopped) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopped()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return true;
    } catch {} // not listening yet
    await sleep(200);
  }
  return false;
}

function demoLogins() {
  const file = path.join(ROOT, '.data', 'demo-logins.json');
  if (!fs.existsSync(file)) return [];
  try {
    const list = JSON.parse(fs.readFileSync(file, 'utf8'));
    return (Array.isArray(list) ? list : []).map(
      (l) => `  ${String(l.role).padEnd(18)} ${l.username} / ${l.password}${l.note ? `   (${l.note})` : ''}`,
    );
  } catch (err) {
    return [`  (could not read .data/demo-logins.json: ${err.message})`];
  }
}

/** Newest modification time under a folder (skipping dependencies and build output). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The BFF serves the built H5 app (consumer and merchant pages) at /app/: build it when missing or stale. */
function ensureH5Built() {
  const index = path.join(ROOT, 'miniapp', 'dist', 'h5', 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'miniapp', 'src')), newestMtime(path.join(ROOT, 'shared', 'src')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  info('building the H5 app (consumer and merchant pages)…');
  const t = performance.now();
  const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: path.join(ROOT, 'miniapp'), encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) {
    process.stderr.write((r.stdout ?? '').slice(-4000) + (r.stderr ?? '').slice(-4000));
    die('the H5 build failed; see above');
  }
  info(`H5 app built in ${elapsed(t)}`);
}

async function start() {
  ensureInstalled();
  ensureBuilt();
  loadEnv({ persistSecrets: true });
  fs.mkdirSync(path.join(ROOT, '.data'), { recursive: true });
  info(`profile: ${describeProfile()}`);

  ensureH5Built();
  for (const step of ['migrate', 'seed']) {
    info(`${step}…`);
    const code = runCli(step);
    if (code !== 0) die(`${step} failed (exit ${code}); not starting the BFF. See the output above.`, code);
  }

  const port = Number(process.env.PORT || 3000);
  const sandboxPort = Number(process.env.SANDBOX_PORT || 3100);
  const bffUrl = `http://127.0.0.1:${port}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  // The sandbox keeps its orders on disk here, so a restart does not make the channels forget paid top-ups.
  const env = {
    ...process.env, PORT: String(port), SANDBOX_PORT: String(sandboxPort), CHANNEL_SANDBOX_URL: sandboxUrl,
    SANDBOX_STATE: process.env.SANDBOX_STATE || 'disk',
  };

  let stopping = false;
  const children = [];
  const stopAll = async () => {
    const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of alive) c.kill('SIGTERM');
    const exited = Promise.all(alive.map((c) => new Promise((r) => c.once('exit', r))));
    // Give graceful shutdown 10 s, then stop waiting and force it.
    if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) {
      for (const c of alive) c.kill('SIGKILL');
    }
  };
  const shutdown = (code, why) => {
    if (stopping) return;
    stopping = true;
    if (why) info(why);
    void stopAll().then(() => process.exit(code));
  };
  const launch = (name, script) => {
    // The BFF gets a heap cap: under load V8 otherwise grows the old space lazily (measured 477 MB RSS in
    // bench:redeem without it, 238 MB with 160 MB, and no loss of throughput).
    const nodeArgs = name === 'BFF' ? [`--max-old-space-size=${process.env.BFF_MAX_OLD_SPACE_MB || 192}`] : [];
    const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env, stdio: 'inherit' });
    // If either process dies, the pair is useless: stop the other and report the exit code.
    child.on('exit', (code, signal) => shutdown(code ?? 1, `${name} exited (${signal ?? `code ${code}`}); stopping`));
    children.push(child);
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => shutdown(0, `${sig}: stopping`));

  launch('channel sandbox', path.join(ROOT, 'scripts', 'sandbox', 'server.mjs'));
  launch('BFF', path.join(ROOT, 'bff', 'dist', 'main.js'));

  if (!(await waitForHealth(`${bffUrl}/health`, 60_000, () => stopping))) {
    return shutdown(1, `BFF did not answer 200 on ${bffUrl}/health within 60 s`);
  }
  const logins = demoLogins();
  const banner = [
    `JuCard is ready (${elapsed(T0)} from start)`,
    `  BFF        ${bffUrl}`,
    `  API docs   ${bffUrl}/docs`,
    `  Health     ${bffUrl}/health`,
    `  Metrics    ${bffUrl}/metrics`,
    `  Merchant   ${bffUrl}/app/#/pages-merchant/login/index  (cashiers: the till; owners and managers: the back office)`,
    `  Operator   ${bffUrl}/app/#/pages-ops/login/index  (review queue, day close: reconciliation and settlement, freezes)`,
    `  Consumer   ${bffUrl}/app/`,
    `  Sandbox    ${sandboxUrl}  (WeChat login, SMS outbox: ${sandboxUrl}/__control/sms)`,
    `  Profile    ${describeProfile()}`,
    ...(logins.length ? ['Demo logins:', ...logins] : []),
    'Press Ctrl+C to stop.',
  ];
  console.log(`\n${banner.join('\n')}\n`);
}

/**
 * The tests drop every table of their database: TEST_DATABASE_URL, or DATABASE_URL only when it names a `…_test`
 * database (bff/test/support/test-env.ts checks the same). Anything else stops the run before it starts.
 */
function testDatabaseUrl() {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (/_test$/.test(name)) return url;
  return die(
    `The tests drop every table of their database, and DATABASE_URL names "${name}", which is not a test database. ` +
      `Set TEST_DATABASE_URL to a database they may wipe, or point DATABASE_URL at one named "${name}_test".`,
  );
}

async function test() {
  ensureInstalled();
  ensureBuilt();
  loadEnv({ persistSecrets: false });
  const db = testDatabaseUrl();
  info(`tests use database: ${db ? maskUrl(db) : 'embedded SQLite (temporary file)'}`);
  info(`tests use redis:    ${process.env.REDIS_URL ? maskUrl(process.env.REDIS_URL) : 'in-process store'}`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jucard-jest-'));
  const tiers = [
    { name: 'unit', args: [] },
    // Native mini-program components in miniprogram-simulate (jsdom).
    { name: 'miniprogram', args: ['--runInBand'] },
    { name: 'rtl', args: [] },
    // Integration and e2e share one database: run serially.
    { name: 'integration', args: ['--runInBand'] },
    { name: 'e2e', args: ['--runInBand'] },
    // Real headless Chromium against the built H5 pages.
    { name: 'browser', args: ['--runInBand'], before: ensureChromium },
  ];
  const results = [];
  info('── lint and type checks ──');
  results.push(await staticChecks());
  // The channel sandbox and the repository checks (scripts/checks: engines) are plain Node: node's test runner.
  {
    info('── sandbox and script tests ──');
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--test', 'scripts/sandbox/', 'scripts/checks/'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(r.stdout ?? '')?.[1] ?? NaN);
    const report = Number.isNaN(count('pass'))
      ? null
      : { numTotalTestSuites: count('suites'), numPassedTests: count('pass'), numFailedTests: count('fail'), numPendingTests: count('skipped') };
    results.push({ name: 'sandbox', code: r.status ?? 1, time: elapsed(t), report });
  }
  for (const tier of tiers) {
    info(`── ${tier.name} tests ──`);
    const outputFile = path.join(tmp, `${tier.name}.json`);
    const t = performance.now();
    tier.before?.();
    // Keep going after a failing tier so one run reports everything.
    const code = run('npx', ['jest', '--selectProjects', tier.name, ...tier.args, '--json', `--outputFile=${outputFile}`]);
    let report = null;
    try {
      report = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
    } catch {} // missing report = failed tier (e.g. "No tests found" or a crash before reporting)
    results.push({ name: tier.name, code, time: elapsed(t), report });
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  const totals = { passed: 0, failed: 0, skipped: 0 };
  let ok = true;
  const rows = [['tier', 'suites', 'passed', 'failed', 'skipped', 'time', 'result']];
  for (const { name, code, time, report: r } of results) {
    if (!r) {
      ok = false;
      rows.push([name, '-', '-', '-', '-', time, `FAILED (no JSON report; jest exit ${code})`]);
      continue;
    }
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests;
    // A suite can fail without failing tests (e.g. import error, globalSetup): count it too.
    const brokenSuites = (r.numFailedTestSuites ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    const tierOk = code === 0 && r.numFailedTests === 0 && brokenSuites === 0;
    ok &&= tierOk;
    const why = [r.numTotalTestSuites === 0 && 'no tests found', `jest exit ${code}`, brokenSuites && `${brokenSuites} suite(s) failed`];
    const result = tierOk ? 'ok' : `FAILED (${why.filter(Boolean).join(', ')})`;
    rows.push([name, r.numTotalTestSuites, r.numPassedTests, r.numFailedTests, r.numPendingTests, time, result]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const pad = (cell, i) => (i === 0 || i === 6 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]));
  const lines = rows.map((row) => row.map(pad).join('  ').trimEnd());
  console.log(['', ...lines, ''].join('\n'));
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ''}`);
  process.exit(ok ? 0 : 1);
}

/**
 * The browser tier needs Debian's Chromium and a CJK font (Chinese text would otherwise render as boxes).
 * As root, install them like .ci/run does; otherwise say exactly what is missing (the tier then fails).
 */
function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const hasFont = () => spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).stdout?.trim();
  if (fs.existsSync(chromium) && hasFont()) return;
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canApt) {
    info(`the browser tests need ${chromium} and a CJK font: apt-get install chromium fonts-wqy-zenhei (as root)`);
    return;
  }
  info('installing Chromium and a CJK font for the browser tests (apt)…');
  const t = performance.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-wqy-zenhei'], { stdio: 'inherit', env });
  info(`Chromium installed in ${elapsed(t)}`);
}

/** The fast loop: lint, type checks and unit tests (all three run, so one pass reports every failure). */
async function check() {
  ensureInstalled();
  ensureBuilt();
  const { code: staticCode } = await staticChecks();
  const unitCode = run('npx', ['jest', '--selectProjects', 'unit']);
  process.exit(staticCode || unitCode);
}

function cli(name, args) {
  ensureInstalled();
  ensureBuilt();
  loadEnv({ persistSecrets: true });
  process.exit(runCli(name, args));
}

const [command, ...rest] = process.argv.slice(2);
/** The type checks alone (`npm run lint` is ESLint alone). */
async function typecheck() {
  ensureInstalled();
  ensureBuilt();
  process.exit((await staticChecks({ lint: false })).code);
}

const commands = { start, test, check, typecheck, migrate: cli, seed: cli, 'ledger-verify': cli };
if (!Object.hasOwn(commands, command)) die(`usage: node scripts/bootstrap.mjs ${Object.keys(commands).join('|')} [args…]`, 2);
await commands[command](command, rest);
