import { createServer, connect, type Server, type Socket } from 'node:net';
import { actors, bearer } from '../factories/actors';
import { useTestAppOnRedis } from '../support/app-hooks';
import { describeWithPrivateRedis } from '../support/private-redis';
import { startTestApp, type TestApp } from '../support/test-app';

/** A TCP hop between one app and MariaDB that a test can cut: the database "goes away" for that app alone. */
async function databaseProxy(target: URL): Promise<{ url: string; cut(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 3306), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = new URL(target.href);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.href,
    cut: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

const OUTAGE = { statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: expect.any(String), messageZh: expect.any(String), requestId: expect.any(String) };

// MariaDB only: the embedded SQLite file cannot go away
(process.env.DATABASE_URL ? describe : describe.skip)('a database outage (e2e, MariaDB behind a proxy the test cuts)', () => {
  let t: TestApp;
  let proxy: { url: string; cut(): void };

  beforeAll(async () => {
    proxy = await databaseProxy(new URL(process.env.DATABASE_URL!));
    t = await startTestApp({ DATABASE_URL: proxy.url, DB_POOL_SIZE: '4' });
  });
  afterAll(() => t.close().catch(() => undefined));

  it('should answer 503 DEPENDENCY_UNAVAILABLE with Retry-After, never 500, while the database is gone', async () => {
    const consumer = await actors(t).consumer();
    await t.http.get('/me/cards').set(bearer(consumer)).expect(200);

    proxy.cut();
    const answers = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await t.http.get('/me/cards').set(bearer(consumer)));
      answers.push(await t.http.post('/auth/staff/login').send({ username: 'someone', password: 'some-password' }));
    }
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect(res.body).toEqual(OUTAGE);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    }
    const health = await t.http.get('/health').expect(503);
    expect(health.body.code).toBe('DEPENDENCY_UNAVAILABLE');
  }, 30_000);
});

describeWithPrivateRedis('a Redis outage where Redis is needed (e2e, private redis-server)', (redis) => {
  const t = useTestAppOnRedis(redis);

  it('should answer a one-time code request 503 DEPENDENCY_UNAVAILABLE with Retry-After while Redis is down', async () => {
    await t.http.post('/auth/consumer/phone/code').send({ phone: '13800138001' }).expect(202);
    redis.kill();
    await new Promise((r) => setTimeout(r, 300));
    const res = await t.http.post('/auth/consumer/phone/code').send({ phone: '13800138002' });
    expect(res.status).toBe(503);
    expect(res.body).toEqual(OUTAGE);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
  });
});
