import { DataSource } from 'typeorm';
import { resetDatabase } from '../support/database';
import { testDatabaseUrl, UnsafeTestDatabaseError } from '../support/test-env';

const mysql = (db: string) => `mysql://jucard:pw@127.0.0.1:3306/${db}`;

describe('the test database guard', () => {
  it.each([
    [{ DATABASE_URL: mysql('jucard') }, /DATABASE_URL names "jucard", which is not a test database/],
    [{ DATABASE_URL: mysql('jucard_testing') }, /not a test database/],
  ])('should refuse a developer database when only DATABASE_URL is set (%o)', (env, message) => {
    expect(() => testDatabaseUrl(env)).toThrow(UnsafeTestDatabaseError);
    expect(() => testDatabaseUrl(env)).toThrow(message);
  });

  it.each([
    [{ TEST_DATABASE_URL: mysql('scratch'), DATABASE_URL: mysql('jucard') }, mysql('scratch')],
    [{ DATABASE_URL: mysql('jucard_test') }, mysql('jucard_test')],
    [{}, undefined],
  ])('should accept an explicit or a …_test database (%o)', (env, expected) => {
    expect(testDatabaseUrl(env)).toBe(expected);
  });

  const onMysql = process.env.TEST_DATABASE_URL ? it : it.skip;
  onMysql('should leave the tables of a database that is not the test database in place', async () => {
    const testUrl = process.env.TEST_DATABASE_URL ?? '';
    // a database the test user may create, but not the one TEST_DATABASE_URL names
    const devName = `jucard_test_devguard_${process.pid}`;
    const devUrl = testUrl.replace(/\/[^/?]+(\?|$)/, `/${devName}$1`);
    const admin = new DataSource({ type: 'mysql', url: testUrl });
    await admin.initialize();
    const saved = process.env.DATABASE_URL;
    try {
      await admin.query(`CREATE DATABASE IF NOT EXISTS \`${devName}\``);
      await admin.query(`CREATE TABLE IF NOT EXISTS \`${devName}\`.precious (id INT PRIMARY KEY)`);
      process.env.DATABASE_URL = devUrl;

      await expect(resetDatabase()).rejects.toThrow(/Refusing to drop the tables of "jucard_test_devguard_/);

      const left: unknown[] = await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'precious'`, [devName]);
      expect(left).toHaveLength(1);
    } finally {
      process.env.DATABASE_URL = saved;
      await admin.query(`DROP DATABASE IF EXISTS \`${devName}\``);
      await admin.destroy();
    }
  });
});
