import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Points the process at the test database: TEST_DATABASE_URL, else DATABASE_URL (CI sets both to MariaDB),
 * else a fresh SQLite file. Called by Jest's global setup, whose environment the test files inherit.
 */
export function prepareTestEnv(): void {
  process.env.NODE_ENV = 'test';
  process.env.JWT_SECRET ??= randomBytes(32).toString('base64url');
  process.env.LOG_LEVEL ??= 'error';
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) {
    process.env.DATABASE_URL = url;
  } else {
    delete process.env.DATABASE_URL;
    process.env.SQLITE_PATH = join(tmpdir(), `jucard-test-${process.pid}-${Date.now()}.sqlite`);
  }
}
