import { createClient, createCluster } from 'redis';
import { KeyValueStore, KeyValueStoreUnavailableError } from './key-value-store';

// commands fail at once while disconnected instead of queueing: callers decide how to degrade
const socket = { connectTimeout: 3000, reconnectStrategy: (retries: number) => Math.min(retries * 100, 2000) };

function newClient(url: string) {
  return createClient({ url, disableOfflineQueue: true, socket });
}

/** `redis+cluster://host:port,host:port` names some nodes of a Redis Cluster; the client discovers the rest. */
function newCluster(url: string) {
  const rootNodes = url
    .replace(/^redis\+cluster:\/\//, '')
    .split(/[/?]/)[0]!
    .split(',')
    .map((node) => ({ url: `redis://${node}` }));
  return createCluster({ rootNodes, defaults: { disableOfflineQueue: true, socket } });
}

type Client = ReturnType<typeof newClient>;
type Cluster = ReturnType<typeof newCluster>;

export const isClusterUrl = (url: string) => url.startsWith('redis+cluster://');

/**
 * The key-value store on one Redis or a Redis Cluster. Every MULTI here touches one key, so it lands in one slot;
 * getMany's keys must share a hash tag (see KeyValueStore).
 */
export class RedisKeyValueStore extends KeyValueStore {
  readonly kind = 'redis' as const;

  private constructor(private readonly client: Client | Cluster) {
    super();
  }

  static async connect(url: string): Promise<RedisKeyValueStore> {
    const client = isClusterUrl(url) ? newCluster(url) : newClient(url);
    // errors surface on the failing command; without a listener node-redis would crash the process
    client.on('error', () => undefined);
    await client.connect();
    return new RedisKeyValueStore(client);
  }

  /**
   * While the client is reconnecting, a MULTI would wait for the next connection attempt (backoff up to 2 s) even
   * with the offline queue disabled; every command fails at once instead, and its caller degrades.
   */
  private get connected(): Client {
    if (!this.client.isReady) throw new KeyValueStoreUnavailableError('key-value store not connected');
    // the cluster client has the same keyed commands (routed by the key's slot); only PING differs, see ping()
    return this.client as Client;
  }

  async get(key: string): Promise<string | null> {
    const value = await this.connected.get(key);
    return typeof value === 'string' ? value : null;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    if (keys.length === 0) return [];
    const values = await this.connected.mGet([...keys]);
    return values.map((value) => (typeof value === 'string' ? value : null));
  }

  async set(key: string, value: string, options: { ttlMs?: number; onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    const result = await this.connected.set(key, value, {
      ...(options.ttlMs ? { expiration: { type: 'PX' as const, value: options.ttlMs } } : {}),
      ...(options.onlyIfAbsent ? { condition: 'NX' as const } : {}),
    });
    return result === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.connected.del(key);
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const replies = await this.connected
      .multi()
      .set(key, '0', { expiration: { type: 'PX', value: ttlMs }, condition: 'NX' })
      .incr(key)
      .exec();
    return Number(replies[1]);
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const replies = await this.connected
      .multi()
      .set(key, '0', { expiration: { type: 'PX', value: windowMs }, condition: 'NX' })
      .incr(key)
      .pTTL(key)
      .exec();
    const ttl = Number(replies[2]);
    return { count: Number(replies[1]), resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async ping(): Promise<void> {
    const client = this.connected;
    if ('masters' in this.client) await this.client.sendCommand(undefined, true, ['PING']);
    else await client.ping();
  }

  async close(): Promise<void> {
    // a graceful close waits for a server that may be gone; then just drop the socket
    if (!this.client.isReady) {
      this.client.destroy();
      return;
    }
    await Promise.race([this.client.close(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    if (this.client.isOpen) this.client.destroy();
  }
}
