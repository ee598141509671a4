import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { LEDGERS, TRANSFER_CODES } from '../../src/ledger/ledger.constants';
import { useLedgerKit } from '../factories/ledger.factory';

/** Runs the crash worker until it has acknowledged `count` operations, then SIGKILLs it mid-stream. */
function runAndKill(card: number, payable: number, count: number): Promise<string[]> {
  const child = spawn(process.execPath, [resolve(__dirname, '../support/crash-worker.js'), String(card), String(payable)], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged: string[] = [];
  let buffer = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`only ${acknowledged.length} acknowledged within 30 s`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
      if (acknowledged.length >= count && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') done(acknowledged);
      else fail(new Error(`the worker exited by itself (${signal ?? _code})`));
    });
  });
}

describe('crash safety (integration, real database)', () => {
  const kit = useLedgerKit();

  it('should keep every acknowledged operation and no partial one after the writer is killed with SIGKILL', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const payable = await kit.hotAccount('MERCHANT_PAYABLE');
    await kit.ledger.post({
      operationId: `t-${randomUUID()}`,
      kind: 'TOPUP',
      legs: [{ debitAccountId: clearing, creditAccountId: card, amount: 1_000_000, ledger: LEDGERS.CNY, code: TRANSFER_CODES.TOPUP }],
    });

    const acknowledged = await runAndKill(card, payable, 300);

    const rows: Array<{ id: string }> = await kit.dataSource.query(
      "SELECT id FROM ledger_operations WHERE id LIKE 'crash-%' AND status = 'POSTED'",
    );
    const durable = new Set(rows.map((r) => r.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.filter((id) => !durable.has(id))).toEqual([]);
    // operations that committed but whose acknowledgement was cut off by the kill are complete, not partial
    expect(await kit.ledger.balance(card)).toBe(1_000_000 - durable.size);
    await kit.rollup.runOnce();
    expect((await kit.verifier.verify()).violations).toEqual([]);
  });
});
