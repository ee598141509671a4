import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchOptions {
  /** Extra Chromium flags, e.g. the fake camera (see `fakeCameraArgs`). */
  args?: string[];
  viewport?: { width: number; height: number };
}

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
export function launchChromium(options: LaunchOptions = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'jucard-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...(options.args ?? []),
    ],
  });
}

/**
 * A camera that films `y4mPath` in a loop, granted without a prompt. The page must be on 127.0.0.1 or
 * localhost (a secure context), or `navigator.mediaDevices` is missing.
 */
export function fakeCameraArgs(y4mPath: string): string[] {
  return ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4mPath}`, '--use-fake-ui-for-media-stream'];
}
