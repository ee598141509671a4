import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetDatabase } from './database';
import { startSandboxProcess } from './sandbox-process';
import { prepareTestEnv } from './test-env';

declare global {
  var __SANDBOX_PROCESS__: import('node:child_process').ChildProcess | undefined;
}

/** Once per tier: the real schema through the migrations, and (for e2e) the channel sandbox as its own process. */
export default async function globalSetup(_globalConfig: unknown, projectConfig: { displayName?: { name?: string } | string }): Promise<void> {
  prepareTestEnv();
  await resetDatabase();
  const name = typeof projectConfig.displayName === 'string' ? projectConfig.displayName : projectConfig.displayName?.name;
  if (name === 'e2e') {
    // the sandbox writes fresh channel keys here, and the BFF reads the merchant side of them
    const keys = mkdtempSync(join(tmpdir(), 'jucard-sandbox-'));
    process.env.SANDBOX_DATA_DIR = keys;
    process.env.PAYMENT_CREDENTIALS_FILE = join(keys, 'merchant-credentials.json');
    const sandbox = await startSandboxProcess();
    process.env.CHANNEL_SANDBOX_URL = sandbox.url;
    globalThis.__SANDBOX_PROCESS__ = sandbox.process;
  }
}
