import type { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { MemoryKeyValueStore } from '../kv/memory-key-value-store';
import { DomainError } from '../common/domain-error';
import { CodeClaims, STALE_CLAIM_MS } from './code-claims.step';

describe('CodeClaims', () => {
  let now: number;
  let store: MemoryKeyValueStore;
  let sut: CodeClaims;

  beforeEach(() => {
    now = Date.parse('2026-12-03T08:00:00Z');
    store = new MemoryKeyValueStore();
    const clock: Clock = { now: () => new Date(now) };
    sut = new CodeClaims(store, clock, { MEMBER_CODE_TTL_SECONDS: 60, MEMBER_CODE_GRACE_SECONDS: 5 } as AppConfig);
  });

  it('should refuse a code another live sale holds, and let the same sale take it again', async () => {
    expect(await sut.take([{ codeId: 'c1', owner: 'm|A|h' }])).toEqual([true]);
    expect(await sut.take([{ codeId: 'c1', owner: 'm|B|h' }, { codeId: 'c1', owner: 'm|A|h' }])).toEqual([false, true]);
  });

  it('should let the database decide over a claim older than any sale takes', async () => {
    await sut.take([{ codeId: 'c1', owner: 'm|A|h' }]);
    now += STALE_CLAIM_MS + 1;
    expect(await sut.take([{ codeId: 'c1', owner: 'm|B|h' }])).toEqual([true]);
  });

  it('should give back only its own claim, and keep it when the code was used', async () => {
    await sut.take([{ codeId: 'c1', owner: 'm|A|h' }]);
    await sut.release('c1', 'm|B|h', new DomainError('INSUFFICIENT_BALANCE'));
    expect(await store.get('mc:claim:c1')).not.toBeNull();
    await sut.release('c1', 'm|A|h', new DomainError('MEMBER_CODE_USED'));
    expect(await store.get('mc:claim:c1')).not.toBeNull();
    await sut.release('c1', 'm|A|h', new DomainError('INSUFFICIENT_BALANCE'));
    expect(await store.get('mc:claim:c1')).toBeNull();
  });

  it('should let the database decide when the store is down', async () => {
    jest.spyOn(store, 'set').mockRejectedValue(new Error('ECONNREFUSED'));
    expect(await sut.take([{ codeId: 'c1', owner: 'm|A|h' }])).toEqual([true]);
  });
});
