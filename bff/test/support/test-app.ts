import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  sandboxUrl: string;
  close(): Promise<void>;
}

/** The whole BFF, built exactly as main.ts builds it, listening on a free port; the ledger rollup runs on demand. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, LEDGER_ROLLUP_INTERVAL_MS: '0', LOG_FORMAT: 'json', ...overrides });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: request(app.getHttpServer()),
    sandboxUrl: config.CHANNEL_SANDBOX_URL,
    close: () => app.close(),
  };
}
