import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvFile } from './env-file';

const file = join(mkdtempSync(join(tmpdir(), 'jucard-env-')), 'prod.env');
writeFileSync(file, 'PORT=8080\nWECHATPAY_BASE_URL=https://api.mch.weixin.qq.com\n# a comment\nHOST=0.0.0.0\n');

describe('readEnvFile', () => {
  it('should read .env in production without overriding what the environment set', () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', ENV_FILE: file, PORT: '9000' };
    const sut = readEnvFile(env);
    expect(sut).toBe(file);
    expect(env).toMatchObject({ PORT: '9000', HOST: '0.0.0.0', WECHATPAY_BASE_URL: 'https://api.mch.weixin.qq.com' });
  });

  it('should leave development and tests to the bootstrap and their own variables', () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', ENV_FILE: file };
    expect(readEnvFile(env)).toBeNull();
    expect(env.PORT).toBeUndefined();
  });

  it('should stop on an ENV_FILE that does not exist, naming it', () => {
    expect(() => readEnvFile({ NODE_ENV: 'production', ENV_FILE: `${file}.missing` })).toThrow(/ENV_FILE names .*prod\.env\.missing, which does not exist/);
  });
});
