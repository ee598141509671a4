import type { IdentityRepository, StaffStanding } from './identity.repository';
import { StaffDirectory } from './staff-directory';

/** A stand-in for the repository: reads the table when a query starts, answers a tick later, and counts the reads. */
class StaffTable implements Pick<IdentityRepository, 'staffStandings'> {
  rows = new Map<string, StaffStanding>();
  reads: string[][] = [];

  staffStandings = async (ids: string[]) => {
    this.reads.push(ids);
    const found = new Map(ids.flatMap((id): Array<[string, StaffStanding]> => {
      const row = this.rows.get(id);
      return row ? [[id, { ...row, storeIds: [...row.storeIds] }]] : [];
    }));
    await new Promise((resolve) => setImmediate(resolve));
    return found;
  };
}

describe('StaffDirectory', () => {
  let table: StaffTable;
  let sut: StaffDirectory;

  beforeEach(() => {
    table = new StaffTable();
    table.rows.set('s1', { merchantId: 'm1', role: 'CASHIER', storeIds: ['st1'], active: true });
    table.rows.set('s2', { merchantId: 'm1', role: 'OWNER', storeIds: [], active: false });
    sut = new StaffDirectory(table as unknown as IdentityRepository);
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
    table.rows.set('s1', { merchantId: 'm1', role: 'CASHIER', storeIds: ['st1'], active: false }); // deactivated now
    const after = sut.standing('s1');
    expect((await before)!.active).toBe(true);
    expect((await after)!.active).toBe(false);
  });
});
