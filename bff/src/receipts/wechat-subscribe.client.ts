import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** What subscribeMessage.send came to: a closed union, so the job decides each case. */
export type SubscribeSendResult =
  | { kind: 'sent'; msgid: string }
  /** WeChat answered and did not send it (43101 not subscribed or quota used, 40003 bad openid, 47003 bad data …). */
  | { kind: 'refused'; errcode: number; errmsg: string }
  /** Nothing went out: no connection, no token, or WeChat's -1 "system busy" (its docs: retry later). */
  | { kind: 'not_sent'; reason: string }
  /** The request may have reached WeChat but no answer came back (timeout, reset): it may have been sent. */
  | { kind: 'unknown'; reason: string };

interface WechatReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: number | string;
}

/** Tokens are renewed this long before WeChat's 7200 s expiry, so a send never carries one about to lapse. */
const TOKEN_MARGIN_MS = 5 * 60_000;
const TIMEOUT_MS = 5_000;
/** 40001 invalid credential, 42001 access_token expired, 40014 invalid access_token: renew once and send again. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/**
 * WeChat's server API for subscribe messages: the access_token (GET /cgi-bin/token, client_credential, cached until
 * shortly before its expires_in) and POST /cgi-bin/message/subscribe/send?access_token=… with touser, template_id,
 * page, data, miniprogram_state and lang. WECHAT_API_BASE_URL is https://api.weixin.qq.com for real (unset, it
 * follows WECHAT_LOGIN_BASE_URL: one host); the channel sandbox plays both by default.
 */
@Injectable()
export class WechatSubscribeClient {
  private readonly logger = new Logger(WechatSubscribeClient.name);
  private token: { value: string; renewAt: number } | null = null;

  constructor(private readonly config: AppConfig) {}

  private get baseUrl(): string {
    return this.config.WECHAT_API_BASE_URL ?? this.config.endpoints.wechatLoginBaseUrl;
  }

  async send(message: { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }): Promise<SubscribeSendResult> {
    for (let round = 0; round < 2; round++) {
      const token = await this.accessToken(round > 0);
      if (typeof token !== 'string') return token;
      const url = new URL('/cgi-bin/message/subscribe/send', this.baseUrl);
      url.searchParams.set('access_token', token);
      const body = JSON.stringify({ touser: message.touser, template_id: message.templateId, page: message.page, data: message.data, miniprogram_state: this.config.WECHAT_MINIPROGRAM_STATE, lang: 'zh_CN' });
      const answer = await call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if ('failure' in answer) return answer.failure;
      const reply = answer.reply;
      if (!reply.errcode) return { kind: 'sent', msgid: String(reply.msgid ?? '') };
      if (TOKEN_ERRCODES.has(reply.errcode) && round === 0) continue;
      if (reply.errcode === -1) return { kind: 'not_sent', reason: `errcode -1 ${reply.errmsg ?? ''}`.trim() };
      return { kind: 'refused', errcode: reply.errcode, errmsg: reply.errmsg ?? '' };
    }
    return { kind: 'not_sent', reason: 'access_token refused twice' };
  }

  /** The cached token, or a new one; a failure to get one means nothing was sent. */
  private async accessToken(renew: boolean): Promise<string | SubscribeSendResult> {
    if (!renew && this.token && Date.now() < this.token.renewAt) return this.token.value;
    const url = new URL('/cgi-bin/token', this.baseUrl);
    url.search = new URLSearchParams({ grant_type: 'client_credential', appid: this.config.WECHAT_APP_ID, secret: this.config.WECHAT_APP_SECRET }).toString();
    const answer = await call(url, { method: 'GET' });
    if ('failure' in answer) return { kind: 'not_sent', reason: `access_token: ${answer.failure.reason}` };
    const { access_token: value, expires_in: expiresIn = 7200, errcode, errmsg } = answer.reply;
    if (!value) {
      this.logger.error(`access_token refused: ${errcode ?? 'no errcode'} ${errmsg ?? ''}`);
      return { kind: 'not_sent', reason: `access_token refused: ${errcode ?? 'no errcode'} ${errmsg ?? ''}`.trim() };
    }
    this.token = { value, renewAt: Date.now() + expiresIn * 1000 - TOKEN_MARGIN_MS };
    return value;
  }
}

/** One call; a connection never made is `not_sent`, one made but unanswered is `unknown`. */
async function call(url: URL, init: RequestInit): Promise<{ reply: WechatReply } | { failure: Extract<SubscribeSendResult, { kind: 'not_sent' | 'unknown' }> }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = cause ?? (error as Error).name;
    // refused or unresolved: the request never left; anything else (a timeout, a reset) may have been taken
    const neverLeft = cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN';
    return { failure: { kind: neverLeft ? 'not_sent' : 'unknown', reason } };
  }
  // 502/503: a gateway that did not reach WeChat; any other 5xx (a 504 above all) may have been acted on
  if (response.status === 502 || response.status === 503) return { failure: { kind: 'not_sent', reason: `HTTP ${response.status}` } };
  if (response.status >= 500) return { failure: { kind: 'unknown', reason: `HTTP ${response.status}` } };
  try {
    return { reply: (await response.json()) as WechatReply };
  } catch {
    return { failure: { kind: 'unknown', reason: `HTTP ${response.status}, not JSON` } };
  }
}
