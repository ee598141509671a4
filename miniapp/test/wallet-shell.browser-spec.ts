import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './support/browser';
import { H5_DIST } from './support/h5-dist';
import { serveStatic } from './support/static-server';

const ARTIFACTS = resolve(__dirname, '../../test-artifacts/browser');

describe('the H5 mini-program shell in Chromium', () => {
  let browser: BrowserContext;
  let site: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await serveStatic(H5_DIST);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('should send a signed-out visitor from the wallet to the phone login, in Chinese', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(site.url);
    await page.getByText('获取验证码').waitFor({ timeout: 15_000 });
    expect(await page.getByText('常去的店，会员卡都在这里').count()).toBe(1);

    // Chromium draws Chinese through fontconfig: without a CJK font every character would be an empty box
    expect(execSync('fc-list :lang=zh family', { encoding: 'utf8' }).trim()).not.toBe('');
    await page.screenshot({ path: resolve(ARTIFACTS, 'wallet-shell.png') });
    expect(errors).toEqual([]);
  });
});
