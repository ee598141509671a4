import type { TokenPair } from '@jucard/shared';
import jwt from 'jsonwebtoken';
import { actors, bearer, unique } from '../factories/actors';
import { useTestApp } from '../support/app-hooks';

describe('identity (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  async function wxCode(openid?: string): Promise<string> {
    const res = await fetch(`${t.sandboxUrl}/__control/wechat/login-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(openid ? { openid } : {}),
    });
    return ((await res.json()) as { code: string }).code;
  }

  async function smsCode(phone: string): Promise<string> {
    const res = await fetch(`${t.sandboxUrl}/__control/sms?phone=${phone}`);
    const { messages } = (await res.json()) as { messages: Array<{ text: string }> };
    const match = /(\d{6})/.exec(messages[0]?.text ?? '');
    if (!match?.[1]) throw new Error(`no code in the SMS outbox for ${phone}`);
    return match[1];
  }

  const randomPhone = () => `139${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`;

  it('should log a consumer in with a wx.login code and find the same consumer next time', async () => {
    const openid = unique('o');
    const first = (await t.http.post('/auth/consumer/wechat').send({ code: await wxCode(openid) }).expect(200)).body as TokenPair;
    const second = (await t.http.post('/auth/consumer/wechat').send({ code: await wxCode(openid) }).expect(200)).body as TokenPair;

    const me1 = await t.http.get('/me').set(bearer(first)).expect(200);
    const me2 = await t.http.get('/me').set(bearer(second)).expect(200);
    expect(me1.body.id).toBe(me2.body.id);
    expect(first.tokenType).toBe('Bearer');
    expect(first.expiresIn).toBeGreaterThan(0);
  });

  it('should refuse a reused or unknown wx.login code', async () => {
    const code = await wxCode();
    await t.http.post('/auth/consumer/wechat').send({ code }).expect(200);
    const reused = await t.http.post('/auth/consumer/wechat').send({ code }).expect(401);
    expect(reused.body).toMatchObject({ code: 'WECHAT_LOGIN_FAILED', messageZh: '微信登录失败，请重试' });
    await t.http.post('/auth/consumer/wechat').send({ code: 'made-up' }).expect(401);
  });

  it('should log a consumer in on H5 with a phone and the one-time code from the SMS outbox, once', async () => {
    const phone = randomPhone();
    await t.http.post('/auth/consumer/phone/code').send({ phone }).expect(202);
    const code = await smsCode(phone);

    const res = await t.http.post('/auth/consumer/phone').send({ phone, code }).expect(200);
    const me = await t.http.get('/me').set(bearer(res.body as TokenPair)).expect(200);
    expect(me.body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const replay = await t.http.post('/auth/consumer/phone').send({ phone, code }).expect(401);
    expect(replay.body.code).toBe('OTP_INVALID');
  });

  it('should refuse a wrong one-time code, a second code within a minute, and a malformed phone', async () => {
    const phone = randomPhone();
    await t.http.post('/auth/consumer/phone/code').send({ phone }).expect(202);
    const code = await smsCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await t.http.post('/auth/consumer/phone').send({ phone, code: wrong }).expect(401)).body.code).toBe('OTP_INVALID');
    expect((await t.http.post('/auth/consumer/phone/code').send({ phone }).expect(429)).body.code).toBe('RATE_LIMITED');
    const bad = await t.http.post('/auth/consumer/phone/code').send({ phone: '12345' }).expect(422);
    expect(bad.body.errors.phone).toBeDefined();
  });

  it('should rotate refresh tokens and revoke the family when a used one comes back', async () => {
    const tokens = await a.consumer();
    const rotated = (await t.http.post('/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(200)).body as TokenPair;
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    await t.http.get('/me').set(bearer(rotated)).expect(200);

    const reuse = await t.http.post('/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // the thief's use revoked the family: the legitimate latest token no longer works either
    const after = await t.http.post('/auth/refresh').send({ refreshToken: rotated.refreshToken }).expect(401);
    expect(after.body.code).toBe('TOKEN_INVALID');
  });

  it('should end a session on logout', async () => {
    const tokens = await a.consumer();
    await t.http.post('/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
    await t.http.post('/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
  });

  it.each([
    ['no token', undefined, 'UNAUTHENTICATED'],
    ['a malformed header', 'Token abc', 'TOKEN_INVALID'],
    ['a token signed with another key', `Bearer ${jwt.sign({}, 'another-secret-another-secret-12345', { algorithm: 'HS256', audience: 'consumer', subject: 'x', issuer: 'jucard' })}`, 'TOKEN_INVALID'],
    ['an unsigned token (alg none)', `Bearer ${jwt.sign({}, '', { algorithm: 'none', audience: 'consumer', subject: 'x', issuer: 'jucard' })}`, 'TOKEN_INVALID'],
    ['an expired token', `Bearer ${jwt.sign({ exp: Math.floor(Date.now() / 1000) - 10 }, process.env.JWT_SECRET!, { algorithm: 'HS256', audience: 'consumer', subject: 'x', issuer: 'jucard' })}`, 'TOKEN_EXPIRED'],
  ])('should refuse %s with 401', async (_label, header, code) => {
    const req = t.http.get('/me');
    if (header) req.set('Authorization', header);
    const res = await req.expect(401);
    expect(res.body.code).toBe(code);
  });

  it('should refuse a consumer token on a staff endpoint and a cashier on an owner endpoint', async () => {
    const consumer = await a.consumer();
    expect((await t.http.get('/merchant').set(bearer(consumer)).expect(403)).body.code).toBe('FORBIDDEN');
    const { owner } = await a.approvedMerchant();
    const username = unique('cashier');
    await t.http.post('/merchant/staff').set(bearer(owner)).send({ username, password: 'cashier-password', displayName: '收银', role: 'CASHIER', storeIds: [] }).expect(201);
    const cashier = await a.staffLogin(username, 'cashier-password');
    expect((await t.http.put('/merchant/kyc').set(bearer(cashier)).send({}).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('should refuse wrong passwords with one message and rate-limit repeated attempts', async () => {
    const { username } = await a.registeredMerchant();
    const wrong = await t.http.post('/auth/staff/login').send({ username, password: 'not-the-password' }).expect(401);
    const unknown = await t.http.post('/auth/staff/login').send({ username: unique('nobody'), password: 'x' }).expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.message).toBe(wrong.body.message);

    let last = 401;
    for (let i = 0; i < 12 && last !== 429; i++) {
      last = (await t.http.post('/auth/staff/login').send({ username, password: 'still-wrong' })).status;
    }
    expect(last).toBe(429);
    const limited = await t.http.post('/auth/staff/login').send({ username, password: 'owner-password' }).expect(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', messageZh: '操作太频繁，请稍后再试' });
  });
});
