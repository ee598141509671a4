import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Channel } from '../payments/channel.port';

/**
 * The outside endpoints (the three channels, WeChat login, the custody bank, the SMS provider, identity verification),
 * each configured on
 * its own and each defaulting to the channel sandbox. `real` (the default in production) refuses every fallback to
 * the sandbox: docs/deployment.md, "Real endpoints".
 */
export type EndpointsMode = 'sandbox' | 'real';

/** Per credential section: field → the variable that sets it; a `…Pem` field is read from the file it names. */
export const CREDENTIAL_VARIABLES = {
  wechatpay: {
    mchid: 'WECHATPAY_MCHID',
    appid: 'WECHATPAY_APPID',
    serialNo: 'WECHATPAY_CERT_SERIAL_NO',
    privateKeyPem: 'WECHATPAY_PRIVATE_KEY_FILE',
    platformPublicKeyPem: 'WECHATPAY_PLATFORM_KEY_FILE',
    platformSerial: 'WECHATPAY_PLATFORM_SERIAL',
    apiV3Key: 'WECHATPAY_API_V3_KEY',
  },
  alipay: {
    appId: 'ALIPAY_APP_ID',
    sellerId: 'ALIPAY_SELLER_ID',
    privateKeyPem: 'ALIPAY_PRIVATE_KEY_FILE',
    alipayPublicKeyPem: 'ALIPAY_PUBLIC_KEY_FILE',
  },
  unionpay: {
    merId: 'UNIONPAY_MER_ID',
    certId: 'UNIONPAY_CERT_ID',
    privateKeyPem: 'UNIONPAY_PRIVATE_KEY_FILE',
    platformPublicKeyPem: 'UNIONPAY_PLATFORM_CERT_FILE',
    platformCertId: 'UNIONPAY_PLATFORM_CERT_ID',
  },
  bank: {
    clientId: 'CUSTODY_BANK_CLIENT_ID',
    privateKeyPem: 'CUSTODY_BANK_PRIVATE_KEY_FILE',
    bankPublicKeyPem: 'CUSTODY_BANK_PUBLIC_KEY_FILE',
  },
} as const;

export type CredentialSection = keyof typeof CREDENTIAL_VARIABLES;
/** A section set from the environment: the values, with key files as paths (read again on every `readCredentials`). */
export type CredentialSource = Readonly<Record<string, string>>;

export const TENCENT_SMS_VARIABLES = ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATE_ID'] as const;

/** What the sandbox accepts (scripts/sandbox/tencent-sms.mjs); production refuses them. */
const TENCENT_SMS_SANDBOX = {
  TENCENT_SMS_SECRET_ID: 'AKIDjucardSandbox00000000000000000000',
  TENCENT_SMS_SECRET_KEY: 'jucard-sandbox-tencent-sms-secret-key',
  TENCENT_SMS_SDK_APP_ID: '1400000000',
  TENCENT_SMS_SIGN_NAME: '聚卡',
  TENCENT_SMS_TEMPLATE_ID: '100001',
} as const;

export interface TencentSmsConfig {
  /** https://sms.tencentcloudapi.com for real; the sandbox plays the same API locally. */
  baseUrl: string;
  region: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  /** The approved login-code template, e.g. "您的登录验证码是{1}，{2}分钟内有效。请勿告诉他人。". */
  templateId: string;
}

export interface Endpoints {
  mode: EndpointsMode;
  channelBaseUrls: Record<Channel, string>;
  wechatLoginBaseUrl: string;
  /** The identity-verification service (实名: name + resident ID number), real-name/identity-verification.client.ts. */
  identityVerificationBaseUrl: string;
  /** Sections set from the environment; a missing one comes from PAYMENT_CREDENTIALS_FILE (the sandbox's). */
  credentials: Partial<Record<CredentialSection, CredentialSource>>;
  tencentSms: TencentSmsConfig;
}

/** The parts of AppConfig this reads (validated there). */
export interface EndpointsBase {
  NODE_ENV: string;
  CHANNEL_SANDBOX_URL: string;
  SMS_SENDER: string;
}

const BASE_URL_VARIABLES = {
  WECHATPAY: 'WECHATPAY_BASE_URL',
  ALIPAY: 'ALIPAY_BASE_URL',
  UNIONPAY: 'UNIONPAY_BASE_URL',
} as const satisfies Record<Channel, string>;

/** Reads a section's values, key files included: at boot (to check them) and whenever a channel asks again. */
export function readCredentials(source: CredentialSource): Record<string, string> {
  const read: Record<string, string> = {};
  for (const [field, value] of Object.entries(source)) read[field] = field.endsWith('Pem') ? readFileSync(value, 'utf8') : value;
  return read;
}

/**
 * Endpoints from the environment. Throws a list of sentences, each naming a variable; loadConfig turns them into
 * its ConfigError.
 */
export function loadEndpoints(env: NodeJS.ProcessEnv, base: EndpointsBase): Endpoints {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const problems: string[] = [];
  const missingForReal: string[] = [];

  const modeValue = value('OUTSIDE_ENDPOINTS') ?? (base.NODE_ENV === 'production' ? 'real' : 'sandbox');
  if (modeValue !== 'sandbox' && modeValue !== 'real') problems.push('OUTSIDE_ENDPOINTS is invalid: it must be sandbox or real.');
  const mode: EndpointsMode = modeValue === 'real' ? 'real' : 'sandbox';

  const url = (name: string, neededForReal = true): string => {
    const given = value(name);
    if (given === undefined) {
      if (neededForReal) missingForReal.push(name);
      return base.CHANNEL_SANDBOX_URL;
    }
    if (!isHttpUrl(given)) problems.push(`${name} is invalid: it must be an http(s) URL such as https://api.example.com.`);
    return given.replace(/\/+$/, '');
  };

  const channelBaseUrls = {
    WECHATPAY: url(BASE_URL_VARIABLES.WECHATPAY),
    ALIPAY: url(BASE_URL_VARIABLES.ALIPAY),
    UNIONPAY: url(BASE_URL_VARIABLES.UNIONPAY),
  };
  const wechatLoginBaseUrl = url('WECHAT_LOGIN_BASE_URL');
  const identityVerificationBaseUrl = url('IDENTITY_VERIFICATION_BASE_URL');
  // CUSTODY_BANK_URL itself is validated (and defaulted) by AppConfig; here only whether it was set.
  if (value('CUSTODY_BANK_URL') === undefined) missingForReal.push('CUSTODY_BANK_URL');
  for (const name of ['WECHAT_APP_ID', 'WECHAT_APP_SECRET']) if (value(name) === undefined) missingForReal.push(name);

  const credentials: Partial<Record<CredentialSection, CredentialSource>> = {};
  for (const [section, variables] of Object.entries(CREDENTIAL_VARIABLES) as [CredentialSection, Record<string, string>][]) {
    const given = Object.values(variables).filter((name) => value(name) !== undefined);
    if (given.length === 0) {
      missingForReal.push(...Object.values(variables));
      continue;
    }
    const unset = Object.values(variables).filter((name) => value(name) === undefined);
    if (unset.length > 0) {
      problems.push(`${unset.join(', ')} ${unset.length === 1 ? 'is' : 'are'} not set (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'}: a section is set whole or not at all).`);
      continue;
    }
    const source = Object.fromEntries(Object.entries(variables).map(([field, name]) => [field, value(name)!]));
    problems.push(...checkSection(source, variables));
    credentials[section] = source;
  }

  if (base.SMS_SENDER !== 'tencent') missingForReal.push('SMS_SENDER=tencent');
  const smsBaseUrl = url('TENCENT_SMS_BASE_URL', base.SMS_SENDER === 'tencent');
  const sms = (name: (typeof TENCENT_SMS_VARIABLES)[number]) => {
    const given = value(name);
    if (given === undefined && base.SMS_SENDER === 'tencent') missingForReal.push(name);
    return given ?? TENCENT_SMS_SANDBOX[name];
  };
  const tencentSms: TencentSmsConfig = {
    baseUrl: smsBaseUrl,
    region: value('TENCENT_SMS_REGION') ?? 'ap-guangzhou',
    secretId: sms('TENCENT_SMS_SECRET_ID'),
    secretKey: sms('TENCENT_SMS_SECRET_KEY'),
    sdkAppId: sms('TENCENT_SMS_SDK_APP_ID'),
    signName: sms('TENCENT_SMS_SIGN_NAME'),
    templateId: sms('TENCENT_SMS_TEMPLATE_ID'),
  };

  if (mode === 'real' && missingForReal.length > 0) {
    problems.push(
      `OUTSIDE_ENDPOINTS is real${value('OUTSIDE_ENDPOINTS') ? '' : ' (the default in production)'}, so no endpoint may fall back to the channel sandbox, and these are not set: ${missingForReal.join(', ')}. ` +
        'Set them (docs/deployment.md, "Real endpoints"), or OUTSIDE_ENDPOINTS=sandbox to run against the sandbox on purpose.',
    );
  }
  if (problems.length > 0) throw new EndpointsError(problems);
  return { mode, channelBaseUrls, wechatLoginBaseUrl, identityVerificationBaseUrl, credentials, tencentSms };
}

export class EndpointsError extends Error {
  constructor(readonly sentences: string[]) {
    super(sentences.join(' '));
  }
}

/** Key files must exist and hold a key of the right kind, so a wrong path stops the boot rather than the first payment. */
function checkSection(source: Record<string, string>, variables: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [field, path] of Object.entries(source).filter(([field]) => field.endsWith('Pem'))) {
    const name = variables[field]!;
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${name} names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}: ${path}).`);
      continue;
    }
    try {
      // A public key or an X.509 certificate (createPublicKey takes either) for the other side; our own private key.
      if (field === 'privateKeyPem') createPrivateKey(pem);
      else createPublicKey(pem);
    } catch {
      problems.push(`${name} is invalid: ${path} holds no PEM ${field === 'privateKeyPem' ? 'private key' : 'public key or certificate'}.`);
    }
  }
  if (source.apiV3Key !== undefined && Buffer.byteLength(source.apiV3Key) !== 32) {
    problems.push('WECHATPAY_API_V3_KEY is invalid: it must be the 32-character APIv3 key.');
  }
  return problems;
}

function isHttpUrl(text: string): boolean {
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
