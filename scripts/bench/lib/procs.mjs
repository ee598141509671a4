// Child processes (BFF, channel sandbox) and what they cost: resident memory and CPU from /proc.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, info, ROOT, sleep } from './env.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Output goes to .data/bench/<name>.log; the sandbox's stdout is also piped here to read its URL. */
function launch(name, script, env, pipeStdout = false, nodeArgs = []) {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const logFile = path.join(BENCH_DIR, `${name}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env, stdio: ['ignore', pipeStdout ? 'pipe' : log, log] });
  child.stdout?.on('data', (chunk) => fs.appendFileSync(logFile, chunk));
  child.logFile = logFile;
  child.once('exit', () => fs.closeSync(log));
  return child;
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/** The channel sandbox on a free port; resolves with its URL (its first stdout line names it). */
export function startSandbox(env, name = 'sandbox') {
  return startListening(name, 'scripts/sandbox/server.mjs', { ...env, SANDBOX_PORT: '0' }, 'channel sandbox');
}

/** The fixed yardstick (scripts/bench/yardstick/server.mjs) on a free port; resolves with { child, url, pid }. */
export function startYardstick(env, name = 'yardstick') {
  return startListening(name, 'scripts/bench/yardstick/server.mjs', { ...env, PORT: '0' }, 'yardstick');
}

/** A child whose stdout says "listening on <url>" once it is up. */
function startListening(name, script, env, what) {
  const child = launch(name, script, env, true);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 10 s`)), 10_000);
    child.stdout.on('data', (chunk) => {
      const match = /listening on (http:\/\/\S+)/.exec((out += chunk));
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], pid: child.pid });
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}); see ${child.logFile}`)));
  });
}

/** `node bff/dist/main.js` on a free port; resolves once GET /health answers 200. */
export async function startBff(env, name) {
  const port = await freePort();
  // BENCH_BFF_NODE_ARGS: e.g. "--cpu-prof --cpu-prof-dir=.data/bench/prof" to see where the BFF spends its time
  // the heap cap `npm start` runs the BFF with (see scripts/bootstrap.mjs); without it V8 lets RSS climb lazily
  const nodeArgs = [`--max-old-space-size=${process.env.BFF_MAX_OLD_SPACE_MB || 192}`, ...(process.env.BENCH_BFF_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = launch(name, 'bff/dist/main.js', { ...env, PORT: String(port), HOST: '127.0.0.1' }, false, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`BFF exited (${child.exitCode ?? child.signalCode}); see ${child.logFile}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return { child, url, pid: child.pid };
    } catch {} // not listening yet
    await sleep(200);
  }
  await stopChild(child);
  throw new Error(`BFF did not answer 200 on ${url}/health within 60 s; see ${child.logFile}`);
}

/** SIGTERM, 10 s of grace, then SIGKILL: only the child this script spawned. */
export async function stopChild(child) {
  if (!child || exited(child)) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  if (!(await Promise.race([gone.then(() => true), sleep(10_000).then(() => false)]))) {
    child.kill('SIGKILL');
    await gone;
  }
}

function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process in seconds (0 when it is gone). */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

function machineBusy() {
  const cpu = os.cpus();
  const total = cpu.reduce((s, c) => s + Object.values(c.times).reduce((a, b) => a + b, 0), 0);
  const idle = cpu.reduce((s, c) => s + c.times.idle, 0);
  return { total, idle };
}

/**
 * Watches a run: the BFF's VmRSS every 250 ms (and VmHWM at the end), and the CPU used by each named process
 * (the BFF, mariadbd, redis, this process = autocannon) as a percentage of one core.
 */
export function startSampler(bffPid, others) {
  const t0 = performance.now();
  const pids = { bff: bffPid, ...others };
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? cpuSeconds(pid) : 0]));
  const self0 = process.cpuUsage();
  const machine0 = machineBusy();
  let maxRssKb = statusKb(bffPid, 'VmRSS');
  const timer = setInterval(() => (maxRssKb = Math.max(maxRssKb, statusKb(bffPid, 'VmRSS'))), 250);
  return () => {
    clearInterval(timer);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = {};
    for (const [k, pid] of Object.entries(pids)) if (pid) cpu[k] = Math.round(((cpuSeconds(pid) - cpu0[k]) / seconds) * 100);
    const self = process.cpuUsage(self0);
    cpu.autocannon = Math.round(((self.user + self.system) / 1e6 / seconds) * 100);
    const machine1 = machineBusy();
    const total = machine1.total - machine0.total;
    cpu.machine = Math.round((1 - (machine1.idle - machine0.idle) / total) * 100 * os.cpus().length);
    // everything else on the box (other users' jobs, the kernel's softirq work): noise in the measurement
    cpu.other = Math.max(0, cpu.machine - Object.entries(cpu).reduce((sum, [k, v]) => (k === 'machine' ? sum : sum + v), 0));
    return { maxRssMb: Math.round(maxRssKb / 1024), hwmMb: Math.round(statusKb(bffPid, 'VmHWM') / 1024), cpu };
  };
}

export function describeChild(child) {
  info(`${path.basename(child.logFile, '.log')} pid ${child.pid}, log ${path.relative(ROOT, child.logFile)}`);
}
