import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Thrown when the tests would touch a database that is not clearly a throwaway one. */
export class UnsafeTestDatabaseError extends Error {
  override name = 'UnsafeTestDatabaseError';
}

const TEST_NAME = /_test$/;

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/**
 * The database the tests may wipe: TEST_DATABASE_URL when set (an explicit choice), else DATABASE_URL only when
 * its database is named `…_test`; a developer's own database is never reset. Undefined = embedded SQLite.
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.TEST_DATABASE_URL) return env.TEST_DATABASE_URL;
  const url = env.DATABASE_URL;
  if (!url) return undefined;
  const name = databaseName(url);
  if (TEST_NAME.test(name)) return url;
  throw new UnsafeTestDatabaseError(
    `The tests drop every table of their database, and DATABASE_URL names "${name}", which is not a test database. ` +
      `Set TEST_DATABASE_URL to a database they may wipe, or point DATABASE_URL at one named "${name}_test".`,
  );
}

/**
 * Points the process at the test database (see testDatabaseUrl), else a fresh SQLite file. Called by Jest's global
 * setup, whose environment the test files inherit.
 */
export function prepareTestEnv(): void {
  process.env.NODE_ENV = 'test';
  process.env.JWT_SECRET ??= randomBytes(32).toString('base64url');
  process.env.LOG_LEVEL ??= 'error';
  // every test comes from 127.0.0.1 and shares the budgets' Redis counters: the limits spec sets its own small ones
  for (const budget of ['LOGIN', 'SMS', 'REGISTER', 'MEMBER_CODE']) {
    process.env[`LIMIT_${budget}_PER_IP`] ??= '1000000/60';
    process.env[`LIMIT_${budget}_GLOBAL`] ??= '1000000/60';
  }
  const url = testDatabaseUrl(process.env);
  if (url) {
    process.env.DATABASE_URL = url;
    process.env.TEST_DATABASE_URL = url;
  } else {
    delete process.env.DATABASE_URL;
    process.env.SQLITE_PATH = join(tmpdir(), `jucard-test-${process.pid}-${Date.now()}.sqlite`);
  }
}
