import { GroupCommit } from './group-commit';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('starts a lone request at once and gathers what queues behind a running batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map((n) => ({ ok: true as const, value: n * 10 }));
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = group.submit(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((n) => group.submit(n));
    expect(group.pending).toBe(4);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('rejects items one by one, or the whole batch when it throws', async () => {
    let fail = false;
    const group = new GroupCommit<number, number>(
      async (items) => {
        if (fail) throw new Error('boom');
        return items.map((n) => (n % 2 ? { ok: true as const, value: n } : { ok: false as const, error: new Error(`even ${n}`) }));
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    await expect(group.submit(1)).resolves.toBe(1);
    await expect(group.submit(2)).rejects.toThrow('even 2');
    fail = true;
    await expect(group.submit(3)).rejects.toThrow('boom');
  });

  it('never puts two items with the same key in one batch', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<string, string>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map((value) => ({ ok: true as const, value }));
      },
      { maxBatch: 10, maxInFlight: 1, conflictKey: (s) => s.split(':')[0]! },
    );
    const all = ['x:0', 'a:1', 'b:1', 'a:2', 'c:1', 'a:3'].map((s) => group.submit(s));
    release();
    await Promise.all(all);
    expect(batches).toEqual([['x:0'], ['a:1', 'b:1', 'c:1'], ['a:2'], ['a:3']]);
  });
});
