import type { TokenPair } from '@jucard/shared';
import { randomUUID, scryptSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdentityRepository } from '../../src/auth/identity.repository';
import { PosAppsService, PosSecrets } from '../../src/redemption/pos-apps.service';
import { signedRequest } from '../factories/pos';
import { actors, bearer, unique } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { useTestApp } from '../support/app-hooks';

/** Issue 13, items 1, 2 (member-code MACs), 3 and 4: one identity per login, sessions that end, secrets at rest, fields by role. */
describe('identity hardening (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);
  const db = () => t.app.get(DataSource);

  /** Ten wrong passwords: the account is locked for the window. */
  async function lockOut(path: string, username: string): Promise<void> {
    let last = 401;
    for (let i = 0; i < 12 && last !== 429; i++) last = (await t.http.post(path).send({ username, password: 'still-wrong' })).status;
    expect(last).toBe(429);
  }

  async function insertOperator(passwordHash: string): Promise<string> {
    const username = unique('ops');
    await db().query('INSERT INTO operators (id, username, password_hash, display_name, created_at) VALUES (?, ?, ?, ?, ?)', [
      randomUUID(),
      username,
      passwordHash,
      '运营',
      new Date().toISOString().slice(0, 23).replace('T', ' '),
    ]);
    return username;
  }

  const fullwidth = (text: string) => String.fromCharCode(text.charCodeAt(0) + 0xfee0) + text.slice(1);
  /** An accent on the first letter: the same row under utf8mb4_unicode_ci ("owner-…" and "ops-…" start with o). */
  const accented = (text: string) => `ó${text.slice(1)}`;

  describe('one identity per login', () => {
    it('should keep a locked staff account locked under every spelling the database treats as the same', async () => {
      const { username } = await a.registeredMerchant();
      await lockOut('/auth/staff/login', username);

      for (const variant of [`${username} `, ` ${username}`, fullwidth(username), username.toUpperCase()]) {
        const res = await t.http.post('/auth/staff/login').send({ username: variant, password: 'owner-password' });
        expect({ variant, status: res.status, code: res.body.code }).toEqual({ variant, status: 429, code: 'RATE_LIMITED' });
      }
      const withAccent = await t.http.post('/auth/staff/login').send({ username: accented(username), password: 'owner-password' });
      expect({ status: withAccent.status, code: withAccent.body.code }).toEqual({ status: 422, code: 'VALIDATION_FAILED' });
    });

    it('should keep a locked operator account locked under another spelling', async () => {
      const ops = await a.operator();
      const { sub } = JSON.parse(Buffer.from(ops.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string };
      const rows: Array<{ username: string }> = await db().query('SELECT username FROM operators WHERE id = ?', [sub]);
      const username = rows[0]!.username;
      await lockOut('/auth/operator/login', username);
      for (const variant of [`${username}\t`, fullwidth(username), username.toUpperCase(), accented(username)]) {
        expect((await t.http.post('/auth/operator/login').send({ username: variant, password: 'operator-password' })).status).not.toBe(200);
      }
    });

    it('should log in under a normalised spelling and refuse to register one that is taken', async () => {
      const { username } = await a.registeredMerchant();
      await t.http.post('/auth/staff/login').send({ username: ` ${fullwidth(username).toUpperCase()} `, password: 'owner-password' }).expect(200);
      const taken = await t.http.post('/merchants/register').send({ username: fullwidth(username), password: 'owner-password', displayName: '重名' }).expect(409);
      expect(taken.body.code).toBe('USERNAME_TAKEN');
    });

    it('should find an account only under its exact stored username (the column compares bytes)', async () => {
      const { username } = await a.registeredMerchant();
      const identities = t.app.get(IdentityRepository);
      expect(await identities.staffByUsername(username)).not.toBeNull();
      for (const variant of [`${username} `, username.toUpperCase(), accented(username)]) {
        expect(await identities.staffByUsername(variant)).toBeNull();
      }
    });
  });

  describe('passwords and sessions', () => {
    it('should log in with an old scrypt hash and store an argon2id hash instead', async () => {
      const salt = Buffer.from('0123456789abcdef');
      const legacy = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync('operator-password', salt, 64, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
      const username = await insertOperator(legacy);
      await t.http.post('/auth/operator/login').send({ username, password: 'operator-password' }).expect(200);
      const rows: Array<{ password_hash: string }> = await db().query('SELECT password_hash FROM operators WHERE username = ?', [username]);
      expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      await t.http.post('/auth/operator/login').send({ username, password: 'operator-password' }).expect(200);
    });

    it('should stop the access token of a session at logout, not 15 minutes later', async () => {
      const consumer = await a.consumer();
      await t.http.get('/me').set(bearer(consumer)).expect(200);
      await t.http.post('/auth/logout').send({ refreshToken: consumer.refreshToken }).expect(204);
      const after = await t.http.get('/me').set(bearer(consumer)).expect(401);
      expect(after.body.code).toBe('TOKEN_INVALID');
    });

    it('should stop every access token of a family when a used refresh token comes back', async () => {
      const { owner } = await a.registeredMerchant();
      const rotated = (await t.http.post('/auth/refresh').send({ refreshToken: owner.refreshToken }).expect(200)).body as TokenPair;
      await t.http.get('/merchant').set(bearer(rotated)).expect(200);
      await t.http.post('/auth/refresh').send({ refreshToken: owner.refreshToken }).expect(401);
      for (const token of [owner, rotated]) expect((await t.http.get('/merchant').set(bearer(token)).expect(401)).body.code).toBe('TOKEN_INVALID');
      // another session of the same account is untouched
      const other = await a.staffLogin(await ownerName(owner), 'owner-password');
      await t.http.get('/merchant').set(bearer(other)).expect(200);
    });

    async function ownerName(tokens: TokenPair): Promise<string> {
      const { sub } = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string };
      const rows: Array<{ username: string }> = await db().query('SELECT username FROM staff_users WHERE id = ?', [sub]);
      return rows[0]!.username;
    }
  });

  describe('POS app secrets and fields by role', () => {
    it('should keep a POS app secret encrypted at rest and still verify its signatures', async () => {
      const m = await a.approvedMerchant();
      const app = (await t.http.post('/merchant/pos-apps').set(bearer(m.owner)).send({ storeId: m.store.id, name: '前台 POS' }).expect(201)).body as { appKey: string; appSecret: string };
      const rows: Array<{ secret: string }> = await db().query('SELECT secret FROM pos_apps WHERE app_key = ?', [app.appKey]);
      expect(rows[0]!.secret).toMatch(/^sbx1:/);
      expect(rows[0]!.secret).not.toContain(app.appSecret);

      const { consumer, card } = await cardHolder(t, m.product.claimToken, 10_000);
      const code = await memberCode(t, consumer, card.id);
      await signedRequest(t, app, 'POST', '/pos/redemptions', { code: code.numericCode, amountFen: 100, merchantOrderNo: unique('ORD') }).expect(201);
    });

    it('should seal a POS app secret stored in clear before sealing existed, at the next boot', async () => {
      const m = await a.approvedMerchant();
      const appKey = `pos_${unique('old').replace(/-/g, '').slice(0, 12)}`;
      await db().query('INSERT INTO pos_apps (app_key, secret, merchant_id, store_id, name, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        appKey,
        'clear-secret-written-by-an-old-bff',
        m.merchant.id,
        m.store.id,
        '旧 POS',
        1,
        new Date().toISOString().slice(0, 23).replace('T', ' '),
      ]);
      await t.app.get(PosAppsService).onApplicationBootstrap();
      const rows: Array<{ secret: string }> = await db().query('SELECT secret FROM pos_apps WHERE app_key = ?', [appKey]);
      expect(rows[0]!.secret).toMatch(/^sbx1:/);
      expect(t.app.get(PosSecrets).open(rows[0]!.secret)).toBe('clear-secret-written-by-an-old-bff');
    });

    it('should show a cashier the merchant without its KYC and an owner all of it', async () => {
      const m = await a.approvedMerchant();
      const cashierName = unique('cashier');
      await t.http.post('/merchant/staff').set(bearer(m.owner)).send({ username: cashierName, password: 'cashier-password', displayName: '收银', role: 'CASHIER', storeIds: [m.store.id] }).expect(201);
      const cashier = await a.staffLogin(cashierName, 'cashier-password');

      const seen = (await t.http.get('/merchant').set(bearer(cashier)).expect(200)).body as Record<string, unknown>;
      expect(Object.keys(seen).sort()).toEqual(['displayName', 'id', 'status']);
      expect(JSON.stringify(seen)).not.toMatch(/6222020200112233445|张三|13912345678/);
      const owner = (await t.http.get('/merchant').set(bearer(m.owner)).expect(200)).body as { kyc: { settlementAccountNo: string } | null };
      expect(owner.kyc?.settlementAccountNo).toBe('6222020200112233445');
    });
  });

  describe('member codes under guessing', () => {
    async function liveCode() {
      const m = await a.approvedMerchant();
      const { consumer, card } = await cardHolder(t, m.product.claimToken, 10_000);
      const code = await memberCode(t, consumer, card.id);
      const sell = (text: string) =>
        t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: text, amountFen: 100, storeId: m.store.id, merchantOrderNo: unique('ORD') });
      const mac = Number(code.numericCode.slice(12));
      const guess = (i: number) => code.numericCode.slice(0, 12) + ((mac + i) % 1_000_000).toString().padStart(6, '0');
      return { consumer, code, sell, guess };
    }

    it('should still sell a code after four wrong MACs', async () => {
      const { code, sell, guess } = await liveCode();
      for (let i = 1; i <= 4; i++) expect((await sell(guess(i))).body.code).toBe('MEMBER_CODE_INVALID');
      await sell(code.numericCode).expect(201);
    });

    it('should end a live code at the fifth wrong MAC: the right one no longer sells and the page shows it expired', async () => {
      const { consumer, code, sell, guess } = await liveCode();
      for (let i = 1; i <= 5; i++) expect((await sell(guess(i))).body.code).toBe('MEMBER_CODE_INVALID');
      const right = await sell(code.numericCode);
      expect(right.status).toBeGreaterThanOrEqual(400);
      expect(['MEMBER_CODE_INVALID', 'MEMBER_CODE_EXPIRED']).toContain(right.body.code);
      const status = (await t.http.get(`/me/member-codes/${code.codeId}`).set(bearer(consumer)).expect(200)).body as { state: string };
      expect(status.state).toBe('EXPIRED');
    });
  });
});
