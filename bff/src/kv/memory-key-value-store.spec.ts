import { MemoryKeyValueStore } from './memory-key-value-store';

describe('MemoryKeyValueStore', () => {
  let now = 1_000;
  let sut: MemoryKeyValueStore;

  beforeEach(() => {
    now = 1_000;
    sut = new MemoryKeyValueStore(() => now);
  });
  afterEach(() => sut.close());

  it('should set only once with onlyIfAbsent until the key expires', async () => {
    expect(await sut.set('k', 'a', { ttlMs: 100, onlyIfAbsent: true })).toBe(true);
    expect(await sut.set('k', 'b', { onlyIfAbsent: true })).toBe(false);
    expect(await sut.get('k')).toBe('a');
    now += 100;
    expect(await sut.get('k')).toBeNull();
    expect(await sut.set('k', 'c', { onlyIfAbsent: true })).toBe(true);
  });

  it('should count within a window and start again after it', async () => {
    expect(await sut.increment('n', 50)).toBe(1);
    expect(await sut.increment('n', 50)).toBe(2);
    now += 49;
    expect(await sut.increment('n', 50)).toBe(3);
    now += 1;
    expect(await sut.increment('n', 50)).toBe(1);
  });

  it('should tell how long a window has left', async () => {
    expect(await sut.hit('h', 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
    now += 400;
    expect(await sut.hit('h', 1_000)).toEqual({ count: 2, resetInMs: 600 });
    now += 600;
    expect(await sut.hit('h', 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
  });
});
