import { RateLimiter } from '../../src/kv/rate-limiter';
import { RedisKeyValueStore } from '../../src/kv/redis-key-value-store';
import { describeWithPrivateRedis } from '../support/private-redis';

describeWithPrivateRedis('the Redis key-value store (integration, private redis-server)', (redis) => {
  let store: RedisKeyValueStore;

  beforeAll(async () => {
    store = await RedisKeyValueStore.connect(redis.url);
  });
  afterAll(() => store.close());

  it('should count a window, claim a key once, and forget it when deleted', async () => {
    expect(await store.increment('rl:test', 60_000)).toBe(1);
    expect(await store.increment('rl:test', 60_000)).toBe(2);
    expect(await store.set('mc:claim:1', '1', { onlyIfAbsent: true, ttlMs: 60_000 })).toBe(true);
    expect(await store.set('mc:claim:1', '1', { onlyIfAbsent: true, ttlMs: 60_000 })).toBe(false);
    await store.delete('mc:claim:1');
    expect(await store.get('mc:claim:1')).toBeNull();
  });

  it('should refuse every command at once while Redis is down, so rate limits are skipped instead of waiting on reconnects', async () => {
    redis.kill();
    await new Promise((r) => setTimeout(r, 300));
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(store.increment('rl:test', 60_000)).rejects.toThrow('key-value store not connected');
      await expect(store.set('k', '1', { onlyIfAbsent: true })).rejects.toThrow('key-value store not connected');
      await expect(store.get('k')).rejects.toThrow('key-value store not connected');
      await expect(store.ping()).rejects.toThrow('key-value store not connected');
    }
    await expect(new RateLimiter(store).consume('login:someone', 1, 60_000)).resolves.toBeUndefined();
  });
});
