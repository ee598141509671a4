import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustodyBankClient, loadCustodyBankCredentials, type CustodyBankCredentials } from './custody-bank.client';
import type { PayoutInput } from './payout.port';

const pair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
};
const client = pair(); // ours: signs requests
const bank = pair(); // the bank's: signs answers
const stranger = pair();

const credentials: CustodyBankCredentials = { clientId: 'JUCARD0000000001', privateKeyPem: client.privateKeyPem, bankPublicKeyPem: bank.publicKeyPem };
const NOW = new Date('2025-01-02T02:00:00Z');
const nowS = () => Math.floor(NOW.getTime() / 1000);
const lines = (...parts: string[]) => parts.map((p) => `${p}\n`).join('');

const input: PayoutInput = {
  outPayoutNo: 'PO202501010000001',
  amountFen: 123_456,
  accountNo: '6222020200112233445',
  accountName: '上海聚卡餐饮有限公司',
  bankName: '中国工商银行上海分行',
  remark: '2025-01-01 结算款',
};

const payout = (extra: Record<string, unknown> = {}) => ({
  out_payout_no: input.outPayoutNo,
  payout_id: '20250102100000123456789012',
  amount: input.amountFen,
  currency: 'CNY',
  status: 'SUCCESS',
  create_time: '2025-01-02T10:00:00+08:00',
  success_time: '2025-01-02T10:00:01+08:00',
  ...extra,
});

interface Answer {
  status?: number;
  body?: unknown;
  raw?: string;
  /** Who signs: the bank (default), another key, or nobody. */
  signer?: 'bank' | 'stranger' | 'none';
  timestamp?: number;
}

/** A Response as the bank would send it. */
function bankResponse({ status = 200, body, raw, signer = 'bank', timestamp = nowS() }: Answer): Response {
  const text = raw ?? JSON.stringify(body);
  const nonce = 'n0nce0000000000000000000000000000';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signer !== 'none') {
    const key = signer === 'bank' ? bank.privateKeyPem : stranger.privateKeyPem;
    headers['x-bank-timestamp'] = String(timestamp);
    headers['x-bank-nonce'] = nonce;
    headers['x-bank-signature'] = createSign('RSA-SHA256').update(lines(String(timestamp), nonce, text)).sign(key, 'base64');
  }
  return new Response(text, { status, headers });
}

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

describe('CustodyBankClient', () => {
  let sent: Sent[];
  let answer: (request: Sent, signal: AbortSignal) => Promise<Response>;
  let sut: CustodyBankClient;

  beforeEach(() => {
    sent = [];
    answer = async () => bankResponse({ body: payout() });
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      const request = {
        url: typeof url === 'string' ? url : url instanceof URL ? url.href : url.url,
        method: init?.method ?? 'GET',
        headers: init?.headers as Record<string, string>,
        body: typeof init?.body === 'string' ? init.body : '',
      };
      sent.push(request);
      return answer(request, init!.signal!);
    });
    sut = new CustodyBankClient({ baseUrl: 'http://bank.test/', credentials, now: () => NOW, timeoutMs: 200 });
  });
  afterEach(() => jest.restoreAllMocks());

  describe('requests', () => {
    it('should send the payout in integer fen, signed by our key over method, path, timestamp, nonce and body', async () => {
      await sut.pay(input);

      const [request] = sent;
      expect(request!.url).toBe('http://bank.test/bank/v1/payouts');
      expect(request!.method).toBe('POST');
      expect(JSON.parse(request!.body)).toEqual({
        out_payout_no: input.outPayoutNo,
        amount: 123_456,
        currency: 'CNY',
        payee: { account_no: input.accountNo, account_name: input.accountName, bank_name: input.bankName },
        remark: input.remark,
      });
      const h = request!.headers;
      expect(h['X-Bank-Client-Id']).toBe('JUCARD0000000001');
      expect(h['X-Bank-Timestamp']).toBe(String(nowS()));
      expect(h['X-Bank-Nonce']).toMatch(/^[0-9a-f]{32}$/);
      const message = lines('POST', '/bank/v1/payouts', h['X-Bank-Timestamp']!, h['X-Bank-Nonce']!, request!.body);
      expect(createVerify('RSA-SHA256').update(message).verify(client.publicKeyPem, h['X-Bank-Signature']!, 'base64')).toBe(true);
    });

    it('should use a fresh nonce for every call', async () => {
      await sut.pay(input);
      await sut.pay(input);
      expect(sent[0]!.headers['X-Bank-Nonce']).not.toBe(sent[1]!.headers['X-Bank-Nonce']);
    });

    it('should sign the whole request target when the base URL has a path prefix, with an empty body for a query', async () => {
      sut = new CustodyBankClient({ baseUrl: 'http://bank.test/openapi', credentials, now: () => NOW });
      await sut.query(input.outPayoutNo);

      const [request] = sent;
      expect(request!.url).toBe(`http://bank.test/openapi/bank/v1/payouts/${input.outPayoutNo}`);
      const h = request!.headers;
      const message = lines('GET', `/openapi/bank/v1/payouts/${input.outPayoutNo}`, h['X-Bank-Timestamp']!, h['X-Bank-Nonce']!, '');
      expect(createVerify('RSA-SHA256').update(message).verify(client.publicKeyPem, h['X-Bank-Signature']!, 'base64')).toBe(true);
    });
  });

  describe('verified answers', () => {
    it('should read SUCCESS as PAID with the bank reference and the time paid', async () => {
      await expect(sut.pay(input)).resolves.toEqual({
        kind: 'PAID',
        bankReference: '20250102100000123456789012',
        paidAt: new Date('2025-01-02T02:00:01Z'),
      });
    });

    it.each([
      ['PROCESSING', payout({ status: 'PROCESSING', success_time: undefined }), { kind: 'PROCESSING', bankReference: '20250102100000123456789012' }],
      [
        'FAILED',
        payout({ status: 'FAILED', success_time: undefined, fail_code: 'ACCOUNT_FROZEN', fail_reason: '账户已冻结' }),
        { kind: 'FAILED', code: 'ACCOUNT_FROZEN', reason: '账户已冻结' },
      ],
    ])('should read %s from a query', async (_status, body, expected) => {
      answer = async () => bankResponse({ body });
      await expect(sut.query(input.outPayoutNo)).resolves.toEqual(expected);
    });

    it('should read 400 PARAM_ERROR as FAILED: the bank made no payout under that number', async () => {
      answer = async () => bankResponse({ status: 400, body: { code: 'PARAM_ERROR', message: 'payee.account_no需为8-32位数字' } });
      await expect(sut.pay(input)).resolves.toEqual({ kind: 'FAILED', code: 'PARAM_ERROR', reason: 'payee.account_no需为8-32位数字' });
    });

    it.each([
      ['409 OUT_PAYOUT_NO_USED on pay (another payout holds the number)', 'pay', 409, 'OUT_PAYOUT_NO_USED'],
      ['401 SIGN_ERROR on pay', 'pay', 401, 'SIGN_ERROR'],
      ['404 PAYOUT_NOT_FOUND on query (the pay may still be on its way)', 'query', 404, 'PAYOUT_NOT_FOUND'],
    ] as const)('should answer UNKNOWN to %s', async (_case, call, status, code) => {
      answer = async () => bankResponse({ status, body: { code, message: '…' } });
      const state = call === 'pay' ? await sut.pay(input) : await sut.query(input.outPayoutNo);
      expect(state).toEqual({ kind: 'UNKNOWN', reason: expect.stringContaining(code) });
    });
  });

  describe('answers that cannot be trusted are UNKNOWN, never PAID', () => {
    it.each<[string, Answer]>([
      ['signed with another key', { body: payout(), signer: 'stranger' }],
      ['not signed', { body: payout(), signer: 'none' }],
      ['signed too long ago', { body: payout(), timestamp: nowS() - 6 * 60 }],
      ['about another payout', { body: payout({ out_payout_no: 'PO_SOMEONE_ELSE' }) }],
      ['for another amount', { body: payout({ amount: 999 }) }],
      ['that says SUCCESS without success_time', { body: payout({ success_time: undefined }) }],
      ['with an unknown status', { body: payout({ status: 'REVERSED' }) }],
      ['that is not JSON', { raw: '<html>gateway</html>' }],
    ])('should not trust an answer %s', async (_case, bad) => {
      answer = async () => bankResponse(bad);
      const state = await sut.pay(input);
      expect(state.kind).toBe('UNKNOWN');
    });

    it('should not trust a body changed after the bank signed it', async () => {
      answer = async () => {
        const genuine = bankResponse({ body: payout({ status: 'FAILED', success_time: undefined, fail_code: 'ACCOUNT_FROZEN' }) });
        const forged = JSON.stringify(payout());
        return new Response(forged, { status: 200, headers: genuine.headers });
      };
      await expect(sut.pay(input)).resolves.toEqual({ kind: 'UNKNOWN', reason: expect.stringContaining('signature does not verify') });
    });

    it.each([500, 502, 503, 429])('should answer UNKNOWN to HTTP %i without reading the body', async (status) => {
      answer = async () => bankResponse({ status, body: { code: 'SYSTEM_ERROR', message: '系统繁忙' }, signer: 'none' });
      await expect(sut.pay(input)).resolves.toEqual({ kind: 'UNKNOWN', reason: `HTTP ${status}` });
    });

    it('should answer UNKNOWN when the bank does not answer in time', async () => {
      answer = (_request, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
      await expect(sut.pay(input)).resolves.toEqual({ kind: 'UNKNOWN', reason: 'no answer within 200 ms' });
    });

    it('should answer UNKNOWN when the bank cannot be reached', async () => {
      answer = async () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      };
      await expect(sut.query(input.outPayoutNo)).resolves.toEqual({ kind: 'UNKNOWN', reason: 'no answer: ECONNREFUSED' });
    });
  });

  it('should refuse to start with a key that is not PEM', () => {
    expect(() => new CustodyBankClient({ baseUrl: 'http://bank.test', credentials: { ...credentials, bankPublicKeyPem: 'nope' } })).toThrow();
  });
});

describe('loadCustodyBankCredentials', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jucard-bank-credentials-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('should read the bank section and nothing else', () => {
    const file = write('ok.json', { wechatpay: { mchid: '1' }, bank: { ...credentials, extra: 'ignored' } });
    expect(loadCustodyBankCredentials(file)).toEqual(credentials);
  });

  it.each([
    ['a file without the bank (written before it existed)', { wechatpay: {} }, /bank is missing/],
    ['a missing field', { bank: { ...credentials, clientId: '' } }, /bank\.clientId is missing/],
    ['an unreadable private key', { bank: { ...credentials, privateKeyPem: 'nope' } }, /bank\.privateKeyPem is not a readable PEM key/],
    ['an unreadable bank key', { bank: { ...credentials, bankPublicKeyPem: 'nope' } }, /bank\.bankPublicKeyPem is not a readable PEM key/],
    ['text that is not JSON', '{"bank":', /cannot be read/],
  ])('should stop with a sentence naming %s', (_case, content, message) => {
    const file = write(`${Math.random()}.json`, content);
    expect(() => loadCustodyBankCredentials(file)).toThrow(message);
    expect(() => loadCustodyBankCredentials(file)).toThrow(file);
  });

  it('should name a file that does not exist', () => {
    expect(() => loadCustodyBankCredentials(join(dir, 'missing.json'))).toThrow(/missing\.json cannot be read/);
  });
});
