import { Injectable, Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import type { Channel, PaymentChannel } from './channel.port';
import { createPaymentChannels, loadChannelCredentials } from './providers/channel-config';
import { DatabaseUnionpayTxnLog } from './unionpay-txn-log';

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
      const file = resolve(this.config.PAYMENT_CREDENTIALS_FILE);
      try {
        this.channels = createPaymentChannels({
          baseUrl: this.config.CHANNEL_SANDBOX_URL,
          credentials: loadChannelCredentials(file),
          reloadCredentials: () => loadChannelCredentials(file),
          unionpayTxnLog: this.unionpayTxnLog,
        });
      } catch (error) {
        this.logger.error(`payment channel credentials unreadable at ${file}: ${(error as Error).message}`);
        throw new DomainError('CHANNEL_UNAVAILABLE', 'channel credentials missing');
      }
    }
    return this.channels;
  }
}
