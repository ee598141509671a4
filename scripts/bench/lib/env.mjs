// Environment for the benchmarks: build, MariaDB + Redis through scripts/services.sh, the bench database.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SVC_DIR = path.resolve(ROOT, process.env.SVC_DIR || '.data/services'); // as scripts/services.sh
export const BENCH_DIR = path.join(ROOT, '.data', 'bench');
export const BENCH_DB = 'jucard_bench';
/** Redis logical database of the bench (flushed at start: member-code claims of an earlier run must not linger). */
export const BENCH_REDIS_DB = 9;

const T0 = performance.now();
export const info = (msg) => console.error(`[bench ${((performance.now() - T0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The compiled BFF (CommonJS) from bff/dist. */
export const require = createRequire(path.join(ROOT, 'bff', 'package.json'));
export const dist = (module) => require(path.join(ROOT, 'bff', 'dist', module));
/** The built shared package (what the BFF and the mini-program import as @jucard/shared). */
export const shared = () => require(path.join(ROOT, 'shared', 'dist', 'index.js'));

/** Runs a command from the repo root; returns { code, stdout, stderr }. `inherit` streams output to stderr. */
export function sh(cmd, args, { env = process.env, input, inherit = false } = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, input, encoding: 'utf8', stdio: inherit ? ['ignore', 2, 2] : 'pipe', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function must(result, what) {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(-2000)}`);
  return result;
}

/** As bootstrap.mjs: dependencies installed, then an incremental `tsc -b` (silent and quick when dist is current). */
export function ensureBuilt() {
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'autocannon'))) {
    info('installing dependencies (npm ci)…');
    must(sh('npm', ['ci', '--no-audit', '--no-fund'], { inherit: true }), 'npm ci');
  }
  info('building (npx tsc -b)…');
  const build = sh('npx', ['tsc', '-b'], { inherit: true });
  if (build.code === 0) return true;
  // Others may be mid-edit in a shared tree: tsc still emits, so go on with what is in bff/dist, loudly.
  if (!fs.existsSync(path.join(ROOT, 'bff', 'dist', 'main.js'))) must(build, 'tsc -b');
  info('WARNING: tsc -b reported errors (above); benchmarking the bff/dist it emitted anyway');
  return false;
}

/** A pid counts as alive unless it is gone or a zombie (PID 1 in containers reaps lazily), as in services.sh. */
function pidAlive(pid) {
  try {
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function alive(pidFile) {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return pid > 0 && pidAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Starts MariaDB + Redis the way CI does and returns the env file's variables. Fills `started` (before starting,
 * so a half-failed start is still cleaned up) with which daemons were not running already.
 */
export function startServices(started) {
  const before = sh('bash', ['scripts/services.sh', 'status']).stdout;
  started.db = !/mariadb: running/.test(before);
  started.redis = !/redis: running/.test(before);
  info(`services: MariaDB ${started.db ? 'starting' : 'already running'}, Redis ${started.redis ? 'starting' : 'already running'}`);
  must(sh('bash', ['scripts/services.sh', 'start'], { inherit: true }), 'scripts/services.sh start');
  const vars = {};
  for (const line of fs.readFileSync(path.join(SVC_DIR, 'env'), 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

/** Stops only the daemons this run started, by the pid in their pid file (as services.sh stop does). */
export async function stopServices(started) {
  for (const [name, file] of [['redis', 'redis.pid'], ['db', 'mysqld.pid']]) {
    if (!started[name]) continue;
    const pid = alive(path.join(SVC_DIR, file));
    if (!pid) continue;
    info(`stopping ${name === 'db' ? 'MariaDB' : 'Redis'} (pid ${pid}), which this run started`);
    process.kill(pid, 'SIGTERM'); // MariaDB flushes InnoDB on TERM: give it up to 30 s, as services.sh does
    for (let i = 0; i < 150 && pidAlive(pid); i++) await sleep(200);
    if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(path.join(SVC_DIR, file), { force: true });
  }
}

export const daemonPids = () => ({ mariadbd: alive(path.join(SVC_DIR, 'mysqld.pid')), redis: alive(path.join(SVC_DIR, 'redis.pid')) });

/**
 * Drops and re-creates the bench database named in env.DATABASE_URL (jucard_bench unless a script chose another),
 * grants it to the app user, flushes the bench Redis db of env.REDIS_URL, and migrates with the BFF's own CLI.
 */
export function recreateDatabase(env) {
  const db = new URL(env.DATABASE_URL).pathname.slice(1) || BENCH_DB;
  if (!/^jucard_(bench|drill_)\w*$/.test(db)) throw new Error(`refusing to re-create ${db}: bench and drill databases are named jucard_bench… / jucard_drill_…`);
  const sql = `DROP DATABASE IF EXISTS ${db};
CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL ON ${db}.* TO 'jucard'@'127.0.0.1', 'jucard'@'localhost';`;
  must(sh('mariadb', ['--no-defaults', '--protocol=socket', `--socket=${path.join(SVC_DIR, 'mysqld.sock')}`, '-uroot'], { input: sql }), 'creating the bench database');
  const url = new URL(env.REDIS_URL);
  const redisDb = url.pathname.slice(1) || String(BENCH_REDIS_DB);
  must(sh('redis-cli', ['-h', url.hostname, '-p', url.port || '6379', '-n', redisDb, 'FLUSHDB']), 'flushing the bench Redis db');
  info(`database ${db} re-created; migrating…`);
  must(sh(process.execPath, ['bff/dist/cli/migrate.js'], { env }), 'migrate');
}

/** `ledger-verify --json` on the bench database. */
export function ledgerVerify(env) {
  const r = sh(process.execPath, ['bff/dist/cli/ledger-verify.js', '--json'], { env });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { ok: false, violations: [{ check: 'ledger-verify', description: (r.stderr || r.stdout).slice(-500) }] };
  }
}
