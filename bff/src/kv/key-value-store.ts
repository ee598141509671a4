/**
 * The small key-value interface the BFF uses where production uses Redis: one-time codes, rate limits,
 * single-use fast paths and locks. Never the source of truth for money.
 */
export abstract class KeyValueStore {
  abstract readonly kind: 'redis' | 'memory';
  abstract get(key: string): Promise<string | null>;
  /** One answer per key, in order. On Redis Cluster all keys must share a hash tag (`{tag}:…`): one slot. */
  abstract getMany(keys: readonly string[]): Promise<Array<string | null>>;
  /** Sets `key`; with `onlyIfAbsent` it returns false (and changes nothing) when the key exists. */
  abstract set(key: string, value: string, options?: { ttlMs?: number; onlyIfAbsent?: boolean }): Promise<boolean>;
  abstract delete(key: string): Promise<void>;
  /** Adds one and returns the new count; the TTL starts with the first increment of a window. */
  abstract increment(key: string, ttlMs: number): Promise<number>;
  /** As increment, with how long the window has left (a limit's Retry-After). */
  abstract hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}

/** Raised by a store whose server is unreachable; the error filter answers it 503 DEPENDENCY_UNAVAILABLE. */
export class KeyValueStoreUnavailableError extends Error {
  override name = 'KeyValueStoreUnavailableError';
}
