import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, type IncomingMessage, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RateLimiter } from '../../src/kv/rate-limiter';
import { useTestApp } from '../support/app-hooks';
import { startTestApp } from '../support/test-app';

const ENVELOPE = { statusCode: expect.any(Number), code: expect.any(String), message: expect.any(String), messageZh: expect.any(String), requestId: expect.any(String) };

// a built H5 folder of the test's own: one inline script, as Taro's template writes it
const h5 = mkdtempSync(join(tmpdir(), 'jucard-h5-'));
const INLINE = '!function(n){n.document.documentElement.style.fontSize="20px"}(window);';
writeFileSync(join(h5, 'index.html'), `<!doctype html><html><head><script>${INLINE}</script></head><body><div id="app"></div></body></html>`);

describe('the HTTP layer: envelope, request ids, body limits and headers (e2e)', () => {
  const t = useTestApp({ H5_DIST_DIR: h5, NOTIFY_REFUSALS_PER_ADDRESS: '3' });

  describe('deeply nested JSON (issue 13 item 5)', () => {
    it.each([
      ['arrays', '['.repeat(2000) + ']'.repeat(2000)],
      ['objects', '{"a":'.repeat(40) + '1' + '}'.repeat(40)],
    ])('should refuse nested %s with 400 BODY_TOO_DEEP before validation', async (_, body) => {
      const res = await t.http.post('/auth/staff/login').set('content-type', 'application/json').send(body).expect(400);
      expect(res.body).toEqual({ ...ENVELOPE, statusCode: 400, code: 'BODY_TOO_DEEP' });
    });

    it('should still take a body nested a few levels (then validate it)', async () => {
      const res = await t.http.post('/auth/staff/login').send({ username: { a: [[1]] }, password: 'x' }).expect(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('should not count brackets inside strings as depth', async () => {
      const res = await t.http.post('/auth/staff/login').send({ username: 'nobody-here', password: '[{'.repeat(40) }).expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('request ids on every answer (issue 13 item 7)', () => {
    it.each([
      ['malformed JSON', 'MALFORMED_JSON', 400, '{"username": '],
      ['a body over the limit', 'PAYLOAD_TOO_LARGE', 413, JSON.stringify({ username: 'x'.repeat(100_000) })],
    ])('should answer %s with the envelope and the request id given', async (_, code, status, body) => {
      const res = await t.http.post('/auth/staff/login').set('content-type', 'application/json').set('x-request-id', 'req-body-parser-1').send(body).expect(status);
      expect(res.body).toEqual({ ...ENVELOPE, statusCode: status, code, requestId: 'req-body-parser-1' });
      expect(res.headers['x-request-id']).toBe('req-body-parser-1');
    });

    it('should send X-Request-Id on successful answers and make one up when none is given', async () => {
      const res = await t.http.get('/health/live').expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it.each([
      ['a malformed percent-encoding', '/me/cards/%zz/events', 400],
      ['a path parameter over the router\'s length limit', `/me/cards/${'a'.repeat(200)}/events`, 414],
    ])('should answer %s, refused by the router itself, with the envelope and the request id', async (_, path, status) => {
      const res = await t.http.get(path).set('x-request-id', 'req-router-1').expect(status);
      expect(res.body).toEqual({ ...ENVELOPE, statusCode: status, requestId: 'req-router-1' });
      expect(res.headers['x-request-id']).toBe('req-router-1');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('should answer an unsupported content type with the envelope', async () => {
      const res = await t.http.post('/auth/staff/login').set('content-type', 'application/xml').send('<login/>').expect(415);
      expect(res.body).toEqual({ ...ENVELOPE, statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });

  describe('security headers (issue 13 item 8)', () => {
    it('should forbid framing and sniffing on the API', async () => {
      const res = await t.http.get('/health/live').expect(200);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });

    it('should serve /app/ with a CSP that allows exactly its inline script, and redirect / there', async () => {
      const res = await t.http.get('/app/').expect(200);
      const hash = createHash('sha256').update(INLINE).digest('base64');
      const csp = res.headers['content-security-policy'] ?? '';
      expect(csp).toMatch(new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, (c) => `\\${c}`)}'`));
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      const root = await t.http.get('/').expect(302);
      expect(root.headers.location).toBe('/app/');
    });

    it('should keep token responses out of every cache', async () => {
      const res = await t.http.post('/auth/refresh').send({ refreshToken: 'nope' });
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('anonymous notification bodies (issue 13 item 9)', () => {
    const stored = async (): Promise<number> => Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM payment_notifications'))[0].n);

    it('should refuse a notification body over the notify limit without storing it', async () => {
      const before = await stored();
      const res = await t.http.post('/payments/notify/wechatpay').set('content-type', 'application/json').send({ blob: 'x'.repeat(20_000) }).expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await stored()).toBe(before);
    });

    it('should stop storing forged notifications from an address after a few refusals', async () => {
      const forge = () => t.http.post('/payments/notify/wechatpay').set('content-type', 'application/json').send({ id: 'forged', resource: {} });
      await t.app.get(RateLimiter).reset('notify-refused:127.0.0.1'); // Redis outlives runs: start from an empty window
      const before = await stored();
      for (let i = 0; i < 3; i++) expect((await forge()).status).toBeGreaterThanOrEqual(400);
      expect(await stored()).toBe(before + 3);
      const limited = await forge().expect(429);
      expect(limited.body).toEqual({ ...ENVELOPE, statusCode: 429, code: 'RATE_LIMITED' });
      // when the window ends, within the 10 minutes it counts
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(600);
      expect(await stored()).toBe(before + 3);
    });
  });
});

describe('behind one trusted proxy (TRUST_PROXY=1)', () => {
  const t = useTestApp({ TRUST_PROXY: '1', NOTIFY_REFUSALS_PER_ADDRESS: '2' });

  it('should count refused notifications per client address the proxy saw, not per proxy', async () => {
    const limiter = t.app.get(RateLimiter);
    const from = (address: string) =>
      t.http.post('/payments/notify/wechatpay').set('x-forwarded-for', `203.0.113.9, ${address}`).set('content-type', 'application/json').send({ id: 'forged', resource: {} });
    await Promise.all(['198.51.100.1', '198.51.100.2', '203.0.113.9', '127.0.0.1'].map((a) => limiter.reset(`notify-refused:${a}`)));
    for (let i = 0; i < 2; i++) expect((await from('198.51.100.1')).status).toBeGreaterThanOrEqual(400);
    expect((await from('198.51.100.1')).status).toBe(429);
    // another client behind the same proxy is not limited by the first one's refusals; the spoofed left entry is ignored
    expect((await from('198.51.100.2')).status).not.toBe(429);
  });
});

describe('operations endpoints in production (issue 13 item 8)', () => {
  const token = 'ops-'.padEnd(40, 'x');
  const t = useTestApp({ NODE_ENV: 'production', OUTSIDE_ENDPOINTS: 'sandbox', OPS_ENDPOINTS_TOKEN: token, SECRETS_KEY: `k1:${randomBytes(32).toString('base64')}` });

  it.each(['/metrics', '/docs-json', '/docs'])('should require the operations token for %s', async (path) => {
    const refused = await t.http.get(path).expect(401);
    expect(refused.body).toEqual({ ...ENVELOPE, statusCode: 401, code: 'UNAUTHENTICATED' });
    await t.http.get(path).set('authorization', 'Bearer wrong-token').expect(401);
    await t.http.get(path).set('authorization', `Bearer ${token}`).expect(200);
  });

  it('should leave the API itself open to its own guards', async () => {
    await t.http.get('/health/live').expect(200);
  });
});

describe('stopping with a request in flight on a kept-alive connection', () => {
  it('should answer it with Connection: close and stop at once, not after the keep-alive timeout', async () => {
    const started = await startTestApp();
    const server = started.app.getHttpServer() as Server;
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });
    const body = JSON.stringify({ username: 'nobody-here', password: 'not-this' });
    try {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/auth/staff/login', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      const answered = once(req, 'response') as Promise<[IncomingMessage]>;
      // the headers arrive, then the stop begins, then the body: the request is in flight while the server closes
      const arrived = once(server, 'request');
      req.write(body.slice(0, 10));
      await arrived;
      const stopped = started.close();
      while (server.listening) await new Promise((resolve) => setImmediate(resolve));
      req.end(body.slice(10));
      const [res] = await answered;
      res.resume();
      expect(res.statusCode).toBe(401);
      expect(res.headers.connection).toBe('close');
      // the kept-alive connection is closed with the answer, so the stop does not wait for it (Jest's 5 s bound it)
      await stopped;
    } finally {
      agent.destroy();
    }
  });
});
