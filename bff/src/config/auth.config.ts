import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { Int } from './setting-decorators';
import { StorageConfig } from './storage.config';

/** Tokens, logins, the keys that sign member codes and seal secrets, and POS request signatures. */
export class AuthConfig extends StorageConfig {
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters of random text' })
  JWT_SECRET!: string;

  @Int(30, 86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Int(300)
  REFRESH_TOKEN_TTL_SECONDS = 30 * 86400;

  @IsString()
  WECHAT_APP_ID = 'wxjucard0000000001';

  @IsString()
  @MinLength(8)
  WECHAT_APP_SECRET = 'jucard-sandbox-app-secret';

  /** Where one-time login codes go: the sandbox SMS outbox, only the log, or Tencent Cloud SMS (TENCENT_SMS_*). */
  @IsIn(['sandbox', 'log', 'tencent'])
  SMS_SENDER: 'sandbox' | 'log' | 'tencent' = 'sandbox';

  /** Login attempts allowed per account or phone in a 15-minute window. */
  @Int(1)
  LOGIN_RATE_LIMIT = 10;

  /**
   * Keys that encrypt secrets at rest (POS app secrets), "<key id>:<base64 of 32 bytes>" separated by commas, the
   * first one sealing new values; the others still open what they sealed during a rotation. Unset: one key derived
   * from JWT_SECRET (local use only; production refuses to start without it).
   */
  @IsOptional()
  @Matches(/^[a-z0-9]{1,8}:[A-Za-z0-9+/_-]{43}=?(,[a-z0-9]{1,8}:[A-Za-z0-9+/_-]{43}=?)*$/, {
    message: 'SECRETS_KEY must look like k1:<base64 of 32 random bytes>[,k0:<…>]',
  })
  SECRETS_KEY?: string;

  /**
   * Member-code signing keys, "<digit>:<secret>" separated by commas, the first one signing new codes; older keys
   * keep verifying live codes during a rotation. Unset: one key derived from JWT_SECRET (local use).
   */
  @IsOptional()
  @Matches(/^\d:[^,]{32,}(,\d:[^,]{32,})*$/, { message: 'MEMBER_CODE_KEYS must look like 2:<32+ chars>,1:<32+ chars>' })
  MEMBER_CODE_KEYS?: string;

  /** How long a member code is valid, and the grace after expiry for a scan at the last second / clock skew. */
  @Int(10, 60)
  MEMBER_CODE_TTL_SECONDS = 60;

  @Int(0, 30)
  MEMBER_CODE_GRACE_SECONDS = 5;

  /** Member codes one consumer may fetch per minute (the page refreshes every 30 s). */
  @Int(1)
  MEMBER_CODE_ISSUE_PER_MINUTE = 30;

  /** POS servers sign requests; a timestamp further than this from the BFF's clock is refused. */
  @Int(30, 900)
  POS_REQUEST_WINDOW_SECONDS = 300;
}
