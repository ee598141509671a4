import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from './app-config.schema';
import { EndpointsError, loadEndpoints } from './endpoints';

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
