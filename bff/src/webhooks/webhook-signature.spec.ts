import { Webhook } from 'standardwebhooks';
import { messageIdOf, newWebhookSecret, signWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  it('should sign so that the standardwebhooks package verifies the delivery', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'card.redeemed', timestamp: '2026-12-03T08:00:00.000Z', data: { amountFen: 100 } });
    const now = Math.floor(Date.now() / 1000);

    const headers = signWebhook(secret, 'msg_1', now, body);

    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('should produce the signature of the spec’s worked example', () => {
    // the example of the standardwebhooks test suite (javascript/src/index.test.ts)
    const headers = signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');

    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('should be refused by standardwebhooks when signed with another secret or over another body', () => {
    const secret = newWebhookSecret();
    const now = Math.floor(Date.now() / 1000);
    const forged = signWebhook(newWebhookSecret(), 'msg_1', now, '{}');
    const tampered = signWebhook(secret, 'msg_1', now, '{"amountFen":1}');

    expect(() => new Webhook(secret).verify('{}', { ...forged })).toThrow('No matching signature found');
    expect(() => new Webhook(secret).verify('{"amountFen":2}', { ...tampered })).toThrow('No matching signature found');
  });

  it('should derive one stable message id per change', () => {
    expect(messageIdOf('card.redeemed:r1')).toBe(messageIdOf('card.redeemed:r1'));
    expect(messageIdOf('card.redeemed:r1')).not.toBe(messageIdOf('card.reversed:r1'));
    expect(messageIdOf('card.redeemed:r1')).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});
