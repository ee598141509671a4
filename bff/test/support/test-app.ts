import type { INestApplication } from '@nestjs/common';
import { createServer } from 'node:net';
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
  // a known port up front, so the channels' notify URLs point back at this app
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LEDGER_ROLLUP_INTERVAL_MS: '0',
    PAYMENT_POLL_INTERVAL_MS: '0',
    DAY_CLOSE_INTERVAL_MS: '0',
    PAYOUT_INTERVAL_MS: '0',
    SETTLEMENT_RESUME_INTERVAL_MS: '0',
    WEBHOOK_DELIVERY_INTERVAL_MS: '0',
    RECEIPT_DELIVERY_INTERVAL_MS: '0',
    CLOSING_REFUND_INTERVAL_MS: '0',
    POINTS_EXPIRY_INTERVAL_MS: '0',
    LOG_FORMAT: 'json',
    ...overrides,
  });
  const app = await createApp(config);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    http: request(app.getHttpServer()),
    sandboxUrl: config.CHANNEL_SANDBOX_URL,
    close: () => app.close(),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
