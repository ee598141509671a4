// @ts-check
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox } from './server.mjs';

let sandbox;
before(async () => {
  sandbox = await startSandbox({ port: 0, env: { SANDBOX_STATE: 'memory' }, dataDir: await import('node:fs').then((fs) => fs.mkdtempSync('/tmp/sandbox-identity-')) });
});
after(() => sandbox.close());

const verify = (body, signal) =>
  fetch(`${sandbox.url}/identity/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });

test('answers by the sequence code, deterministically', async () => {
  assert.equal((await (await verify({ name: '张三', idNo: '110101199003074477' })).json()).result, 'CONSISTENT');
  assert.equal((await (await verify({ name: '张三', idNo: '110101199003079985' })).json()).result, 'INCONSISTENT');
  assert.equal((await (await verify({ name: '张三', idNo: '110101199003079977' })).json()).result, 'NO_RECORD');
  assert.equal((await verify({ name: '张三', idNo: '110101199003079969' })).status, 500);
  assert.equal((await verify({ name: '', idNo: '1' })).status, 400);
});

test('hangs on a timeout number and obeys an override until reset', async () => {
  await assert.rejects(verify({ name: '张三', idNo: '110101199003079993' }, AbortSignal.timeout(300)), /aborted|timeout/i);
  const idNo = '110101199003074477';
  await fetch(`${sandbox.url}/__control/identity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idNo, outcome: 'inconsistent' }) });
  assert.equal((await (await verify({ name: '张三', idNo })).json()).result, 'INCONSISTENT');
  const calls = await (await fetch(`${sandbox.url}/__control/identity/calls?idNo=${idNo}`)).json();
  assert.equal(calls.calls[0].outcome, 'inconsistent');
  await fetch(`${sandbox.url}/__control/reset`, { method: 'POST' });
  assert.equal((await (await verify({ name: '张三', idNo })).json()).result, 'CONSISTENT');
});
