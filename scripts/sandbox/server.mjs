// Channel sandbox: stands in for external services (WeChat login, SMS; later WeChat Pay, Alipay, UnionPay)
// so the BFF runs end to end on one machine without credentials. Plain Node, built-ins only.
//
//   node scripts/sandbox/server.mjs            # SANDBOX_PORT (default 3100), 127.0.0.1
//   import { startSandbox } from './server.mjs' # tests: startSandbox({ port: 0 })
//
// Each concern is a module exporting a factory that returns routes: [{ method, path, handle(ctx) }].
// handle receives { query: URLSearchParams, body, req } and returns { status?, body } (JSON).
// `/__control/...` routes are sandbox-only helpers for tests and demos (no real-world equivalent).
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { wechatLogin } from './wechat-login.mjs';
import { sms } from './sms.mjs';

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(status, error, message) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function readJsonBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', 'request body exceeds 1 MiB');
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw.trim() === '') return {}; // e.g. POST /__control/wechat/login-code with no body
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'bad_json', 'request body is not valid JSON');
  }
}

function buildRoutes({ env, log, now }) {
  const routes = [
    { method: 'GET', path: '/health', handle: () => ({ body: { status: 'ok' } }) },
    ...wechatLogin({ env, now }),
    ...sms({ log }),
  ];
  const table = new Map(); // path -> Map(method -> handle)
  for (const r of routes) {
    if (!table.has(r.path)) table.set(r.path, new Map());
    table.get(r.path).set(r.method, r.handle);
  }
  return table;
}

// `now` is injectable so tests can move time forward (e.g. login-code expiry).
export function createSandboxServer({ env = process.env, log = console.log, now = Date.now } = {}) {
  const routes = buildRoutes({ env, log, now });
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      const byMethod = routes.get(url.pathname);
      if (!byMethod) throw new HttpError(404, 'not_found', `no route for ${req.method} ${url.pathname}`);
      const handle = byMethod.get(req.method);
      if (!handle) {
        res.setHeader('allow', [...byMethod.keys()].join(', '));
        throw new HttpError(405, 'method_not_allowed', `${req.method} not allowed on ${url.pathname}`);
      }
      const body = req.method === 'POST' || req.method === 'PUT' ? await readJsonBody(req) : undefined;
      const result = await handle({ query: url.searchParams, body, req });
      sendJson(res, result.status ?? 200, result.body);
    } catch (err) {
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.error, message: err.message });
      log(`[sandbox] internal error: ${err?.stack ?? err}`);
      sendJson(res, 500, { error: 'internal', message: 'sandbox internal error' });
    }
  });
}

/** Starts the sandbox; resolves once listening. port 0 picks a free port. */
export function startSandbox({ port = 3100, host = '127.0.0.1', env = process.env, log = console.log, now } = {}) {
  const server = createSandboxServer({ env, log, now });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
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
    console.log(`channel sandbox listening on ${sandbox.url}`);
    const stop = () => sandbox.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(`channel sandbox failed to start on port ${port}: ${err.message}`);
    process.exit(1);
  }
}
