import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';

interface Code2SessionReply {
  openid?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/**
 * WeChat `jscode2session`: exchanges a `wx.login()` code for the user's openid. WECHAT_LOGIN_BASE_URL is
 * https://api.weixin.qq.com for real; the channel sandbox plays WeChat by default.
 */
@Injectable()
export class WechatLoginClient {
  private readonly logger = new Logger(WechatLoginClient.name);

  constructor(private readonly config: AppConfig) {}

  async openidFor(code: string): Promise<string> {
    const url = new URL('/sns/jscode2session', this.config.endpoints.wechatLoginBaseUrl);
    url.search = new URLSearchParams({
      appid: this.config.WECHAT_APP_ID,
      secret: this.config.WECHAT_APP_SECRET,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    let reply: Code2SessionReply;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      reply = (await response.json()) as Code2SessionReply;
    } catch (error) {
      this.logger.error({ err: error }, 'jscode2session unreachable');
      throw new DomainError('WECHAT_LOGIN_UNAVAILABLE', 'WeChat login service unreachable');
    }
    if (reply.errcode || !reply.openid) {
      // 40029 invalid code, 40163 code used: the consumer should simply try again
      this.logger.warn(`jscode2session refused the code: ${reply.errcode} ${reply.errmsg}`);
      throw new DomainError('WECHAT_LOGIN_FAILED', `errcode ${reply.errcode ?? 'none'}`);
    }
    return reply.openid;
  }
}
