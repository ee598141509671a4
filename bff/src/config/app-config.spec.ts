import { ConfigError, loadConfig } from './app-config';

const secret = 'x'.repeat(32);

describe('loadConfig', () => {
  it('should apply defaults and choose the embedded profile without DATABASE_URL', () => {
    const sut = loadConfig({ JWT_SECRET: secret });
    expect(sut.PORT).toBe(3000);
    expect(sut.isEmbedded).toBe(true);
    expect(sut.SQLITE_PATH).toBe('.data/jucard.sqlite');
  });

  it('should read numbers and the MySQL profile', () => {
    const sut = loadConfig({ JWT_SECRET: secret, PORT: '8081', DATABASE_URL: 'mysql://app:pw@127.0.0.1:3306/app' });
    expect(sut.PORT).toBe(8081);
    expect(sut.isEmbedded).toBe(false);
  });

  it('should stop with a sentence naming a missing secret', () => {
    expect(() => loadConfig({})).toThrow(/JWT_SECRET is not set/);
  });

  it.each([
    ['PORT', 'eighty', /PORT is invalid/],
    ['DATABASE_URL', 'postgres://x/y', /DATABASE_URL is invalid: DATABASE_URL must look like mysql:/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL is invalid/],
    ['JWT_SECRET', 'short', /JWT_SECRET is invalid: JWT_SECRET must be at least 32/],
  ])('should refuse a malformed %s', (key, value, message) => {
    expect(() => loadConfig({ JWT_SECRET: secret, [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_SECRET: secret, [key]: value })).toThrow(message);
  });
});
