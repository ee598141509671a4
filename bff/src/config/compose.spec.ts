import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from './app-config';

/**
 * compose.yaml cannot be run here (no Docker engine); what it hands the BFF can be checked: the environment of its
 * `bff` and `migrate` services, with compose's ${…} substitutions applied, must be a configuration the BFF accepts —
 * or refuses for exactly the reason docs/deployment.md gives.
 */
type Service = { environment?: Record<string, string>; env_file?: Array<{ path: string; required?: boolean }>; depends_on?: Record<string, unknown>; volumes?: string[] };
const root = join(__dirname, '..', '..', '..');
const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };

const dotEnv: Record<string, string> = {
  MYSQL_PASSWORD: 'mysql-pw',
  JWT_SECRET: randomBytes(24).toString('hex'),
  MEMBER_CODE_KEYS: `1:${randomBytes(24).toString('hex')}`,
  SECRETS_KEY: `k1:${randomBytes(32).toString('base64')}`,
  OPS_ENDPOINTS_TOKEN: randomBytes(24).toString('hex'),
};

/** compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error} against the .env values. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const given = vars[name];
    if (given !== undefined && given !== '') return given;
    if (kind === '?') throw new Error(`compose would refuse: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

function environmentOf(service: string, vars: Record<string, string>): Record<string, string> {
  const environment = compose.services[service]?.environment ?? {};
  const resolved = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(String(value), vars)]));
  // env_file: .env reaches the container as it is, under the service's own environment
  return { ...vars, ...resolved };
}

describe('compose.yaml as the BFF sees it', () => {
  it.each(['bff', 'migrate'])('should give the %s service the .env file and the key files, read-only', (name) => {
    const service = compose.services[name];
    expect(service?.env_file).toEqual([{ path: '.env', required: false }]);
    expect(service?.volumes).toContain('./secrets:/run/secrets/jucard:ro');
    expect(service?.environment?.NODE_ENV).toBe('production');
  });

  it('should name only services that exist in every depends_on', () => {
    for (const service of Object.values(compose.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dependency);
    }
  });

  it('should stop compose itself when a required secret is missing from .env', () => {
    expect(() => environmentOf('bff', { ...dotEnv, JWT_SECRET: '' })).toThrow(/JWT_SECRET/);
  });

  it('should refuse to start in production on the sandbox unless .env says so, naming what is missing', () => {
    const refused = (() => {
      try {
        loadConfig(environmentOf('bff', dotEnv));
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(/WECHATPAY_BASE_URL.*CUSTODY_BANK_URL/s);
  });

  it('should start against a sandbox on purpose with OUTSIDE_ENDPOINTS=sandbox in .env', () => {
    const config = loadConfig(environmentOf('bff', { ...dotEnv, OUTSIDE_ENDPOINTS: 'sandbox', CHANNEL_SANDBOX_URL: 'http://sandbox:3100' }));
    expect(config.NODE_ENV).toBe('production');
    expect(config.TRUST_PROXY).toBe(1);
    expect(config.endpoints.mode).toBe('sandbox');
    expect(config.DATABASE_URL).toBe('mysql://jucard:mysql-pw@mysql:3306/jucard');
  });
});
