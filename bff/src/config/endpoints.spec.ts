import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { CREDENTIAL_VARIABLES, readCredentials } from './endpoints';

const base = { JWT_SECRET: 'x'.repeat(32), SECRETS_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}` };
const dir = mkdtempSync(join(tmpdir(), 'jucard-endpoints-'));
const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const privateKey = file('private.pem', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const publicKey = file('public.pem', pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const notAKey = file('not-a-key.pem', 'hello');
// A platform certificate, as WeChat Pay and UnionPay hand them out (createPublicKey reads the key inside).
const certificate = join(dir, 'platform-cert.pem');
execFileSync('openssl', ['req', '-x509', '-key', privateKey, '-out', certificate, '-subj', '/CN=jucard-test', '-days', '1']);

/** Every section set from the environment, as a real deployment would. */
const credentialsEnv = {
  WECHATPAY_MCHID: '1900000001', WECHATPAY_APPID: 'wx0000000000000001', WECHATPAY_CERT_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A72',
  WECHATPAY_PRIVATE_KEY_FILE: privateKey, WECHATPAY_PLATFORM_KEY_FILE: publicKey, WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0000000001',
  WECHATPAY_API_V3_KEY: 'a'.repeat(32),
  ALIPAY_APP_ID: '2021000000000001', ALIPAY_SELLER_ID: '2088000000000001', ALIPAY_PRIVATE_KEY_FILE: privateKey, ALIPAY_PUBLIC_KEY_FILE: publicKey,
  UNIONPAY_MER_ID: '777290058110048', UNIONPAY_CERT_ID: '69629715588', UNIONPAY_PRIVATE_KEY_FILE: privateKey,
  UNIONPAY_PLATFORM_CERT_FILE: certificate, UNIONPAY_PLATFORM_CERT_ID: '69042905377',
  CUSTODY_BANK_CLIENT_ID: 'jucard', CUSTODY_BANK_PRIVATE_KEY_FILE: privateKey, CUSTODY_BANK_PUBLIC_KEY_FILE: publicKey,
};
const realEnv = {
  ...base, ...credentialsEnv, NODE_ENV: 'production',
  WECHATPAY_BASE_URL: 'https://api.mch.weixin.qq.com', ALIPAY_BASE_URL: 'https://openapi.alipay.com', UNIONPAY_BASE_URL: 'https://gateway.95516.com',
  WECHAT_LOGIN_BASE_URL: 'https://api.weixin.qq.com', IDENTITY_VERIFICATION_BASE_URL: 'https://idv.example.com', CUSTODY_BANK_URL: 'https://bank.example.com/openapi',
  WECHAT_APP_ID: 'wx0000000000000001', WECHAT_APP_SECRET: 'a-real-app-secret-000000000000000',
  SMS_SENDER: 'tencent', TENCENT_SMS_BASE_URL: 'https://sms.tencentcloudapi.com', TENCENT_SMS_SECRET_ID: 'AKIDreal', TENCENT_SMS_SECRET_KEY: 'real-key',
  TENCENT_SMS_SDK_APP_ID: '1400123456', TENCENT_SMS_SIGN_NAME: '聚卡科技', TENCENT_SMS_TEMPLATE_ID: '2345678',
};

describe('outside endpoints', () => {
  it('should send every endpoint to the channel sandbox by default', () => {
    const sut = loadConfig({ ...base, CHANNEL_SANDBOX_URL: 'http://127.0.0.1:3999' }).endpoints;
    expect(sut.mode).toBe('sandbox');
    expect(sut.channelBaseUrls).toEqual({ WECHATPAY: 'http://127.0.0.1:3999', ALIPAY: 'http://127.0.0.1:3999', UNIONPAY: 'http://127.0.0.1:3999' });
    expect(sut.wechatLoginBaseUrl).toBe('http://127.0.0.1:3999');
    expect(sut.identityVerificationBaseUrl).toBe('http://127.0.0.1:3999');
    expect(sut.tencentSms.baseUrl).toBe('http://127.0.0.1:3999');
    expect(sut.credentials).toEqual({});
  });

  it.each([
    ['WECHATPAY_BASE_URL', (e: ReturnType<typeof loadConfig>['endpoints']) => e.channelBaseUrls.WECHATPAY],
    ['ALIPAY_BASE_URL', (e: ReturnType<typeof loadConfig>['endpoints']) => e.channelBaseUrls.ALIPAY],
    ['UNIONPAY_BASE_URL', (e: ReturnType<typeof loadConfig>['endpoints']) => e.channelBaseUrls.UNIONPAY],
    ['WECHAT_LOGIN_BASE_URL', (e: ReturnType<typeof loadConfig>['endpoints']) => e.wechatLoginBaseUrl],
    ['TENCENT_SMS_BASE_URL', (e: ReturnType<typeof loadConfig>['endpoints']) => e.tencentSms.baseUrl],
    ['IDENTITY_VERIFICATION_BASE_URL', (e: ReturnType<typeof loadConfig>['endpoints']) => e.identityVerificationBaseUrl],
  ])('should take %s on its own and leave the others on the sandbox', (name, read) => {
    const sut = loadConfig({ ...base, [name]: 'https://gateway.example.com/' }).endpoints;
    expect(read(sut)).toBe('https://gateway.example.com');
    expect(sut.channelBaseUrls.WECHATPAY === 'https://gateway.example.com').toBe(name === 'WECHATPAY_BASE_URL');
  });

  it('should take the custody bank URL on its own', () => {
    expect(loadConfig({ ...base, CUSTODY_BANK_URL: 'https://bank.example.com' }).CUSTODY_BANK_URL).toBe('https://bank.example.com');
  });

  it('should refuse a base URL that is not http(s), naming it', () => {
    expect(() => loadConfig({ ...base, ALIPAY_BASE_URL: 'openapi.alipay.com' })).toThrow(/ALIPAY_BASE_URL is invalid: it must be an http\(s\) URL/);
  });

  it('should read each credential section from its variables, keys and certificates from their files', () => {
    const sut = loadConfig({ ...base, ...credentialsEnv }).endpoints;
    expect(Object.keys(sut.credentials).sort()).toEqual(['alipay', 'bank', 'unionpay', 'wechatpay']);
    const unionpay = readCredentials(sut.credentials.unionpay!);
    expect(unionpay.merId).toBe('777290058110048');
    expect(unionpay.platformPublicKeyPem).toContain('BEGIN CERTIFICATE');
    expect(unionpay.privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('should refuse a section set in part, naming what is missing', () => {
    expect(() => loadConfig({ ...base, ALIPAY_APP_ID: '2021000000000001' })).toThrow(
      /ALIPAY_SELLER_ID, ALIPAY_PRIVATE_KEY_FILE, ALIPAY_PUBLIC_KEY_FILE are not set \(ALIPAY_APP_ID is: a section is set whole or not at all\)/,
    );
  });

  it.each([
    [{ WECHATPAY_PRIVATE_KEY_FILE: join(dir, 'absent.pem') }, /WECHATPAY_PRIVATE_KEY_FILE names a file that cannot be read \(ENOENT/],
    [{ ALIPAY_PUBLIC_KEY_FILE: notAKey }, /ALIPAY_PUBLIC_KEY_FILE is invalid: .* holds no PEM public key or certificate/],
    [{ CUSTODY_BANK_PRIVATE_KEY_FILE: publicKey }, /CUSTODY_BANK_PRIVATE_KEY_FILE is invalid: .* holds no PEM private key/],
    [{ WECHATPAY_API_V3_KEY: 'short' }, /WECHATPAY_API_V3_KEY is invalid: it must be the 32-character APIv3 key/],
  ])('should stop the boot on a bad key (%o)', (override, message) => {
    expect(() => loadConfig({ ...base, ...credentialsEnv, ...override })).toThrow(message);
  });

  it('should refuse the sandbox in production, naming every endpoint and secret left to it', () => {
    let error: unknown;
    try {
      loadConfig({ ...base, NODE_ENV: 'production' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/OUTSIDE_ENDPOINTS is real \(the default in production\), so no endpoint may fall back to the channel sandbox/);
    const named = ['WECHATPAY_BASE_URL', 'ALIPAY_BASE_URL', 'UNIONPAY_BASE_URL', 'WECHAT_LOGIN_BASE_URL', 'IDENTITY_VERIFICATION_BASE_URL', 'CUSTODY_BANK_URL', 'WECHAT_APP_SECRET', 'SMS_SENDER=tencent'];
    for (const section of Object.values(CREDENTIAL_VARIABLES)) named.push(...Object.values(section));
    for (const name of named) expect(message).toContain(name);
    expect(message).toContain('OUTSIDE_ENDPOINTS=sandbox');
  });

  it.each([
    ['TENCENT_SMS_SECRET_KEY', /these are not set: TENCENT_SMS_SECRET_KEY\./],
    ['WECHATPAY_BASE_URL', /these are not set: WECHATPAY_BASE_URL\./],
    ['WECHAT_APP_SECRET', /these are not set: WECHAT_APP_SECRET\./],
    ['IDENTITY_VERIFICATION_BASE_URL', /these are not set: IDENTITY_VERIFICATION_BASE_URL\./],
    ['UNIONPAY_PLATFORM_CERT_FILE', /UNIONPAY_PLATFORM_CERT_FILE is not set \(UNIONPAY_MER_ID, /],
  ])('should refuse production with %s left unset', (name, message) => {
    expect(() => loadConfig({ ...realEnv, [name]: '' })).toThrow(message);
  });

  it('should boot production with every endpoint configured on its own', () => {
    const sut = loadConfig(realEnv);
    expect(sut.endpoints.mode).toBe('real');
    expect(sut.endpoints.channelBaseUrls.UNIONPAY).toBe('https://gateway.95516.com');
    expect(sut.endpoints.tencentSms).toMatchObject({ secretId: 'AKIDreal', templateId: '2345678', region: 'ap-guangzhou' });
  });

  it('should let production run against the sandbox only when told so', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production', OUTSIDE_ENDPOINTS: 'sandbox' }).endpoints.mode).toBe('sandbox');
    expect(() => loadConfig({ ...base, OUTSIDE_ENDPOINTS: 'staging' })).toThrow(/OUTSIDE_ENDPOINTS is invalid/);
  });

  it('should hold the real rules outside production too when OUTSIDE_ENDPOINTS=real', () => {
    expect(() => loadConfig({ ...base, OUTSIDE_ENDPOINTS: 'real' })).toThrow(/OUTSIDE_ENDPOINTS is real, so/);
  });
});
