import { startTestApp, type TestApp } from '../support/test-app';

describe('platform endpoints and the error envelope (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should report the database and key-value store as up', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up' }, keyValueStore: { status: 'up' } });
    const expectedKv = process.env.REDIS_URL ? 'redis' : 'memory';
    expect(res.body.keyValueStore.type).toBe(expectedKv);
  });

  it('should serve the OpenAPI document with the main routes', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/auth/staff/login', '/me/cards', '/merchant/card-products']));
  });

  it('should expose Prometheus metrics including request durations', async () => {
    await t.http.get('/health').expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('should answer an unknown route with the envelope', async () => {
    const res = await t.http.get('/no/such/route').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: 'No such endpoint',
      messageZh: '接口不存在',
      requestId: expect.any(String),
    });
  });

  it('should answer malformed JSON with the envelope', async () => {
    const res = await t.http.post('/auth/staff/login').set('content-type', 'application/json').send('{"username": ').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON', messageZh: '请求格式错误' });
  });

  it('should refuse a body that is too large', async () => {
    const res = await t.http.post('/merchants/register').send({ username: 'x'.repeat(100_000) }).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('should echo a well-formed request id and make one up otherwise', async () => {
    const given = await t.http.get('/nope').set('x-request-id', 'req-12345678').expect(404);
    expect(given.headers['x-request-id']).toBe('req-12345678');
    expect(given.body.requestId).toBe('req-12345678');
    const made = await t.http.get('/nope').set('x-request-id', 'bad id with spaces').expect(404);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should give 422 with a per-field map for wrong types and unknown fields', async () => {
    const res = await t.http.post('/auth/staff/login').send({ username: 42, password: 'x', admin: true }).expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['username', 'admin']));
  });
});
