import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { CustodyBankClient, loadCustodyBankCredentials, type CustodyBankCredentials } from '../../src/settlement/custody-bank.client';
import type { PayoutInput } from '../../src/settlement/payout.port';

/** GET /__control/payouts: the bank's view of each payout, plus the payee and how many requests named it. */
interface SandboxPayout {
  out_payout_no: string;
  payout_id: string;
  amount: number;
  status: 'SUCCESS' | 'PROCESSING' | 'FAILED';
  fail_code?: string;
  payee: { account_no: string; account_name: string; bank_name: string };
  remark: string;
  requests: number;
}

/**
 * The custody bank client against the channel sandbox the e2e tier starts (its own process, fresh keys):
 * real RSA signatures both ways, the bank's idempotency, refusals, the processing mode and faults.
 */
describe('custody bank payouts through the channel sandbox (e2e)', () => {
  // CUSTODY_BANK_URL left to its default: the sandbox this tier started (whatever a developer's .env says).
  const config = loadConfig({ ...process.env, CUSTODY_BANK_URL: '' });
  const credentials = loadCustodyBankCredentials(resolve(config.PAYMENT_CREDENTIALS_FILE));
  const bank = new CustodyBankClient({ baseUrl: config.CUSTODY_BANK_URL, credentials });
  let seq = 0;

  const control = async <T = unknown>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> => {
    const res = await fetch(`${config.CHANNEL_SANDBOX_URL}/__control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} /__control/${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const payoutsAt = async (no: string) => (await control<SandboxPayout[]>('payouts')).filter((p) => p.out_payout_no === no);

  const payout = (extra: Partial<PayoutInput> = {}): PayoutInput => ({
    outPayoutNo: `JCE2E${Date.now()}${seq++}`,
    amountFen: 86_420,
    accountNo: '6222020200112233445',
    accountName: '上海聚卡餐饮有限公司',
    bankName: '中国工商银行上海分行',
    remark: '2025-01-01 结算款',
    ...extra,
  });
  const otherKeys = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });

  afterEach(async () => {
    await control('faults/bank', undefined, 'DELETE');
    await control('payouts/mode', { mode: 'instant' });
  });

  it('should default CUSTODY_BANK_URL to the channel sandbox, take an explicit one, and refuse a malformed one', () => {
    expect(config.CUSTODY_BANK_URL).toBe(config.CHANNEL_SANDBOX_URL);
    expect(loadConfig({ ...process.env, CUSTODY_BANK_URL: 'https://bank.example/openapi' }).CUSTODY_BANK_URL).toBe('https://bank.example/openapi');
    expect(() => loadConfig({ ...process.env, CUSTODY_BANK_URL: 'bank.example' })).toThrow(/CUSTODY_BANK_URL is invalid/);
  });

  it('should pay a merchant at once and read the payout back', async () => {
    const input = payout();
    const paid = await bank.pay(input);

    expect(paid).toEqual({ kind: 'PAID', bankReference: expect.stringMatching(/^\d{26}$/), paidAt: expect.any(Date) });
    if (paid.kind !== 'PAID') throw new Error('unreachable');
    expect(Math.abs(paid.paidAt.getTime() - Date.now())).toBeLessThan(5_000);
    expect(await bank.query(input.outPayoutNo)).toEqual(paid);
    expect(await payoutsAt(input.outPayoutNo)).toEqual([
      expect.objectContaining({
        payout_id: paid.bankReference,
        amount: 86_420,
        status: 'SUCCESS',
        payee: { account_no: input.accountNo, account_name: input.accountName, bank_name: input.bankName },
        remark: input.remark,
      }),
    ]);
  });

  it('should pay once when the same payout is sent again', async () => {
    const input = payout();
    const first = await bank.pay(input);
    const again = await bank.pay(input);

    expect(again).toEqual(first);
    const atBank = await payoutsAt(input.outPayoutNo);
    expect(atBank).toHaveLength(1);
    expect(atBank[0]).toMatchObject({ requests: 2, amount: 86_420 });
  });

  it('should not report the same number with another amount as paid or failed, and leave the first payout alone', async () => {
    const input = payout();
    await bank.pay(input);

    const conflict = await bank.pay({ ...input, amountFen: 99_999 });

    expect(conflict).toEqual({ kind: 'UNKNOWN', reason: expect.stringContaining('OUT_PAYOUT_NO_USED') });
    expect(await payoutsAt(input.outPayoutNo)).toEqual([expect.objectContaining({ amount: 86_420, status: 'SUCCESS', requests: 1 })]);
  });

  it('should report a frozen payee account (ending 4004) as FAILED ACCOUNT_FROZEN', async () => {
    const input = payout({ accountNo: '6222020200110004004' });
    const expected = { kind: 'FAILED', code: 'ACCOUNT_FROZEN', reason: '账户已冻结' };
    expect(await bank.pay(input)).toEqual(expected);
    expect(await bank.query(input.outPayoutNo)).toEqual(expected);
  });

  it('should report a payee the bank cannot accept as FAILED PARAM_ERROR, with nothing created', async () => {
    const input = payout({ accountNo: 'not-a-number' });
    expect(await bank.pay(input)).toEqual({ kind: 'FAILED', code: 'PARAM_ERROR', reason: expect.stringContaining('account_no') });
    expect(await payoutsAt(input.outPayoutNo)).toEqual([]);
  });

  it('should report PROCESSING until the bank settles the payout, then PAID on query', async () => {
    await control('payouts/mode', { mode: 'processing' });
    const input = payout();

    const created = await bank.pay(input);
    expect(created).toEqual({ kind: 'PROCESSING', bankReference: expect.stringMatching(/^\d{26}$/) });
    expect(await bank.query(input.outPayoutNo)).toEqual(created);

    await control(`payouts/${input.outPayoutNo}/succeed`, {});
    const settled = await bank.query(input.outPayoutNo);
    expect(settled).toEqual({ kind: 'PAID', bankReference: created.kind === 'PROCESSING' ? created.bankReference : '', paidAt: expect.any(Date) });
  });

  it('should report a PROCESSING payout the bank then refuses as FAILED with its code', async () => {
    await control('payouts/mode', { mode: 'processing' });
    const input = payout();
    await bank.pay(input);
    await control(`payouts/${input.outPayoutNo}/fail`, { code: 'ACCOUNT_CLOSED', reason: '账户已销户' });
    expect(await bank.query(input.outPayoutNo)).toEqual({ kind: 'FAILED', code: 'ACCOUNT_CLOSED', reason: '账户已销户' });
  });

  it('should refuse an answer the bank did not sign (wrong bank key): UNKNOWN, never PAID, though the bank paid', async () => {
    const misled = new CustodyBankClient({
      baseUrl: config.CUSTODY_BANK_URL,
      credentials: { ...credentials, bankPublicKeyPem: otherKeys().publicKey },
    });
    const input = payout();

    const state = await misled.pay(input);

    expect(state).toEqual({ kind: 'UNKNOWN', reason: expect.stringContaining('signature does not verify') });
    expect(await payoutsAt(input.outPayoutNo)).toEqual([expect.objectContaining({ status: 'SUCCESS' })]);
    expect((await bank.query(input.outPayoutNo)).kind).toBe('PAID'); // the genuine key reads the truth
  });

  it('should be refused by the bank when signing with a key it does not know, with nothing paid', async () => {
    const impostor: CustodyBankCredentials = { ...credentials, privateKeyPem: otherKeys().privateKey };
    const input = payout();

    const state = await new CustodyBankClient({ baseUrl: config.CUSTODY_BANK_URL, credentials: impostor }).pay(input);

    expect(state).toEqual({ kind: 'UNKNOWN', reason: expect.stringContaining('SIGN_ERROR') });
    expect(await payoutsAt(input.outPayoutNo)).toEqual([]);
  });

  it('should answer UNKNOWN to a 5xx without paying, and pay on the retry with the same number', async () => {
    await control('faults/bank', { errorStatus: 500, apiCount: 1 });
    const input = payout();

    expect(await bank.pay(input)).toEqual({ kind: 'UNKNOWN', reason: 'HTTP 500' });
    expect(await payoutsAt(input.outPayoutNo)).toEqual([]);
    expect((await bank.pay(input)).kind).toBe('PAID');
  });

  it('should answer UNKNOWN to a timeout, after which the query finds the payout the bank made anyway', async () => {
    await control('faults/bank', { timeoutMs: 1_000, apiCount: 1 });
    const impatient = new CustodyBankClient({ baseUrl: config.CUSTODY_BANK_URL, credentials, timeoutMs: 200 });
    const input = payout();

    expect(await impatient.pay(input)).toEqual({ kind: 'UNKNOWN', reason: 'no answer within 200 ms' });
    let state = await impatient.query(input.outPayoutNo);
    for (let i = 0; i < 30 && state.kind === 'UNKNOWN'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await impatient.query(input.outPayoutNo);
    }
    expect(state.kind).toBe('PAID');
    expect(await payoutsAt(input.outPayoutNo)).toHaveLength(1);
  });

  it('should answer UNKNOWN to a query for a number the bank never received', async () => {
    expect(await bank.query(payout().outPayoutNo)).toEqual({ kind: 'UNKNOWN', reason: expect.stringContaining('PAYOUT_NOT_FOUND') });
  });
});
