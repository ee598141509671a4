import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { TencentSmsClient } from './tencent-sms.client';

/**
 * One SMS. Chinese providers send only pre-approved templates, so the message carries the template's parameters
 * (Tencent Cloud: {1}, {2}, …) beside the text that the sandbox and the log show.
 */
export interface SmsMessage {
  text: string;
  templateParams: string[];
  /** The approved template the parameters fill; absent = the login-code template (TENCENT_SMS_TEMPLATE_ID). */
  templateId?: string;
}

/** Where a message goes: SMS_SENDER picks the sandbox's outbox, only the log, or Tencent Cloud SMS. */
interface SmsTransport {
  deliver(phone: string, message: SmsMessage): Promise<void>;
}

/** Sends one-time codes and receipts. Locally they go to the channel sandbox's SMS outbox and to the log. */
@Injectable()
export class SmsSender {
  private readonly logger = new Logger('SMS');
  private readonly transport: SmsTransport | null;

  constructor(private readonly config: AppConfig) {
    switch (config.SMS_SENDER) {
      case 'log':
        this.transport = null;
        break;
      case 'sandbox':
        this.transport = { deliver: (phone, message) => this.toSandboxOutbox(phone, message) };
        break;
      case 'tencent':
        this.transport = new TencentSmsClient(config.endpoints.tencentSms);
        break;
    }
  }

  async send(phone: string, message: SmsMessage): Promise<void> {
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    if (!this.transport) {
      this.logger.log(`to ${masked}: ${message.text}`);
      return;
    }
    await this.transport.deliver(phone, message);
    this.logger.log(`SMS sent to ${masked}`);
  }

  private async toSandboxOutbox(phone: string, message: SmsMessage): Promise<void> {
    const response = await fetch(new URL('/sms/send', this.config.CHANNEL_SANDBOX_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, text: message.text }),
      signal: AbortSignal.timeout(5000),
    }).catch((error: unknown) => {
      this.logger.error({ err: error }, 'SMS gateway unreachable');
      throw new DomainError('SMS_UNAVAILABLE', 'SMS gateway unreachable');
    });
    if (response.status >= 500) throw new DomainError('SMS_UNAVAILABLE', `SMS gateway answered ${response.status}`);
    if (!response.ok) throw new DomainError('UPSTREAM_ERROR', `SMS gateway answered ${response.status}`);
  }
}
