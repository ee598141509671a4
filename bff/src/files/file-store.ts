/** Where uploaded bytes live. Keys are random and opaque (letters, digits, _ -); metadata stays in the database. */
export abstract class FileStore {
  /** For the boot log: which store is in use. */
  abstract readonly description: string;
  abstract put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Null when nothing is stored under the key. */
  abstract get(key: string): Promise<Buffer | null>;
}

const KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** Keys come from our own random generator; anything else is a bug, not a path to follow. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
}
