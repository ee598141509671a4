// Tencent Cloud SMS in the sandbox: TC3-HMAC-SHA256 checked, refusals in the API's shape, sent messages in the
// outbox (node --test scripts/sandbox/). The client side is written here from the documentation, with Node crypto.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { control, startTestSandbox } from './fixtures.mjs';

const ACCOUNT = { secretId: 'AKIDjucardSandbox00000000000000000000', secretKey: 'jucard-sandbox-tencent-sms-secret-key' };
const HOST = 'sms.tencentcloudapi.com';
let sandbox;

before(async () => {
  sandbox = await startTestSandbox();
});
after(() => sandbox.close());

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();

/** Signs as https://cloud.tencent.com/document/api/382/52072 describes; `over` bends one part for a refusal. */
function signed(body, over = {}) {
  const { secretId = ACCOUNT.secretId, secretKey = ACCOUNT.secretKey, timestamp = Math.floor(Date.now() / 1000), service = 'sms', action = 'SendSms', tamper = false } = over;
  const payload = JSON.stringify(body);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const contentType = 'application/json; charset=utf-8';
  const canonical = ['POST', '/', '', `content-type:${contentType}\nhost:${HOST}\n`, 'content-type;host', sha256(payload)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(timestamp), scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    payload: tamper ? payload.replace('123456', '654321') : payload,
    headers: {
      host: HOST,
      'content-type': contentType,
      'x-tc-action': action,
      'x-tc-version': '2021-01-11',
      'x-tc-timestamp': String(timestamp),
      'x-tc-region': 'ap-guangzhou',
      authorization: `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
    },
  };
}

const sendSms = (phone, params = ['123456', '5'], extra = {}) => ({
  PhoneNumberSet: [phone], SmsSdkAppId: '1400000000', SignName: '聚卡', TemplateId: '100001', TemplateParamSet: params, ...extra,
});

async function post({ payload, headers }) {
  // fetch sets Host from the URL; the canonical host is the API's, so send it with node:http instead.
  const { request } = await import('node:http');
  const url = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('Tencent Cloud SMS SendSms', () => {
  test('a correctly signed SendSms is sent, answered per number and lands in the outbox rendered from its template', async () => {
    const res = await post(signed(sendSms('+8613800138001')));
    assert.equal(res.status, 200);
    const [status] = res.body.Response.SendStatusSet;
    assert.equal(status.Code, 'Ok');
    assert.equal(status.PhoneNumber, '+8613800138001');
    const outbox = await control(sandbox, 'GET', '/sms?phone=13800138001');
    assert.equal(outbox.body.messages[0].text, '【聚卡】您的登录验证码是 123456，5分钟内有效。请勿告诉他人。');
    assert.equal(outbox.body.messages[0].id, status.SerialNo);
  });

  let n = 0;
  /** @type {{ why: string, over: object, code: string }[]} */
  const refusals = [
    { why: 'a body changed after signing', over: { tamper: true }, code: 'AuthFailure.SignatureFailure' },
    { why: 'a wrong secret key', over: { secretKey: 'not-the-key' }, code: 'AuthFailure.SignatureFailure' },
    { why: 'an unknown secret id', over: { secretId: 'AKIDnobody' }, code: 'AuthFailure.SecretIdNotFound' },
    { why: 'a scope for another service', over: { service: 'cvm' }, code: 'AuthFailure.SignatureFailure' },
    { why: 'a timestamp 10 minutes old', over: { timestamp: Math.floor(Date.now() / 1000) - 600 }, code: 'AuthFailure.SignatureExpire' },
    { why: 'another action', over: { action: 'SendMultiGlobalSms' }, code: 'InvalidAction' },
  ];
  for (const { why, over, code } of refusals) {
    test(`should refuse ${why} with ${code} and send nothing`, async () => {
      const phone = `1390000${String(++n).padStart(4, '0')}`;
      const res = await post(signed(sendSms(phone), over));
      assert.equal(res.status, 200);
      assert.equal(res.body.Response.Error.Code, code);
      assert.equal((await control(sandbox, 'GET', `/sms?phone=${phone}`)).body.messages.length, 0);
    });
  }

  test('should refuse an unknown template, a wrong parameter count, a wrong app id and a wrong sign name', async () => {
    const cases = [
      [sendSms('13700137000', ['1'], {}), 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate'],
      [sendSms('13700137000', undefined, { TemplateId: '999' }), 'FailedOperation.TemplateIncorrectOrUnapproved'],
      [sendSms('13700137000', undefined, { SmsSdkAppId: '1400999999' }), 'InvalidParameterValue.SdkAppIdNotExist'],
      [sendSms('13700137000', undefined, { SignName: '别家' }), 'FailedOperation.SignatureIncorrectOrUnapproved'],
    ];
    for (const [body, code] of cases) assert.equal((await post(signed(body))).body.Response.Error.Code, code);
    assert.equal((await control(sandbox, 'GET', '/sms?phone=13700137000')).body.messages.length, 0);
  });

  test('should answer a malformed number in its status without sending', async () => {
    const res = await post(signed(sendSms('+86123')));
    assert.equal(res.body.Response.SendStatusSet[0].Code, 'InvalidParameterValue.IncorrectPhoneNumber');
  });
});
