import { actors, bearer, unique } from '../factories/actors';
import { claimCard } from '../factories/money';
import { deleteRedisKeys } from '../support/redis-keys';
import { startTestApp, type TestApp } from '../support/test-app';

/** The budgets' counters are shared through Redis by every app of the run: start each block from zero. */
const clearBudgets = () => deleteRedisKeys('thr:*');

const randomPhone = () => `139${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`;

function expectLimited(res: { status: number; body: Record<string, unknown>; headers: Record<string, string> }): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
  expect(res.body.messageZh).toBe('操作太频繁，请稍后再试');
  expect(typeof res.body.requestId).toBe('string');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

/** An app with some budgets made small, its counters starting from zero. */
function appWith(overrides: Record<string, string>): () => TestApp {
  let t: TestApp | undefined;
  beforeAll(async () => {
    await clearBudgets();
    t = await startTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000', ...overrides });
  });
  afterAll(() => t?.close());
  return () => t!;
}

/** Issue 13 item 2: budgets per client address and for the whole platform. */
describe('limits per address and platform-wide (e2e)', () => {
  describe('logins per address', () => {
    const app = appWith({ LIMIT_LOGIN_PER_IP: '5/900' });

    it('should stop logins to many usernames from one address, whatever X-Forwarded-For says', async () => {
      const t = app();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await t.http.post('/auth/staff/login').set('X-Forwarded-For', `198.51.100.${i}`).send({ username: unique('nobody'), password: 'x' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expectLimited(await t.http.post('/auth/staff/login').set('X-Forwarded-For', '203.0.113.9').send({ username: unique('nobody'), password: 'x' }));
    });
  });

  describe('one-time codes per address', () => {
    const app = appWith({ LIMIT_SMS_PER_IP: '3/3600' });

    it('should stop one-time codes to many phones from one address', async () => {
      const t = app();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.http.post('/auth/consumer/phone/code').send({ phone: randomPhone() })).status);
      expect(statuses).toEqual([202, 202, 202]);
      expectLimited(await t.http.post('/auth/consumer/phone/code').send({ phone: randomPhone() }));
    });
  });

  describe('registrations per address', () => {
    const app = appWith({ LIMIT_REGISTER_PER_IP: '3/3600' });

    it('should stop registrations from one address', async () => {
      const t = app();
      const register = () => t.http.post('/merchants/register').send({ username: unique('owner'), password: 'owner-password', displayName: '商户' });
      for (let i = 0; i < 3; i++) await register().expect(201);
      expectLimited(await register());
    });
  });

  describe('member codes per address', () => {
    const app = appWith({ LIMIT_MEMBER_CODE_PER_IP: '3/60' });

    it('should stop member-code issue from one address across consumers', async () => {
      const t = app();
      const a = actors(t);
      const m = await a.approvedMerchant();
      const consumers = await Promise.all([a.consumer(), a.consumer()]);
      const cards = await Promise.all(consumers.map((c) => claimCard(t, c, m.product.claimToken)));
      const issue = (i: number) => t.http.post(`/me/cards/${cards[i % 2]!.id}/member-code`).set(bearer(consumers[i % 2]!));
      for (let i = 0; i < 3; i++) await issue(i).expect(201);
      expectLimited(await issue(3));
    });
  });

  describe('platform-wide', () => {
    const app = appWith({ TRUST_PROXY: '1', LIMIT_LOGIN_PER_IP: '100/900', LIMIT_LOGIN_GLOBAL: '8/60' });

    it('should trust X-Forwarded-For behind a proxy and still stop a spread-out storm of logins', async () => {
      const t = app();
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push((await t.http.post('/auth/operator/login').set('X-Forwarded-For', `198.51.100.${i}`).send({ username: unique('ops'), password: 'x' })).status);
      }
      expect(statuses).toEqual(Array(8).fill(401));
      expectLimited(await t.http.post('/auth/operator/login').set('X-Forwarded-For', '203.0.113.77').send({ username: unique('ops'), password: 'x' }));
    });
  });
});
