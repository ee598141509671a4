import { Injectable, Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { readCredentials } from '../config/endpoints';
import { DomainError } from '../common/domain-error';
import type { Channel, PaymentChannel } from './channel.port';
import { checkChannelCredentials, createPaymentChannels, loadChannelCredentials, type ChannelCredentials } from './providers/channel-config';
import { DatabaseUnionpayTxnLog } from './unionpay-txn-log';

const SECTIONS = ['wechatpay', 'alipay', 'unionpay'] as const;

/**
 * The channel adapters, built on first use: locally the channel sandbox writes the merchant credentials when it
 * first starts, which may be a moment after the BFF.
 */
@Injectable()
export class PaymentChannels {
  private readonly logger = new Logger(PaymentChannels.name);
  private channels: Record<Channel, PaymentChannel> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly unionpayTxnLog: DatabaseUnionpayTxnLog,
  ) {}

  get(channel: Channel): PaymentChannel {
    return this.all()[channel];
  }

  all(): Record<Channel, PaymentChannel> {
    if (!this.channels) {
      const { endpoints } = this.config;
      try {
        this.channels = createPaymentChannels({
          baseUrl: this.config.CHANNEL_SANDBOX_URL,
          baseUrls: endpoints.channelBaseUrls,
          credentials: this.credentials(),
          reloadCredentials: () => this.credentials(),
          unionpayTxnLog: this.unionpayTxnLog,
          // The sandbox's bill route exists only there; a real UnionPay bill comes through its file-transfer API.
          ...(endpoints.mode === 'real' ? { unionpaySandboxBillUrl: null } : {}),
        });
      } catch (error) {
        this.logger.error(`payment channel credentials unreadable: ${(error as Error).message}`);
        throw new DomainError('CHANNEL_UNAVAILABLE', 'channel credentials missing');
      }
      this.logger.log(`channels at ${Object.entries(endpoints.channelBaseUrls).map(([channel, url]) => `${channel} ${url}`).join(', ')}`);
    }
    return this.channels;
  }

  /**
   * Each channel's section from its own variables (key files read again, for a rotated platform key), else from
   * PAYMENT_CREDENTIALS_FILE, which the sandbox writes; the file is read only when some section needs it.
   */
  private credentials(): ChannelCredentials {
    const fromEnv = this.config.endpoints.credentials;
    const file = resolve(this.config.PAYMENT_CREDENTIALS_FILE);
    const fromFile = SECTIONS.every((s) => fromEnv[s]) ? null : loadChannelCredentials(file);
    const merged: Record<string, unknown> = {};
    for (const section of SECTIONS) {
      const source = fromEnv[section];
      merged[section] = source ? readCredentials(source) : fromFile![section];
    }
    return checkChannelCredentials(merged, fromFile ? `${file} and the environment` : 'from the environment');
  }
}
