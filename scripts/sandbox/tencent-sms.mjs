// @ts-check
// Tencent Cloud SMS `SendSms` (API 2021-01-11) as the real endpoint serves it: POST / with the parameters as JSON,
// X-TC-Action / X-TC-Version / X-TC-Timestamp / X-TC-Region headers and a TC3-HMAC-SHA256 Authorization header
// (https://cloud.tencent.com/document/api/382/52071, signature v3: https://cloud.tencent.com/document/api/382/52072).
// The signature is checked here with Node crypto only (no code shared with the BFF or the SDK); what passes goes
// into the same SMS outbox as POST /sms/send, rendered from its template, for GET /__control/sms.
//   Env: SANDBOX_TENCENT_SMS_SECRET_ID / _SECRET_KEY / _SDK_APP_ID / _SIGN_NAME (defaults match the BFF's).
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { maskPhone } from './sms.mjs';

const MAX_SKEW_S = 300; // the real API refuses a timestamp further than 5 minutes away (AuthFailure.SignatureExpire)
/** The approved templates: id -> text with {1}, {2}, … */
export const TENCENT_SMS_TEMPLATES = { 100001: '您的登录验证码是 {1}，{2}分钟内有效。请勿告诉他人。' };

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();

/** TC3-HMAC-SHA256 as documented: canonical request → string to sign → key derived per date and service. */
export function tc3Signature({ secretKey, method, path, query = '', headers, signedHeaders, payload, timestamp, date, service }) {
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${String(headers[name] ?? '').trim().toLowerCase()}\n`).join('');
  const canonicalRequest = [method, path, query, canonicalHeaders, signedHeaders.join(';'), sha256(payload)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', timestamp, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

const AUTHORIZATION = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

export function tencentSms({ env = process.env, log = console.log, now = Date.now, outbox }) {
  const account = {
    secretId: env.SANDBOX_TENCENT_SMS_SECRET_ID || 'AKIDjucardSandbox00000000000000000000',
    secretKey: env.SANDBOX_TENCENT_SMS_SECRET_KEY || 'jucard-sandbox-tencent-sms-secret-key',
    sdkAppId: env.SANDBOX_TENCENT_SMS_SDK_APP_ID || '1400000000',
    signName: env.SANDBOX_TENCENT_SMS_SIGN_NAME || '聚卡',
  };
  // The real API answers HTTP 200 with Response.Error for a refusal.
  const refuse = (Code, Message) => ({ body: { Response: { Error: { Code, Message }, RequestId: randomUUID() } } });

  /** Why the request is not authentic, or null. */
  function authFailure(headers, rawBody) {
    const match = AUTHORIZATION.exec(String(headers.authorization ?? ''));
    if (!match) return ['AuthFailure.InvalidAuthorization', 'Authorization 头部格式不正确'];
    const [, secretId, date, service, signedList, signature] = /** @type {string[]} */ (match);
    const timestamp = String(headers['x-tc-timestamp'] ?? '');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() / 1000 - Number(timestamp)) > MAX_SKEW_S) {
      return ['AuthFailure.SignatureExpire', '签名过期，请检查 X-TC-Timestamp 与服务器时间'];
    }
    if (secretId !== account.secretId) return ['AuthFailure.SecretIdNotFound', '密钥不存在'];
    const signedHeaders = signedList.split(';');
    // The scope must be this service on the timestamp's UTC date, and host and content-type must be signed.
    if (service !== 'sms' || date !== new Date(Number(timestamp) * 1000).toISOString().slice(0, 10)
      || !signedHeaders.includes('host') || !signedHeaders.includes('content-type')) {
      return ['AuthFailure.SignatureFailure', '签名范围不正确'];
    }
    const expected = tc3Signature({ secretKey: account.secretKey, method: 'POST', path: '/', headers, signedHeaders, payload: rawBody, timestamp, date, service });
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return ['AuthFailure.SignatureFailure', '签名验证失败'];
    return null;
  }

  return [
    {
      method: 'POST',
      path: '/',
      raw: true,
      handle({ headers, rawBody }) {
        const body = rawBody ?? '';
        const failure = authFailure(headers, body);
        if (failure) return refuse(...failure);
        if (headers['x-tc-action'] !== 'SendSms') return refuse('InvalidAction', `接口 ${headers['x-tc-action']} 不存在（沙箱只提供 SendSms）`);
        if (headers['x-tc-version'] !== '2021-01-11') return refuse('NoSuchVersion', '接口版本不存在');
        let req;
        try {
          req = JSON.parse(body);
        } catch {
          return refuse('InvalidParameter', '请求体不是 JSON');
        }
        if (req.SmsSdkAppId !== account.sdkAppId) return refuse('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId 不存在');
        if (req.SignName !== account.signName) return refuse('FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误');
        const template = TENCENT_SMS_TEMPLATES[/** @type {keyof typeof TENCENT_SMS_TEMPLATES} */ (req.TemplateId)];
        if (!template) return refuse('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或不存在');
        const params = Array.isArray(req.TemplateParamSet) ? req.TemplateParamSet.map(String) : [];
        if (params.length !== (template.match(/\{\d+\}/g) ?? []).length) {
          return refuse('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', '参数个数与模板不一致');
        }
        if (!Array.isArray(req.PhoneNumberSet) || req.PhoneNumberSet.length === 0 || req.PhoneNumberSet.length > 200) {
          return refuse('InvalidParameterValue.IncorrectPhoneNumber', 'PhoneNumberSet 须为 1–200 个号码');
        }
        const text = `【${account.signName}】${template.replace(/\{(\d+)\}/g, (_, n) => params[Number(n) - 1] ?? '')}`;
        const SendStatusSet = req.PhoneNumberSet.map((number) => {
          const phone = /^(?:\+86|0086|86)?(1\d{10})$/.exec(String(number))?.[1];
          if (!phone) return { SerialNo: '', PhoneNumber: String(number), Fee: 0, SessionContext: '', Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误', IsoCode: '' };
          const SerialNo = randomUUID();
          outbox.add({ id: SerialNo, phone, text, sentAt: new Date(now()).toISOString(), via: 'tencent' });
          log(`[sms] (Tencent Cloud SMS) to ${maskPhone(phone)}: ${text}`);
          return { SerialNo, PhoneNumber: `+86${phone}`, Fee: 1, SessionContext: String(req.SessionContext ?? ''), Code: 'Ok', Message: 'send success', IsoCode: 'CN' };
        });
        return { body: { Response: { SendStatusSet, RequestId: randomUUID() } } };
      },
    },
  ];
}
