import { Logger } from '@nestjs/common';
import { Agent } from 'node:http';
import { isIP, connect } from 'node:net';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { DomainError } from '../common/domain-error';
import type { TencentSmsConfig } from '../config/endpoints';

/** The API's own host: the SDK signs for the service named by its first label (`sms`). */
const OFFICIAL_HOST = 'sms.tencentcloudapi.com';

/**
 * Tencent Cloud SMS `SendSms` (API 2021-01-11) through the official SDK, which signs with TC3-HMAC-SHA256.
 * TENCENT_SMS_BASE_URL is https://sms.tencentcloudapi.com for real. For an address without a name (the sandbox at
 * 127.0.0.1) the request still names the official host — the SDK takes the signed service from it — and only
 * the connection goes to that address, like curl's --connect-to.
 */
export class TencentSmsClient {
  private readonly logger = new Logger('TencentSms');
  private readonly client: InstanceType<typeof sms.v20210111.Client>;

  constructor(private readonly config: TencentSmsConfig) {
    const url = new URL(config.baseUrl);
    const unnamed = isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 || url.hostname === 'localhost';
    this.client = new sms.v20210111.Client({
      credential: { secretId: config.secretId, secretKey: config.secretKey },
      region: config.region,
      profile: {
        httpProfile: {
          endpoint: unnamed ? OFFICIAL_HOST : url.host,
          protocol: `${url.protocol}//`,
          reqTimeout: 5,
          ...(unnamed ? { agent: connectTo(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80)) } : {}),
        },
      },
    });
  }

  async deliver(phone: string, message: { templateParams: string[]; templateId?: string }): Promise<void> {
    let status: { Code?: string; Message?: string } | undefined;
    try {
      const answer = await this.client.SendSms({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: this.config.sdkAppId,
        SignName: this.config.signName,
        TemplateId: message.templateId ?? this.config.templateId,
        TemplateParamSet: message.templateParams,
      });
      status = answer.SendStatusSet?.[0];
    } catch (error) {
      // The SDK throws for transport errors and for the API's own Error answer (bad signature, no balance, …).
      const { code, message: text } = error as { code?: string; message?: string };
      this.logger.error(`SendSms failed: ${code ?? 'no code'} ${text ?? ''}`);
      // no API error code (a connection refused, a timeout) or the API's own InternalError: an outage, retry later
      const outage = !code || !/^[A-Z]/.test(code) || code.startsWith('InternalError');
      throw new DomainError(outage ? 'SMS_UNAVAILABLE' : 'UPSTREAM_ERROR', `Tencent Cloud SMS failed: ${code ?? 'unreachable'}`);
    }
    // Per number: "Ok", or why not (LimitExceeded.PhoneNumberDailyLimit, FailedOperation.TemplateIncorrectOrUnapproved …).
    if (status?.Code !== 'Ok') {
      this.logger.error(`SendSms refused the message: ${status?.Code ?? 'no status'} ${status?.Message ?? ''}`);
      throw new DomainError('UPSTREAM_ERROR', `Tencent Cloud SMS refused: ${status?.Code ?? 'no status'}`);
    }
  }
}

function connectTo(host: string, port: number): Agent {
  const agent = new Agent({ keepAlive: true });
  // The agent takes a socket returned at once as created; it connects while the request is written.
  agent.createConnection = () => connect({ host, port });
  return agent;
}
