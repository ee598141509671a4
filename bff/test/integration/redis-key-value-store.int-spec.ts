import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { RateLimiter } from '../../src/kv/rate-limiter';
import { RedisKeyValueStore } from '../../src/kv/redis-key-value-store';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// Needs a redis-server binary (CI installs one); without it this file reports its tests as skipped.
(hasRedis ? describe : describe.skip)('the Redis key-value store (integration, private redis-server)', () => {
  let redis: ChildProcess;
  let store: RedisKeyValueStore;

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    store = await RedisKeyValueStore.connect(`redis://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await store.close();
    redis.kill('SIGKILL');
  });

  it('should count a window, claim a key once, and forget it when deleted', async () => {
    expect(await store.increment('rl:test', 60_000)).toBe(1);
    expect(await store.increment('rl:test', 60_000)).toBe(2);
    expect(await store.set('mc:claim:1', '1', { onlyIfAbsent: true, ttlMs: 60_000 })).toBe(true);
    expect(await store.set('mc:claim:1', '1', { onlyIfAbsent: true, ttlMs: 60_000 })).toBe(false);
    await store.delete('mc:claim:1');
    expect(await store.get('mc:claim:1')).toBeNull();
  });

  it('should refuse every command at once while Redis is down, so rate limits are skipped instead of waiting on reconnects', async () => {
    redis.kill('SIGKILL');
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
