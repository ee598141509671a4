import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KEYS } from './fixtures.mjs';
import { startSandbox } from './server.mjs';

let sandbox;
before(async () => {
  sandbox = await startSandbox({ port: 0, env: {}, keys: KEYS });
});
after(() => sandbox.close());

/** @param {Response} res @returns {Promise<any>} */
const json = (res) => res.json();
const verify = (body, signal) =>
  fetch(`${sandbox.url}/identity/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });

test('answers by the sequence code, deterministically', async () => {
  assert.equal((await json(await verify({ name: '张三', idNo: '110101199003074477' }))).result, 'CONSISTENT');
  assert.equal((await json(await verify({ name: '张三', idNo: '110101199003079985' }))).result, 'INCONSISTENT');
  assert.equal((await json(await verify({ name: '张三', idNo: '110101199003079977' }))).result, 'NO_RECORD');
  assert.equal((await verify({ name: '张三', idNo: '110101199003079969' })).status, 500);
  assert.equal((await verify({ name: '', idNo: '1' })).status, 400);
});

test('hangs on a timeout number and obeys an override until reset', async () => {
  await assert.rejects(verify({ name: '张三', idNo: '110101199003079993' }, AbortSignal.timeout(300)), /aborted|timeout/i);
  const idNo = '110101199003074477';
  await fetch(`${sandbox.url}/__control/identity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idNo, outcome: 'inconsistent' }) });
  assert.equal((await json(await verify({ name: '张三', idNo }))).result, 'INCONSISTENT');
  const calls = await json(await fetch(`${sandbox.url}/__control/identity/calls?idNo=${idNo}`));
  assert.equal(calls.calls[0].outcome, 'inconsistent');
  await fetch(`${sandbox.url}/__control/reset`, { method: 'POST' });
  assert.equal((await json(await verify({ name: '张三', idNo }))).result, 'CONSISTENT');
});
