import type { ChildProcess } from 'node:child_process';
import type { CardView, MemberCodeView, RedemptionView, StoreView, TokenPair } from '@jucard/shared';
import { actors, bearer, unique } from '../../../bff/test/factories/actors';
import { claimCard, creditCard, memberCode } from '../../../bff/test/factories/money';
import { startSandboxProcess } from '../../../bff/test/support/sandbox-process';
import { startTestApp, type TestApp } from '../../../bff/test/support/test-app';
import { H5_DIST } from './h5-dist';

export { H5_DIST };

export interface Stack {
  t: TestApp;
  /** Origin of the BFF, e.g. http://127.0.0.1:41234 (the H5 app is at `${origin}/app/`). */
  origin: string;
  close(): Promise<void>;
}

/**
 * The whole BFF in-process, as the e2e tier runs it, with the channel sandbox as its own process and the
 * H5 build served at /app/. No part of it is mocked. The database was reset by the tier's global setup. `env`
 * overrides the test app's settings (e.g. a background job's interval: they are off in tests unless set).
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const sandbox: { url: string; process: ChildProcess } = await startSandboxProcess();
  const t = await startTestApp({ CHANNEL_SANDBOX_URL: sandbox.url, H5_DIST_DIR: H5_DIST, MEMBER_CODE_ISSUE_PER_MINUTE: '100000', ...env });
  const address = t.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    t,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await t.close();
      sandbox.process.kill('SIGTERM');
    },
  };
}

export interface Staffer {
  username: string;
  password: string;
}

/** A merchant with three stores; a cashier who works at the first two, and a manager. */
export async function merchantWithStaff(t: TestApp) {
  const a = actors(t);
  const m = await a.approvedMerchant();
  const addStore = async (name: string) =>
    (await t.http.post('/merchant/stores').set(bearer(m.owner)).send({ name, address: '上海市黄浦区' }).expect(201)).body as StoreView;
  const second = await addStore('二号店');
  const third = await addStore('三号店');
  const addStaff = async (role: 'CASHIER' | 'MANAGER', displayName: string, storeIds: string[]): Promise<Staffer> => {
    const username = unique(role.toLowerCase());
    const password = `${role.toLowerCase()}-password`;
    await t.http.post('/merchant/staff').set(bearer(m.owner)).send({ username, password, displayName, role, storeIds }).expect(201);
    return { username, password };
  };
  const cashier = await addStaff('CASHIER', '王收银', [m.store.id, second.id]);
  const manager = await addStaff('MANAGER', '李店长', []);
  return { ...m, stores: { first: m.store, second, third }, cashier, manager };
}

/** A consumer with the merchant's card, credited through the ledger as a paid top-up is. */
export async function customerWithCard(t: TestApp, claimToken: string, principalFen: number, bonusFen: number) {
  const consumer: TokenPair = await actors(t).consumer();
  const card: CardView = await claimCard(t, consumer, claimToken);
  await creditCard(t, card.id, principalFen, bonusFen);
  return {
    consumer,
    card,
    /** A fresh member code, as the customer's phone shows it. */
    code: (): Promise<MemberCodeView> => memberCode(t, consumer, card.id),
  };
}

/** A sale at the till through the API, as the staffer's own counter would send it: signs them in, charges the code. */
export async function saleAtTill(t: TestApp, staffer: Staffer, sale: { code: string; amountFen: number; storeId: string }): Promise<RedemptionView> {
  const tokens = await actors(t).staffLogin(staffer.username, staffer.password);
  const res = await t.http
    .post('/merchant/redemptions')
    .set(bearer(tokens))
    .send({ ...sale, merchantOrderNo: unique('TILL') })
    .expect(201);
  return res.body as RedemptionView;
}
