import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';

/** Sends one-time codes. Locally they go to the channel sandbox's SMS outbox and to the log. */
@Injectable()
export class SmsSender {
  private readonly logger = new Logger('SMS');

  constructor(private readonly config: AppConfig) {}

  async send(phone: string, text: string): Promise<void> {
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    if (this.config.SMS_SENDER === 'log') {
      this.logger.log(`to ${masked}: ${text}`);
      return;
    }
    const response = await fetch(new URL('/sms/send', this.config.CHANNEL_SANDBOX_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, text }),
      signal: AbortSignal.timeout(5000),
    }).catch((error: unknown) => {
      this.logger.error({ err: error }, 'SMS gateway unreachable');
      throw new DomainError('UPSTREAM_ERROR', 'SMS gateway unreachable');
    });
    if (!response.ok) throw new DomainError('UPSTREAM_ERROR', `SMS gateway answered ${response.status}`);
    this.logger.log(`one-time code sent to ${masked}`);
  }
}
