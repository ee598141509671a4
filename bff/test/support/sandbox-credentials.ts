import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkChannelCredentials, type ChannelCredentials } from '../../src/payments/providers/channel-config';
import { startSandboxProcess } from './sandbox-process';

export interface SandboxWithKeys {
  url: string;
  credentials: ChannelCredentials;
  /** A /__control call; throws unless 2xx. */
  control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The channel sandbox as its own process with fresh keys in a temporary SANDBOX_DATA_DIR (never the developer's
 * .data/sandbox), and the merchant credentials it generated, read from GET /__control/credentials.
 */
export async function startSandboxWithFreshKeys(): Promise<SandboxWithKeys> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jucard-sandbox-'));
  const previous = process.env.SANDBOX_DATA_DIR;
  process.env.SANDBOX_DATA_DIR = dataDir; // startSandboxProcess hands the child this process's environment
  let child: ChildProcess;
  let url: string;
  try {
    ({ url, process: child } = await startSandboxProcess());
  } finally {
    if (previous === undefined) delete process.env.SANDBOX_DATA_DIR;
    else process.env.SANDBOX_DATA_DIR = previous;
  }

  async function control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}/__control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /__control/${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const credentials = checkChannelCredentials(await control('GET', 'credentials'), `${url}/__control/credentials`);
  return {
    url,
    credentials,
    control,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
