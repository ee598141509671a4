import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './app-config';

/**
 * In production the BFF reads `.env` (or ENV_FILE) itself: a server started by systemd, a container or pm2 has no
 * bootstrap to do it. A variable the environment already set wins, as with `node --env-file` and
 * `process.loadEnvFile` (whose parser this is). Elsewhere `npm start` reads .env and tests set their own variables.
 * Returns the file read, or null.
 */
export function readEnvFile(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NODE_ENV !== 'production') return null;
  const file = resolve(env.ENV_FILE || '.env');
  // No file is fine: the platform may set every variable itself. A named ENV_FILE that is missing is not.
  if (!existsSync(file)) {
    if (env.ENV_FILE) throw new ConfigError(`Configuration error — ENV_FILE names ${file}, which does not exist.`);
    return null;
  }
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[key] === undefined && value !== undefined) env[key] = value;
  }
  return file;
}
