import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './support/browser';
import { serveStatic } from './support/static-server';

const ARTIFACTS = resolve(__dirname, '../../test-artifacts/browser');

describe('the H5 mini-program shell in Chromium', () => {
  let browser: BrowserContext;
  let site: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await serveStatic(resolve(__dirname, '../dist/h5'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('should render the wallet home in Chinese with amounts formatted from fen', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(site.url);
    await page.getByText('我的会员卡').waitFor({ timeout: 15_000 });

    expect(await page.getByText('¥0.00').count()).toBeGreaterThan(0);
    expect(await page.getByText('还没有会员卡').count()).toBeGreaterThan(0);
    // Chromium draws Chinese through fontconfig: without a CJK font every character would be an empty box
    expect(execSync('fc-list :lang=zh family', { encoding: 'utf8' }).trim()).not.toBe('');
    await page.screenshot({ path: resolve(ARTIFACTS, 'wallet-shell.png') });
    expect(errors).toEqual([]);
  });
});
