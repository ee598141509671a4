import type { DataSource } from 'typeorm';
import { StaffDirectory } from './staff-directory';

/** A stand-in for the database: reads the table when a query starts, answers a tick later, and counts the reads. */
class StaffTable {
  rows = new Map<string, { merchant_id: string; role: string; store_ids: string; active: number }>();
  reads: string[][] = [];

  query = async (_sql: string, ids: string[]) => {
    this.reads.push(ids);
    const found = ids.flatMap((id) => {
      const row = this.rows.get(id);
      return row ? [{ id, ...row }] : [];
    });
    await new Promise((resolve) => setImmediate(resolve));
    return found;
  };
}

describe('StaffDirectory', () => {
  let table: StaffTable;
  let sut: StaffDirectory;

  beforeEach(() => {
    table = new StaffTable();
    table.rows.set('s1', { merchant_id: 'm1', role: 'CASHIER', store_ids: '["st1"]', active: 1 });
    table.rows.set('s2', { merchant_id: 'm1', role: 'OWNER', store_ids: '[]', active: 0 });
    sut = new StaffDirectory(table as unknown as DataSource);
  });

  it('should read a lone request at once and answer unknown staff with null', async () => {
    expect(await sut.standing('s1')).toEqual({ merchantId: 'm1', role: 'CASHIER', storeIds: ['st1'], active: true });
    expect(await sut.standing('nobody')).toBeNull();
    expect(table.reads).toEqual([['s1'], ['nobody']]);
  });

  it('should coalesce the requests that arrive while two reads run into one read, each answered with its own copy', async () => {
    const running = [sut.standing('s1'), sut.standing('s2')];
    const during = [sut.standing('s1'), sut.standing('s2'), sut.standing('s1'), sut.standing('nobody')];
    const answers = await Promise.all([...running, ...during]);
    expect(table.reads).toEqual([['s1'], ['s2'], ['s1', 's2', 'nobody']]);
    expect(answers.map((a) => a && { role: a.role, active: a.active })).toEqual([
      { role: 'CASHIER', active: true },
      { role: 'OWNER', active: false },
      { role: 'CASHIER', active: true },
      { role: 'OWNER', active: false },
      { role: 'CASHIER', active: true },
      null,
    ]);
    answers[2]!.storeIds.push('changed');
    expect(answers[4]!.storeIds).toEqual(['st1']);
  });

  it('should never answer a request with a read that started before it arrived', async () => {
    const before = sut.standing('s1');
    table.rows.set('s1', { merchant_id: 'm1', role: 'CASHIER', store_ids: '["st1"]', active: 0 }); // deactivated now
    const after = sut.standing('s1');
    expect((await before)!.active).toBe(true);
    expect((await after)!.active).toBe(false);
  });
});
