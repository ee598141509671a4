import { createCluster } from 'redis';
import { SystemClock } from '../../src/common/clock';
import { RateLimiter } from '../../src/kv/rate-limiter';
import { RedisKeyValueStore } from '../../src/kv/redis-key-value-store';
import { ChannelRouter } from '../../src/payments/channel-router';
import { describeWithPrivateRedis, describeWithPrivateRedisCluster } from '../support/private-redis';

/** What the store promises on one Redis and on a Redis Cluster alike. */
function storeContract(target: { url: string }) {
  let store: RedisKeyValueStore;

  beforeAll(async () => {
    store = await RedisKeyValueStore.connect(target.url);
  });
  afterAll(() => store.close());

  it('should count a window, claim a key once, and forget it when deleted', async () => {
    expect(await store.increment('rl:test', 60_000)).toBe(1);
    expect(await store.increment('rl:test', 60_000)).toBe(2);
    expect(await store.hit('thr:test', 60_000)).toEqual({ count: 1, resetInMs: expect.any(Number) });
    expect(await store.set('mc:claim:1', '1', { onlyIfAbsent: true, ttlMs: 60_000 })).toBe(true);
    expect(await store.set('mc:claim:1', '1', { onlyIfAbsent: true, ttlMs: 60_000 })).toBe(false);
    await store.delete('mc:claim:1');
    expect(await store.get('mc:claim:1')).toBeNull();
  });

  it('should read many keys of one hash tag at once', async () => {
    await store.set('{t}:a', '1');
    await store.set('{t}:c', '3');
    expect(await store.getMany(['{t}:a', '{t}:b', '{t}:c'])).toEqual(['1', null, '3']);
  });

  it('should share channel health between two routers, as two BFF instances would', async () => {
    const [a, b] = [new ChannelRouter(new SystemClock(), store), new ChannelRouter(new SystemClock(), store)];
    for (let i = 0; i < 3; i++) await a.record('UNIONPAY', false);
    expect(await b.isUp('UNIONPAY')).toBe(false);
    expect((await b.plan(['UNIONPAY', 'ALIPAY'], 'UNIONPAY')).map((d) => d.channel)).toEqual(['ALIPAY']);
  });
}

describeWithPrivateRedis('the Redis key-value store (integration, private redis-server)', (redis) => {
  storeContract(redis);

  it('should refuse every command at once while Redis is down, so rate limits are skipped instead of waiting on reconnects', async () => {
    const store = await RedisKeyValueStore.connect(redis.url);
    redis.kill();
    await new Promise((r) => setTimeout(r, 300));
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(store.increment('rl:test', 60_000)).rejects.toThrow('key-value store not connected');
      await expect(store.set('k', '1', { onlyIfAbsent: true })).rejects.toThrow('key-value store not connected');
      await expect(store.get('k')).rejects.toThrow('key-value store not connected');
      await expect(store.ping()).rejects.toThrow('key-value store not connected');
    }
    await expect(new RateLimiter(store).consume('login:someone', 1, 60_000)).resolves.toBeUndefined();
    // channel health falls back to what this instance saw, the top-up still gets a plan
    await expect(new ChannelRouter(new SystemClock(), store).plan(['ALIPAY'], 'ALIPAY')).resolves.toHaveLength(1);
    await store.close();
  });
});

describeWithPrivateRedisCluster('the Redis key-value store (integration, private 3-master Redis Cluster)', (cluster) => {
  storeContract(cluster);

  it('should spread keys over the masters, which is why a MULTI keeps to one key (or one hash tag)', async () => {
    const raw = createCluster({ rootNodes: [{ url: cluster.url.replace('redis+cluster://', 'redis://').split(',')[0]! }] });
    await raw.connect();
    try {
      // a and b hash to slots 15495 and 3300, two masters; the client splits an MGET, never a transaction (MOVED until it gives up)
      await expect(raw.multi().incr('a').incr('b').exec()).rejects.toThrow(/CROSSSLOT|Too many Cluster redirections/);
      await expect(raw.multi().incr('{ab}:a').incr('{ab}:b').exec()).resolves.toEqual([1, 1]);
      const store = await RedisKeyValueStore.connect(cluster.url);
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
    } finally {
      await raw.close();
    }
  });

  it('should fail at once, not hang, for keys whose master is down, and a rate limit then goes unenforced', async () => {
    const store = await RedisKeyValueStore.connect(cluster.url);
    // slot of "rl:{down}" is served by one master; take that master away
    const raw = createCluster({ rootNodes: [{ url: cluster.url.replace('redis+cluster://', 'redis://').split(',')[0]! }] });
    await raw.connect();
    const owner = raw.slots[14559]?.master; // CLUSTER KEYSLOT {down}
    await raw.close();
    cluster.killNode(owner!.port);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await expect(store.increment('rl:{down}:x', 60_000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(new RateLimiter(store).consume('{down}:someone', 1, 60_000)).resolves.toBeUndefined();
    await store.close();
  });
});
