import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Channel, PaymentChannel } from '../channel.port';
import { AlipayChannel, type AlipayCredentials } from './alipay.channel';
import { UnionpayChannel, type UnionpayCredentials, type UnionpayTxnLog } from './unionpay.channel';
import { WechatpayChannel, type WechatpayCredentials } from './wechatpay.channel';

/** The merchant-credentials.json shape (the channel sandbox writes one on first start). */
export interface ChannelCredentials {
  wechatpay: WechatpayCredentials;
  alipay: AlipayCredentials;
  unionpay: UnionpayCredentials;
}

const FIELDS = {
  wechatpay: ['mchid', 'appid', 'serialNo', 'privateKeyPem', 'platformPublicKeyPem', 'platformSerial', 'apiV3Key'],
  alipay: ['appId', 'sellerId', 'privateKeyPem', 'alipayPublicKeyPem'],
  unionpay: ['merId', 'certId', 'privateKeyPem', 'platformPublicKeyPem', 'platformCertId'],
} as const;

/**
 * Reads and checks the credentials file, so a missing field or an unreadable key stops the boot with a sentence
 * naming it rather than failing on the first payment.
 */
export function loadChannelCredentials(file: string): ChannelCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`payment credentials ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return checkChannelCredentials(parsed, file);
}

export function checkChannelCredentials(value: unknown, source = 'credentials'): ChannelCredentials {
  const fail = (what: string) => new Error(`payment credentials ${source}: ${what}`);
  const root = (value ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const [channel, names] of Object.entries(FIELDS)) {
    const section = root[channel];
    if (!section || typeof section !== 'object') throw fail(`${channel} is missing`);
    for (const name of names) {
      if (typeof section[name] !== 'string' || section[name] === '') throw fail(`${channel}.${name} is missing`);
    }
    for (const name of names.filter((n) => n.endsWith('Pem'))) {
      try {
        if (name === 'privateKeyPem') createPrivateKey(section[name] as string);
        else createPublicKey(section[name] as string);
      } catch {
        throw fail(`${channel}.${name} is not a readable PEM key`);
      }
    }
  }
  const credentials = root as unknown as ChannelCredentials;
  if (Buffer.byteLength(credentials.wechatpay.apiV3Key) !== 32) throw fail('wechatpay.apiV3Key must be 32 bytes (the AES-256 key)');
  return credentials;
}

export interface PaymentChannelsOptions {
  /** Where every channel is reached unless `baseUrls` says otherwise: the channel sandbox locally. */
  baseUrl: string;
  /** Per channel, e.g. { WECHATPAY: 'https://api.mch.weixin.qq.com', ALIPAY: 'https://openapi.alipay.com' }. */
  baseUrls?: Partial<Record<Channel, string>>;
  credentials: ChannelCredentials;
  /** Per call; a channel slower than this counts as unavailable. */
  timeoutMs?: number;
  now?: () => Date;
  /** Where UnionPay's txnTimes are kept (in memory by default; see UnionpayTxnLog). */
  unionpayTxnLog?: UnionpayTxnLog;
  /** The sandbox's UnionPay bill; default `${UnionPay base URL}/__control/bills/unionpay`, null outside the sandbox. */
  unionpaySandboxBillUrl?: string | null;
  /** Reads the credentials again, for a platform key that rotated (WeChat Pay asks when an unknown serial signs). */
  reloadCredentials?: () => ChannelCredentials;
}

export function createPaymentChannels(options: PaymentChannelsOptions): Record<Channel, PaymentChannel> {
  const { credentials, timeoutMs, now } = options;
  const base = (channel: Channel) => (options.baseUrls?.[channel] ?? options.baseUrl).replace(/\/+$/, '');
  return {
    WECHATPAY: new WechatpayChannel({
      baseUrl: base('WECHATPAY'),
      credentials: credentials.wechatpay,
      timeoutMs,
      now,
      reloadCredentials: options.reloadCredentials && (() => options.reloadCredentials!().wechatpay),
    }),
    ALIPAY: new AlipayChannel({ baseUrl: base('ALIPAY'), credentials: credentials.alipay, timeoutMs }),
    UNIONPAY: new UnionpayChannel({
      baseUrl: base('UNIONPAY'),
      credentials: credentials.unionpay,
      timeoutMs,
      now,
      txnLog: options.unionpayTxnLog,
      sandboxBillUrl: options.unionpaySandboxBillUrl === undefined ? `${base('UNIONPAY')}/__control/bills/unionpay` : options.unionpaySandboxBillUrl,
    }),
  };
}
