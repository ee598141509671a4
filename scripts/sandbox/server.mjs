// Channel sandbox: stands in for the external services (WeChat login, SMS, WeChat Pay v3, Alipay, UnionPay, the
// custody bank's payout API, identity verification) so the BFF runs end to end on one machine without credentials, using real protocols.
// Plain Node, built-ins only.
//
//   node scripts/sandbox/server.mjs            # SANDBOX_PORT (default 3100), 127.0.0.1
//   import { startSandbox } from './server.mjs' # tests: startSandbox({ port: 0, keys })
//
// Env: SANDBOX_DATA_DIR (keys, default <repo>/.data/sandbox), SANDBOX_STATE (memory | disk: orders, bills,
//      payouts, SMS and WeChat subscribe messages (wechat-subscribe.mjs) kept in <data dir>/state.json across restarts, see state.mjs), SANDBOX_TIME_SCALE (default 1),
//      SANDBOX_MERCHANT_NAME (cashier page), SANDBOX_WECHAT_APP_ID / SANDBOX_WECHAT_APP_SECRET,
//      SANDBOX_TENCENT_SMS_* (the Tencent Cloud SMS account it accepts, tencent-sms.mjs).
//
// Each concern is a module exporting a factory that returns routes: [{ method, path, handle(ctx), channel?, raw? }].
// `path` may hold `{name}` segments (-> ctx.params). handle receives
//   { method, url (raw path+query), query: URLSearchParams, params, headers, body, rawBody, origin, req }
// where body is the parsed JSON or form (raw routes get only rawBody, the exact text for signatures), and
// returns { status?, body (JSON) | raw (string/Buffer), headers? }. Routes tagged with a `channel` pass
// through that channel's injected faults first (faults.mjs).
// `/__control/...` routes are sandbox-only helpers for tests and demos (no real-world equivalent).
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { alipay } from './alipay.mjs';
import { bank, createPayoutBook } from './bank.mjs';
import { createBills } from './bills.mjs';
import { cashier } from './cashier.mjs';
import { createClock } from './clock.mjs';
import { control } from './control.mjs';
import { createFaults } from './faults.mjs';
import { indexPage } from './index-page.mjs';
import { loadOrCreateKeys, resolveDataDir } from './keys.mjs';
import { createNotifier } from './notifier.mjs';
import { createOrderStore } from './orders.mjs';
import { createSmsOutbox, sms } from './sms.mjs';
import { tencentSms } from './tencent-sms.mjs';
import { createStatePersistence, stateFileIn, stateMode } from './state.mjs';
import { unionpay } from './unionpay.mjs';
import { wechatLogin } from './wechat-login.mjs';
import { createSubscribeBook, wechatSubscribe } from './wechat-subscribe.mjs';
import { createIdentityBook, identity } from './identity.mjs';
import { wechatpay } from './wechatpay.mjs';

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(status, error, message) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

function send(res, { status = 200, body, raw, headers = {} }) {
  let payload = '';
  const out = { ...headers };
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    out['content-type'] ??= 'application/json; charset=utf-8';
  }
  out['content-length'] = Buffer.byteLength(payload);
  res.writeHead(status, out);
  res.end(payload);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', 'request body exceeds 1 MiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw, contentType = '') {
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  if (raw.trim() === '') return {}; // e.g. POST /__control/wechat/login-code with no body
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'bad_json', 'request body is not valid JSON');
  }
}

function buildRouter(routes) {
  const exact = new Map(); // path -> Map(method -> route)
  const patterns = []; // { regex, names, byMethod }
  for (const r of routes) {
    if (!r.path.includes('{')) {
      if (!exact.has(r.path)) exact.set(r.path, new Map());
      exact.get(r.path).set(r.method, r);
      continue;
    }
    let entry = patterns.find((p) => p.path === r.path);
    if (!entry) {
      const names = [];
      const source = r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n) => (names.push(n), '([^/]+)'));
      entry = { path: r.path, regex: new RegExp(`^${source}$`), names, byMethod: new Map() };
      patterns.push(entry);
    }
    entry.byMethod.set(r.method, r);
  }
  /** -> { route, params } | { allowed: [methods] } | null */
  return function match(method, pathname) {
    const byPath = exact.get(pathname);
    if (byPath) return byPath.has(method) ? { route: byPath.get(method), params: {} } : { allowed: [...byPath.keys()] };
    const allowed = [];
    for (const p of patterns) {
      const m = p.regex.exec(pathname);
      if (!m) continue;
      const route = p.byMethod.get(method);
      if (route) return { route, params: Object.fromEntries(p.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
      allowed.push(...p.byMethod.keys());
    }
    return allowed.length ? { allowed } : null;
  };
}

/** A hang that does not keep a stopping process alive. */
const hang = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

function parseScale(text) {
  const scale = Number(text ?? 1);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`SANDBOX_TIME_SCALE must be a positive number, got "${text}"`);
  return scale;
}

/**
 * `now` is injectable so tests can move time forward (e.g. login-code expiry). `keys` (same shape as
 * generateKeyMaterial()) skips the key files; otherwise keys are loaded from or created in `dataDir`. With
 * SANDBOX_STATE=disk the state file lives in `dataDir` (or SANDBOX_DATA_DIR).
 */
export function createSandboxServer({ env = process.env, log = console.log, now = Date.now, keys, dataDir } = {}) {
  const dir = dataDir ?? resolveDataDir(env.SANDBOX_DATA_DIR);
  const loaded = keys ? { keys, generated: false, dir } : loadOrCreateKeys(dir, { wechatAppId: env.SANDBOX_WECHAT_APP_ID });
  const initialScale = parseScale(env.SANDBOX_TIME_SCALE);
  const clock = createClock({ scale: initialScale });
  const faults = createFaults();
  const orders = createOrderStore({ now });
  const notifier = createNotifier({ clock, faults, log });
  const bills = createBills({ orders, now });
  const payouts = createPayoutBook({ now });
  const outbox = createSmsOutbox();
  const subscribeBook = createSubscribeBook();
  const identityBook = createIdentityBook();
  const state = createStatePersistence(stateMode(env.SANDBOX_STATE) === 'disk' ? stateFileIn(dir) : null,
    { orders, bills, payouts, sms: outbox, subscribeMessages: subscribeBook }, { log });
  orders.on('refund', () => state.changed()); // an asynchronous refund settles on the channel's clock, not on a request
  const deps = { env, log, now, keys: loaded.keys, orders, notifier, faults, bills, clock, initialScale, payouts, identityBook };

  const routes = [
    { method: 'GET', path: '/', handle: () => ({ raw: page, headers: { 'content-type': 'text/html; charset=utf-8' } }) },
    { method: 'GET', path: '/health', handle: () => ({ body: { status: 'ok' } }) },
    ...wechatLogin({ env, now }),
    ...wechatSubscribe({ env, log, now, book: subscribeBook }),
    ...identity({ book: identityBook, now }),
    ...sms({ log, outbox }),
    ...tencentSms({ env, log, now, outbox }),
    ...wechatpay(deps),
    ...alipay(deps),
    ...unionpay(deps),
    ...bank(deps),
    ...cashier(deps),
    ...control(deps),
  ];
  const page = indexPage(routes);
  const match = buildRouter(routes);

  // Every failure is answered in the catch below, so the promise is never left to reject unseen.
  const handleRequest = async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      const found = match(req.method, url.pathname);
      if (!found) throw new HttpError(404, 'not_found', `no route for ${req.method} ${url.pathname}`);
      if (!found.route) {
        res.setHeader('allow', found.allowed.join(', '));
        throw new HttpError(405, 'method_not_allowed', `${req.method} not allowed on ${url.pathname}`);
      }
      const { route, params } = found;
      const fault = route.channel ? faults.takeApi(route.channel) : null;
      if (fault?.down === 'reset') return req.socket.destroy();
      if (fault?.down === 'refuse') return send(res, { status: 503, raw: 'Service Unavailable', headers: { connection: 'close' } });
      if (fault?.errorStatus) return send(res, { status: fault.errorStatus, body: { code: 'SYSTEM_ERROR', message: '系统繁忙，请稍后重试（沙箱注入）' } });

      const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
      const rawBody = hasBody ? await readBody(req) : undefined;
      // A timeout hangs, then handles the call anyway: the caller gave up, the channel did not. The body is read
      // first, so a caller that aborts (closes the socket) during the hang still has its call applied.
      if (fault?.timeoutMs) await hang(fault.timeoutMs);
      const body = hasBody && !route.raw ? parseBody(rawBody, req.headers['content-type']) : undefined;
      const result = await route.handle({
        method: req.method, url: req.url, query: url.searchParams, params, headers: req.headers, body, rawBody,
        origin: `http://${req.headers.host ?? 'localhost'}`, req,
      });
      state.changed(); // any call may move money (Alipay's gateway takes GET too); coalesced to one write per burst
      if (!res.destroyed) send(res, result);
    } catch (err) {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpError) return send(res, { status: err.status, body: { error: err.error, message: err.message } });
      log(`[sandbox] internal error: ${err?.stack ?? err}`);
      send(res, { status: 500, body: { error: 'internal', message: 'sandbox internal error' } });
    }
  };
  const server = createServer((req, res) => void handleRequest(req, res));
  server.on('close', () => {
    clock.cancelAll();
    notifier.reset();
    state.stop();
  });
  server.sandbox = { keysGenerated: loaded.generated, dataDir: loaded.dir, stateFile: state.file, stateLoaded: state.loaded };
  return server;
}

/** Starts the sandbox; resolves once listening. port 0 picks a free port. */
export function startSandbox({ port = 3100, host = '127.0.0.1', ...options } = {}) {
  const server = createSandboxServer(options);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        ...server.sandbox,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections(); // don't wait for idle keep-alive sockets
          }),
      });
    });
  });
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  const port = Number(process.env.SANDBOX_PORT || 3100);
  try {
    const sandbox = await startSandbox({ port, host: '127.0.0.1' });
    console.log(`channel sandbox listening on ${sandbox.url}`); // first line: test harnesses wait for it
    if (sandbox.keysGenerated) console.log(`channel sandbox generated local channel keys in ${sandbox.dataDir}`);
    if (sandbox.stateFile) console.log(`channel sandbox keeps its orders in ${sandbox.stateFile}${sandbox.stateLoaded ? ' (loaded)' : ''}`);
    console.log(`channel sandbox merchant credentials: ${sandbox.dataDir}/merchant-credentials.json`);
    const stop = () => sandbox.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(`channel sandbox failed to start on port ${port}: ${err.message}`);
    process.exit(1);
  }
}
