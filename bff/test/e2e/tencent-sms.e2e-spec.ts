import type { TokenPair } from '@jucard/shared';
import { TencentSmsClient } from '../../src/auth/tencent-sms.client';
import { DomainError } from '../../src/common/domain-error';
import { loadConfig } from '../../src/config/app-config';
import { useTestApp } from '../support/app-hooks';

/**
 * The Tencent Cloud SMS adapter (official SDK, TC3-HMAC-SHA256) against the channel sandbox playing SendSms, which
 * checks the signature with its own code (scripts/sandbox/tencent-sms.mjs).
 */
describe('Tencent Cloud SMS through the channel sandbox (e2e)', () => {
  // TENCENT_SMS_* left to their defaults: the sandbox's account, at the sandbox this tier started.
  const config = loadConfig({ ...process.env, SMS_SENDER: 'tencent', TENCENT_SMS_BASE_URL: '' });
  let seq = 0;
  const phone = () => `1370${String(process.pid % 10_000).padStart(4, '0')}${String(++seq).padStart(3, '0')}`;

  const outbox = async (number: string) => {
    const res = await fetch(`${config.CHANNEL_SANDBOX_URL}/__control/sms?phone=${number}`);
    return ((await res.json()) as { messages: Array<{ text: string; via?: string }> }).messages;
  };
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  it('should send a login code the sandbox accepts as signed by the account, rendered from the template', async () => {
    const sut = new TencentSmsClient(config.endpoints.tencentSms);
    const number = phone();
    await sut.deliver(number, { templateParams: ['246810', '5'] });
    const [message] = await outbox(number);
    expect(message).toMatchObject({ text: '【聚卡】您的登录验证码是 246810，5分钟内有效。请勿告诉他人。', via: 'tencent' });
  });

  it.each([
    ['a wrong secret key', { secretKey: 'not-the-sandbox-key' }, 'AuthFailure.SignatureFailure'],
    ['an unknown secret id', { secretId: 'AKIDsomebodyElse' }, 'AuthFailure.SecretIdNotFound'],
    ['an unapproved template', { templateId: '999999' }, 'FailedOperation.TemplateIncorrectOrUnapproved'],
  ])('should answer UPSTREAM_ERROR naming the refusal for %s, and send nothing', async (_why, override, code) => {
    const sut = new TencentSmsClient({ ...config.endpoints.tencentSms, ...override });
    const number = phone();
    const error = await refusal(sut.deliver(number, { templateParams: ['246810', '5'] }));
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.message).toContain(code);
    expect(await outbox(number)).toEqual([]);
  });

  it('should answer SMS_UNAVAILABLE (503, an outage) when the provider cannot be reached', async () => {
    const sut = new TencentSmsClient({ ...config.endpoints.tencentSms, baseUrl: 'http://127.0.0.1:9' });
    const error = await refusal(sut.deliver(phone(), { templateParams: ['1', '5'] }));
    expect(error.code).toBe('SMS_UNAVAILABLE');
    expect(error.status).toBe(503);
  });

  describe('the whole app with SMS_SENDER=tencent', () => {
    const t = useTestApp({ SMS_SENDER: 'tencent', TENCENT_SMS_BASE_URL: '' });

    it('should log a consumer in with the code that went through Tencent Cloud SMS', async () => {
      const number = phone();
      await t.http.post('/auth/consumer/phone/code').send({ phone: number }).expect(202);
      const [message] = await outbox(number);
      expect(message?.via).toBe('tencent');
      const code = /(\d{6})/.exec(message?.text ?? '')?.[1];
      const res = await t.http.post('/auth/consumer/phone').send({ phone: number, code }).expect(200);
      expect((res.body as TokenPair).accessToken).toEqual(expect.any(String));
    });
  });

  describe('the whole app when the SMS provider is down', () => {
    const t = useTestApp({ SMS_SENDER: 'tencent', TENCENT_SMS_BASE_URL: 'http://127.0.0.1:9' });

    it('should answer 503 SMS_UNAVAILABLE with Retry-After, and let the consumer ask again at once', async () => {
      const number = phone();
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await t.http.post('/auth/consumer/phone/code').send({ phone: number }).expect(503);
        expect(res.body).toMatchObject({ statusCode: 503, code: 'SMS_UNAVAILABLE', messageZh: expect.stringContaining('短信'), requestId: expect.any(String) });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(await outbox(number)).toEqual([]);
    });
  });
});
