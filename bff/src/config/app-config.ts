import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { type Endpoints, EndpointsError, loadEndpoints } from './endpoints';

const BUDGET = /^[1-9]\d{0,6}\/[1-9]\d{0,5}$/;
const BUDGET_MESSAGE = 'limits look like <requests>/<seconds>, e.g. 20/900';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable the BFF reads, validated at boot. `.env.example` documents each one.
 * A missing or malformed value stops the process with a sentence that names the variable.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /** mysql://user:pass@host:port/db — when absent the embedded SQLite file is used. */
  @IsOptional()
  @Matches(/^mysql:\/\/.+\/[^/?]+/, { message: 'DATABASE_URL must look like mysql://user:password@host:3306/database' })
  DATABASE_URL?: string;

  @IsString()
  SQLITE_PATH = '.data/jucard.sqlite';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(512)
  DB_POOL_SIZE = 32;

  /** redis://host:port, or redis+cluster://host:port,host:port for a Redis Cluster — when absent an in-process store is used (single node only). */
  @IsOptional()
  @Matches(/^(rediss?|redis\+cluster):\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379 or redis+cluster://host:7001,host:7002' })
  REDIS_URL?: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters of random text' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 30 * 86400;

  /** Base URL of the channel sandbox (or the real channel gateways' stand-in). */
  @IsUrl({ require_tld: false, require_protocol: true })
  CHANNEL_SANDBOX_URL = 'http://127.0.0.1:3100';

  /**
   * Base URL of the custody bank's payout API (settlement payouts). Unset = CHANNEL_SANDBOX_URL, where the sandbox
   * plays the bank; loadConfig fills that in, so the value is always set once loaded.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  CUSTODY_BANK_URL!: string;

  @IsString()
  WECHAT_APP_ID = 'wxjucard0000000001';

  @IsString()
  @MinLength(8)
  WECHAT_APP_SECRET = 'jucard-sandbox-app-secret';

  /** Where one-time login codes go: the sandbox SMS outbox, only the log, or Tencent Cloud SMS (TENCENT_SMS_*). */
  @IsIn(['sandbox', 'log', 'tencent'])
  SMS_SENDER: 'sandbox' | 'log' | 'tencent' = 'sandbox';

  /** Every outside endpoint, each on its own (config/endpoints.ts); filled in by loadConfig. */
  endpoints!: Endpoints;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** json for machines (production, CI); pretty for a person at a terminal (the default in development). */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /** How often hot ledger accounts are rolled up; 0 turns the background job off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LEDGER_ROLLUP_INTERVAL_MS = 500;

  /**
   * Benchmark baseline only: apply hot accounts (merchant payable, pools) inside each request like a naive ledger
   * would. Correct but slow (every redemption of a merchant queues on one row); never for production.
   */
  @IsIn(['true', 'false'])
  LEDGER_HOT_ACCOUNTS_INLINE: 'true' | 'false' = 'false';

  /**
   * Proxies in front of the BFF that append to X-Forwarded-For (0 = none: the client is the socket's peer, and the
   * header, which anyone can send, is ignored). With 1, the client is the last address the proxy appended.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  TRUST_PROXY = 0;

  // Budgets per client address and for the whole platform, "<requests>/<seconds>", counted in the key-value store
  // (Redis) so every instance shares them. SMS costs money per message; registrations and logins draw attackers.
  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_LOGIN_PER_IP = '20/900';

  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_LOGIN_GLOBAL = '600/60';

  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_SMS_PER_IP = '5/3600';

  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_SMS_GLOBAL = '100/60';

  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_REGISTER_PER_IP = '5/3600';

  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_REGISTER_GLOBAL = '60/3600';

  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_MEMBER_CODE_PER_IP = '240/60';

  @Matches(BUDGET, { message: BUDGET_MESSAGE })
  LIMIT_MEMBER_CODE_GLOBAL = '20000/60';

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

  /** Login attempts allowed per account or phone in a 15-minute window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /**
   * Member-code signing keys, "<digit>:<secret>" separated by commas, the first one signing new codes; older keys
   * keep verifying live codes during a rotation. Unset: one key derived from JWT_SECRET (local use).
   */
  @IsOptional()
  @Matches(/^\d:[^,]{32,}(,\d:[^,]{32,})*$/, { message: 'MEMBER_CODE_KEYS must look like 2:<32+ chars>,1:<32+ chars>' })
  MEMBER_CODE_KEYS?: string;

  /** How long a member code is valid, and the grace after expiry for a scan at the last second / clock skew. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60)
  MEMBER_CODE_TTL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30)
  MEMBER_CODE_GRACE_SECONDS = 5;

  /** Member codes one consumer may fetch per minute (the page refreshes every 30 s). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MEMBER_CODE_ISSUE_PER_MINUTE = 30;

  /** POS servers sign requests; a timestamp further than this from the BFF's clock is refused. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(900)
  POS_REQUEST_WINDOW_SECONDS = 300;

  /** Merchant credentials at the channels (the sandbox writes this file on first start). */
  @IsString()
  PAYMENT_CREDENTIALS_FILE = '.data/sandbox/merchant-credentials.json';

  /** How the channels reach this BFF for notifications; default http://127.0.0.1:<PORT>. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL?: string;

  /** The platform's customer-service line: a frozen card points here when its merchant left no phone. */
  @Matches(/^[0-9][0-9 -]{4,19}$/, { message: 'PLATFORM_SERVICE_PHONE must be a phone number such as 400-820-0000' })
  PLATFORM_SERVICE_PHONE = '400-820-0000';

  /** An unpaid top-up is closed at the channel after this many minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(120)
  TOPUP_EXPIRY_MINUTES = 15;

  /**
   * Redemptions taken in one transaction at most (group commit on MySQL/MariaDB: requests that arrive while a batch
   * commits go in the next one); 1 = one transaction per redemption.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  REDEMPTION_BATCH_MAX = 64;

  /** Redemption batches committing at once (each on its own connection); the next batch gathers meanwhile. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  REDEMPTION_BATCHES_IN_FLIGHT = 1;

  /** Payment notifications credited in one transaction at most (group commit on MySQL/MariaDB); 1 = one each. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  NOTIFICATION_BATCH_MAX = 64;

  /** Notification batches committing at once (each on its own connection); the next batch gathers meanwhile. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  NOTIFICATION_BATCHES_IN_FLIGHT = 2;

  /** How often the payment poller looks for attempts due a query (lost notifications, expiry); 0 = off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PAYMENT_POLL_INTERVAL_MS = 1000;

  /**
   * How often the day-close job checks whether yesterday (Asia/Shanghai) still needs reconciling, verifying and
   * settling; 0 = off (operators run it from the console).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DAY_CLOSE_INTERVAL_MS = 60_000;

  /** Shanghai time of day after which yesterday is closed: the channels' bills are ready by then. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DAY_CLOSE_AFTER must be HH:MM' })
  DAY_CLOSE_AFTER = '02:00';

  /** How often payouts still under way (or to retry) are sent or asked about again; 0 = off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PAYOUT_INTERVAL_MS = 30_000;

  /** How often an instance looks for a settlement run left RUNNING by an instance that died (and resumes it); 0 = off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SETTLEMENT_RESUME_INTERVAL_MS = 60_000;

  /**
   * How long a background job's lease lasts unless renewed: after an instance dies, another takes its jobs over
   * this much later. Far above the clock skew between instances (expiry is compared with each instance's clock).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  JOB_LEASE_TTL_MS = 30_000;

  /** How often a running job renews its lease; well under JOB_LEASE_TTL_MS, so a slow renewal never loses it. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  JOB_LEASE_RENEW_MS = 10_000;

  /** Platform fee for a merchant approved without its own rate, in basis points of net redeemed principal. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  DEFAULT_FEE_RATE_BPS = 60;

  /**
   * Bearer token for /metrics, /docs and /docs-json. In production they answer 401 without it (and stay closed when
   * it is unset); in development and tests they are open unless a token is set.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'OPS_ENDPOINTS_TOKEN must be at least 32 characters of random text' })
  OPS_ENDPOINTS_TOKEN?: string;

  /** Unverifiable channel notifications stored per sender address in 10 minutes; beyond it 429, nothing stored. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTIFY_REFUSALS_PER_ADDRESS = 20;

  /** The built H5 app (consumer and merchant pages), served under /app/ when the folder exists. */
  @IsString()
  H5_DIST_DIR = 'miniapp/dist/h5';

  /** Where uploads (KYC images, card faces) are kept: a local folder, or an S3-compatible store (S3_* below). */
  @IsIn(['local', 's3'])
  FILE_STORE: 'local' | 's3' = 'local';

  @IsString()
  UPLOADS_DIR = '.data/uploads';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';

  get publicBaseUrl(): string {
    return (this.PUBLIC_BASE_URL ?? `http://127.0.0.1:${this.PORT}`).replace(/\/$/, '');
  }

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json');
  }

  get isEmbedded(): boolean {
    return !this.DATABASE_URL;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'LOG_FORMAT', 'MEMBER_CODE_KEYS', 'SECRETS_KEY', 'PUBLIC_BASE_URL', 'CUSTODY_BANK_URL', 'OPS_ENDPOINTS_TOKEN', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const sentences = errors.map((error) => {
      const value = (raw as Record<string, string | undefined>)[error.property];
      const why = Object.values(error.constraints ?? {}).join('; ');
      return value === undefined
        ? `${error.property} is not set (${why}).`
        : `${error.property} is invalid: ${why}.`;
    });
    throw new ConfigError(`Configuration error — ${sentences.join(' ')} See .env.example.`);
  }
  if (config.NODE_ENV === 'production' && !config.SECRETS_KEY) {
    throw new ConfigError('Configuration error — SECRETS_KEY is not set (production keeps POS app secrets encrypted with it). See .env.example.');
  }
  if (config.JOB_LEASE_RENEW_MS * 2 > config.JOB_LEASE_TTL_MS) {
    throw new ConfigError('Configuration error — JOB_LEASE_RENEW_MS must be at most half of JOB_LEASE_TTL_MS, so a late renewal does not lose the lease. See .env.example.');
  }
  config.CUSTODY_BANK_URL ??= config.CHANNEL_SANDBOX_URL;
  try {
    config.endpoints = loadEndpoints(env, config);
  } catch (error) {
    if (!(error instanceof EndpointsError)) throw error;
    throw new ConfigError(`Configuration error — ${error.message} See .env.example.`);
  }
  return config;
}
