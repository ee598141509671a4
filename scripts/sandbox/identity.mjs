// @ts-check
// Identity verification (身份证二要素核验: name + resident ID number against the public-security records), as a
// verification vendor serves it:
//   POST /identity/v1/verify {"name","idNo"} -> {"requestId","result": CONSISTENT | INCONSISTENT | NO_RECORD}
// HTTP 200 for every answer the records give; 400 for a malformed request; a fault is a 500 or no answer at all.
// The answer is decided by the number's 3-digit sequence code (digits 15–17), so tests pick an outcome by number:
//   …999x  times out: no answer for 30 s (the caller gives up first)
//   …998x  INCONSISTENT (the name does not match the number)
//   …997x  NO_RECORD (no such number on record)
//   …996x  500 (the vendor fails)
//   anything else CONSISTENT.
// Control (sandbox only):
//   POST   /__control/identity {idNo, outcome: consistent|inconsistent|no_record|timeout|error}  override one number
//   DELETE /__control/identity                                  forget the overrides and the calls (also /__control/reset)
//   GET    /__control/identity/calls?idNo=                      every call, newest first, for assertions
import { randomUUID } from 'node:crypto';

const TIMEOUT_HANG_MS = 30_000;
const MAX_CALLS = 1000;
const OUTCOMES = ['consistent', 'inconsistent', 'no_record', 'timeout', 'error'];
const BY_SEQUENCE = { 999: 'timeout', 998: 'inconsistent', 997: 'no_record', 996: 'error' };

/** Overrides and the call log; reset by /__control/reset. */
export function createIdentityBook() {
  const overrides = new Map();
  const calls = [];
  return {
    overrides,
    calls,
    record(call) {
      calls.unshift(call);
      if (calls.length > MAX_CALLS) calls.length = MAX_CALLS;
    },
    reset() {
      overrides.clear();
      calls.length = 0;
    },
  };
}

export function outcomeFor(book, idNo) {
  return book.overrides.get(idNo) ?? BY_SEQUENCE[idNo.slice(14, 17)] ?? 'consistent';
}

const hang = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export function identity({ book = createIdentityBook(), now = Date.now } = {}) {
  return [
    {
      method: 'POST',
      path: '/identity/v1/verify',
      async handle({ body }) {
        const name = body?.name;
        const idNo = body?.idNo;
        if (typeof name !== 'string' || name.length === 0 || name.length > 50 || typeof idNo !== 'string' || !/^\d{17}[\dX]$/.test(idNo)) {
          return { status: 400, body: { error: 'invalid_request', message: 'name (1–50 characters) and idNo (18 characters) are required' } };
        }
        const outcome = outcomeFor(book, idNo);
        const requestId = randomUUID();
        book.record({ requestId, idNo, name, outcome, at: new Date(now()).toISOString() });
        if (outcome === 'timeout') await hang(TIMEOUT_HANG_MS);
        if (outcome === 'error') return { status: 500, body: { error: 'internal', message: '核验服务繁忙（沙箱注入）' } };
        const result = outcome === 'inconsistent' ? 'INCONSISTENT' : outcome === 'no_record' ? 'NO_RECORD' : 'CONSISTENT';
        return { body: { requestId, result } };
      },
    },
    {
      method: 'POST',
      path: '/__control/identity',
      handle({ body }) {
        const idNo = body?.idNo;
        const outcome = body?.outcome;
        if (typeof idNo !== 'string' || !/^\d{17}[\dX]$/.test(idNo) || !OUTCOMES.includes(outcome)) {
          return { status: 422, body: { error: 'invalid_override', message: `idNo (18 characters) and outcome (${OUTCOMES.join(' | ')}) are required` } };
        }
        book.overrides.set(idNo, outcome);
        return { body: { idNo, outcome } };
      },
    },
    {
      method: 'DELETE',
      path: '/__control/identity',
      handle() {
        book.reset();
        return { body: { ok: true } };
      },
    },
    {
      method: 'GET',
      path: '/__control/identity/calls',
      handle({ query }) {
        const idNo = query.get('idNo');
        return { body: { order: 'newest-first', calls: idNo ? book.calls.filter((c) => c.idNo === idNo) : book.calls } };
      },
    },
  ];
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A well-formed resident ID number (GB 11643 check character) for drills and benchmarks, with a random birth date;
 * `sequence` picks the sandbox's answer (see the table above), by default an ordinary CONSISTENT one.
 */
export function sampleResidentIdNo(sequence = String(100 + Math.floor(Math.random() * 896))) {
  const pad = (n) => String(n).padStart(2, '0');
  const first17 = `110101${1950 + Math.floor(Math.random() * 49)}${pad(1 + Math.floor(Math.random() * 12))}${pad(1 + Math.floor(Math.random() * 28))}${sequence}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return first17 + '10X98765432'[sum % 11];
}
