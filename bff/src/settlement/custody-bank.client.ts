import { createPrivateKey, createPublicKey, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEFAULT_TIMEOUT_MS } from '../payments/providers/channel-errors';
import { parseRfc3339 } from '../payments/providers/china-time';
import type { PayoutInput, PayoutPort, PayoutState } from './payout.port';

/** The `bank` section of merchant-credentials.json (PAYMENT_CREDENTIALS_FILE). */
export interface CustodyBankCredentials {
  /** Our client id at the bank (X-Bank-Client-Id). */
  clientId: string;
  /** Signs our requests; the bank holds the public half. */
  privateKeyPem: string;
  /** Verifies the bank's answers. */
  bankPublicKeyPem: string;
}

export interface CustodyBankClientOptions {
  /** The bank's API root; the channel sandbox locally (CUSTODY_BANK_URL). */
  baseUrl: string;
  credentials: CustodyBankCredentials;
  /** Per call; a slower bank is an UNKNOWN, to be queried later. */
  timeoutMs?: number;
  now?: () => Date;
}

/** The bank refuses requests further than this from its clock; we hold its answers to the same window. */
const MAX_CLOCK_SKEW_S = 5 * 60;

interface BankPayout {
  out_payout_no?: unknown;
  payout_id?: unknown;
  amount?: unknown;
  status?: unknown;
  fail_code?: unknown;
  fail_reason?: unknown;
  success_time?: unknown;
  code?: unknown;
  message?: unknown;
}

/** A verified answer, or why there is none we can trust. */
type BankAnswer = { verified: true; status: number; body: BankPayout } | { verified: false; reason: string };

const signLines = (...parts: string[]) => parts.map((part) => `${part}\n`).join('');
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const unknown = (reason: string): PayoutState => ({ kind: 'UNKNOWN', reason });
const errorOf = (answer: { status: number; body: BankPayout }) =>
  `HTTP ${answer.status} ${text(answer.body.code) || 'no code'} ${text(answer.body.message)}`.trim();

/**
 * The custody bank's payout API (scripts/sandbox/README.md, "Custody bank"): requests signed SHA256withRSA with our
 * client key over METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n, every answer verified against the bank's key over
 * TIMESTAMP\nNONCE\nBODY\n. Only a verified answer about the payout asked for can say PAID or FAILED; anything
 * else (no answer, 5xx, a bad signature, a conflict) is UNKNOWN, because money may or may not have moved.
 */
export class CustodyBankClient implements PayoutPort {
  private readonly baseUrl: string;
  private readonly clientId: string;
  private readonly privateKey: KeyObject;
  private readonly bankPublicKey: KeyObject;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(options: CustodyBankClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clientId = options.credentials.clientId;
    this.privateKey = createPrivateKey(options.credentials.privateKeyPem);
    this.bankPublicKey = createPublicKey(options.credentials.bankPublicKeyPem);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? (() => new Date());
  }

  async pay(input: PayoutInput): Promise<PayoutState> {
    const body = JSON.stringify({
      out_payout_no: input.outPayoutNo,
      amount: input.amountFen,
      currency: 'CNY',
      payee: { account_no: input.accountNo, account_name: input.accountName, bank_name: input.bankName },
      remark: input.remark,
    });
    const answer = await this.call('POST', '/bank/v1/payouts', body);
    if (!answer.verified) return unknown(answer.reason);
    if (answer.status === 200) return stateOf(answer.body, input.outPayoutNo, input.amountFen);
    // The bank looks the number up before it validates the body, so PARAM_ERROR means nothing exists under it.
    if (answer.status === 400 && answer.body.code === 'PARAM_ERROR') {
      return { kind: 'FAILED', code: 'PARAM_ERROR', reason: text(answer.body.message) || 'the bank refused the parameters' };
    }
    // 409 OUT_PAYOUT_NO_USED: a payout with another body holds this number and may be paid, so it is not FAILED
    // (paying again under a new number could pay twice). 401: the bank did not act on this request.
    return unknown(errorOf(answer));
  }

  async query(outPayoutNo: string): Promise<PayoutState> {
    const answer = await this.call('GET', `/bank/v1/payouts/${encodeURIComponent(outPayoutNo)}`);
    if (!answer.verified) return unknown(answer.reason);
    if (answer.status === 200) return stateOf(answer.body, outPayoutNo);
    // 404 PAYOUT_NOT_FOUND is not a failure: a pay() may still be on its way. pay() again with the same number.
    return unknown(errorOf(answer));
  }

  private async call(method: 'GET' | 'POST', path: string, body = ''): Promise<BankAnswer> {
    const url = new URL(`${this.baseUrl}${path}`);
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const nonce = randomBytes(16).toString('hex');
    // PATH is the request target as the bank receives it, so a base URL with a path prefix is signed whole.
    const signature = createSign('RSA-SHA256')
      .update(signLines(method, url.pathname + url.search, timestamp, nonce, body), 'utf8')
      .sign(this.privateKey, 'base64');
    let response: Response;
    let raw: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(method === 'POST' && { 'content-type': 'application/json; charset=utf-8' }),
          'X-Bank-Client-Id': this.clientId,
          'X-Bank-Timestamp': timestamp,
          'X-Bank-Nonce': nonce,
          'X-Bank-Signature': signature,
        },
        body: method === 'POST' ? body : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      raw = await response.text();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { verified: false, reason: `no answer within ${this.timeoutMs} ms` };
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { verified: false, reason: `no answer: ${cause ?? (error as Error).message}` };
    }
    // A 5xx may come from a gateway in front of the bank, unsigned; either way the bank has not told us the outcome.
    if (response.status >= 500 || response.status === 429) return { verified: false, reason: `HTTP ${response.status}` };
    const problem = this.checkSignature(response.headers, raw);
    if (problem) return { verified: false, reason: `HTTP ${response.status}, ${problem}` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { verified: false, reason: `HTTP ${response.status}, answer is not JSON` };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { verified: false, reason: `HTTP ${response.status}, answer is not a JSON object` };
    return { verified: true, status: response.status, body: parsed };
  }

  /** null when the bank signed exactly these bytes recently; else what is wrong. */
  private checkSignature(headers: Headers, raw: string): string | null {
    const timestamp = headers.get('x-bank-timestamp');
    const nonce = headers.get('x-bank-nonce');
    const signature = headers.get('x-bank-signature');
    if (!timestamp || !nonce || !signature) return 'answer is not signed';
    let valid: boolean;
    try {
      valid = createVerify('RSA-SHA256').update(signLines(timestamp, nonce, raw), 'utf8').verify(this.bankPublicKey, signature, 'base64');
    } catch {
      valid = false; // a malformed signature is a failed one
    }
    if (!valid) return 'answer signature does not verify with the bank key';
    const ageS = Math.abs(this.now().getTime() / 1000 - Number(timestamp));
    if (!/^\d{1,12}$/.test(timestamp) || ageS > MAX_CLOCK_SKEW_S) return `answer timestamp ${timestamp} is outside ±${MAX_CLOCK_SKEW_S} s`;
    return null;
  }
}

/** A verified payout answer as a state; checked against what was asked, so a misrouted answer cannot say PAID. */
function stateOf(payout: BankPayout, outPayoutNo: string, amountFen?: number): PayoutState {
  if (payout.out_payout_no !== outPayoutNo) return unknown(`answer is about payout ${String(payout.out_payout_no)}, not ${outPayoutNo}`);
  if (amountFen !== undefined && payout.amount !== amountFen) return unknown(`answer amount ${String(payout.amount)} fen, asked ${amountFen}`);
  const bankReference = text(payout.payout_id);
  switch (payout.status) {
    case 'SUCCESS': {
      const paidAt = parseRfc3339(text(payout.success_time));
      if (!bankReference || !paidAt) return unknown('SUCCESS without payout_id or success_time');
      return { kind: 'PAID', bankReference, paidAt };
    }
    case 'PROCESSING':
      return { kind: 'PROCESSING', bankReference: bankReference || null };
    case 'FAILED':
      return { kind: 'FAILED', code: text(payout.fail_code) || 'FAILED', reason: text(payout.fail_reason) };
    default:
      return unknown(`payout status ${String(payout.status)}`);
  }
}

/**
 * Reads the `bank` section of the credentials file (the channel sandbox writes it), so a missing field or an
 * unreadable key names itself before the first payout. The payment channels' sections are not checked here.
 */
export function loadCustodyBankCredentials(file: string): CustodyBankCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`payment credentials ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return checkCustodyBankCredentials(parsed, file);
}

export function checkCustodyBankCredentials(value: unknown, source = 'credentials'): CustodyBankCredentials {
  const fail = (what: string) => new Error(`payment credentials ${source}: ${what}`);
  const section = (value as { bank?: unknown } | null)?.bank as Record<string, unknown> | undefined;
  if (!section || typeof section !== 'object') throw fail('bank is missing (the channel sandbox adds it when it next starts)');
  for (const name of ['clientId', 'privateKeyPem', 'bankPublicKeyPem']) {
    if (typeof section[name] !== 'string' || section[name] === '') throw fail(`bank.${name} is missing`);
  }
  const credentials = { clientId: section.clientId, privateKeyPem: section.privateKeyPem, bankPublicKeyPem: section.bankPublicKeyPem } as CustodyBankCredentials;
  try {
    createPrivateKey(credentials.privateKeyPem);
  } catch {
    throw fail('bank.privateKeyPem is not a readable PEM key');
  }
  try {
    createPublicKey(credentials.bankPublicKeyPem);
  } catch {
    throw fail('bank.bankPublicKeyPem is not a readable PEM key');
  }
  return credentials;
}
