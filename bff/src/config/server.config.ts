import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { Int, OptionalUrl } from './setting-decorators';

/** The process itself: how it listens, what it logs, what it serves besides the API. */
export class ServerConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Int(0, 65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /**
   * Proxies in front of the BFF that append to X-Forwarded-For (0 = none: the client is the socket's peer, and the
   * header, which anyone can send, is ignored). With 1, the client is the last address the proxy appended.
   */
  @Int(0, 5)
  TRUST_PROXY = 0;

  /** How the channels reach this BFF for notifications; default http://127.0.0.1:<PORT>. */
  @OptionalUrl()
  PUBLIC_BASE_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** json for machines (production, CI); pretty for a person at a terminal (the default in development). */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /**
   * Bearer token for /metrics, /docs and /docs-json. In production they answer 401 without it (and stay closed when
   * it is unset); in development and tests they are open unless a token is set.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'OPS_ENDPOINTS_TOKEN must be at least 32 characters of random text' })
  OPS_ENDPOINTS_TOKEN?: string;

  /** The built H5 app (consumer and merchant pages), served under /app/ when the folder exists. */
  @IsString()
  H5_DIST_DIR = 'miniapp/dist/h5';

  /** The platform's customer-service line: a frozen card points here when its merchant left no phone. */
  @Matches(/^[0-9][0-9 -]{4,19}$/, { message: 'PLATFORM_SERVICE_PHONE must be a phone number such as 400-820-0000' })
  PLATFORM_SERVICE_PHONE = '400-820-0000';

  get publicBaseUrl(): string {
    return (this.PUBLIC_BASE_URL ?? `http://127.0.0.1:${this.PORT}`).replace(/\/$/, '');
  }

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json');
  }
}
