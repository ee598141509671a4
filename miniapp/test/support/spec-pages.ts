import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { merchantWithStaff } from './bff';
import { latestSmsCode, pageSettled, useStackAndBrowser, type StackAndBrowser } from './h5-session';

/** What a browser spec drives the H5 app with: its URLs, screenshots, and pages that report what went wrong on them. */
export interface SpecPages {
  /** Every uncaught error of the pages opened with `open`. */
  readonly pageErrors: string[];
  /** Every answer of 400 or more the pages' own requests got (`status METHOD /path`). */
  readonly failedRequests: string[];
  /** The H5 app's URL of a route, e.g. app('/pages/login/index'). */
  app(route: string): string;
  /** A full-page screenshot `<shots>/<prefix><name>.png`, taken once Taro's page has slid in (unless `settle: false`). */
  shot(page: Page, name: string): Promise<void>;
  /** A new page in the browser context, with a default timeout, its errors and failed requests recorded. */
  open(context: BrowserContext, timeoutMs?: number): Promise<Page>;
}

export interface SpecPagesOptions {
  /** The BFF's origin, asked for once the stack has started. */
  origin: () => string;
  /** The folder the screenshots go to (made before the tests). */
  shots: string;
  /** Put before each screenshot's name. */
  prefix?: string;
  /** Wait for Taro's page transition before a screenshot (default true). */
  settle?: boolean;
}

/** For one describe block: call it in the block's body. */
export function useSpecPages({ origin, shots, prefix = '', settle = true }: SpecPagesOptions): SpecPages {
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  beforeAll(() => {
    mkdirSync(shots, { recursive: true });
  });
  return {
    pageErrors,
    failedRequests,
    app: (route) => `${origin()}/app/#${route}`,
    async shot(page, name) {
      // the channel sandbox's cashier is not a Taro page
      if (settle && !page.url().includes('/cashier/')) await pageSettled(page);
      await page.screenshot({ path: resolve(shots, `${prefix}${name}.png`), fullPage: true });
    },
    async open(context, timeoutMs = 15_000) {
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
      });
      return page;
    },
  };
}

/**
 * The whole BFF, the sandbox and Chromium (useStackAndBrowser, with `env`) and the spec's pages on them, for one
 * describe block. `stack` and `browser` are there once the block's tests run.
 */
export function useH5Spec({ env, ...pages }: Omit<SpecPagesOptions, 'origin'> & { env?: Record<string, string> }): StackAndBrowser & SpecPages {
  const session = useStackAndBrowser(env);
  return {
    get stack() {
      return session.stack;
    },
    get browser() {
      return session.browser;
    },
    ...useSpecPages({ origin: () => session.stack.origin, ...pages }),
  };
}

/**
 * On the consumer app's login page: the phone, 获取验证码, the code the sandbox texted, 同意 the agreements, 登录; resolves on the
 * empty wallet a new shopper lands on. `beforeSubmit` runs with the form filled in (e.g. a screenshot).
 */
export async function signInBySms(page: Page, sandboxUrl: string, phone: string, beforeSubmit?: () => Promise<unknown>): Promise<void> {
  await page.locator('input[placeholder="请输入手机号"]').fill(phone);
  await page.getByText('获取验证码', { exact: true }).click();
  await page.getByText(/\d+ 秒后重发/).waitFor();
  await page.locator('input[placeholder="6 位验证码"]').fill(await latestSmsCode(sandboxUrl, phone));
  await page.locator('.consent__tick').click();
  await beforeSubmit?.();
  await page.locator('.account-form__submit').click();
  await page.getByText('还没有会员卡').waitFor();
}

/** On the claim page: 领取 and wait for the new card's page (¥0.00); resolves with the card's id. */
export async function takeCard(page: Page): Promise<string> {
  await page.locator('.claim__take').click();
  await page.locator('.card-detail__total', { hasText: '¥0.00' }).waitFor();
  const id = new URL(page.url().replace('/#/', '/')).searchParams.get('id');
  if (!id) throw new Error(`no card id in ${page.url()}`);
  return id;
}

/** The text of the first element the selector finds. */
export const firstText = (page: Page, selector: string): Promise<string> => page.locator(selector).first().innerText();

/**
 * A new shopper's start: a merchant with staff (merchantWithStaff), a new page signed in by SMS as `phone`, and the
 * merchant's card claimed on it (the page is left on the new card). `beforeSignIn` runs with the form filled in.
 */
export async function shopperWithNewCard(spec: StackAndBrowser & SpecPages, phone: string, beforeSignIn?: (page: Page) => Promise<unknown>) {
  const shop = await merchantWithStaff(spec.stack.t);
  const page = await spec.open(spec.browser);
  await page.goto(spec.app('/pages/login/index'));
  await signInBySms(page, spec.stack.t.sandboxUrl, phone, beforeSignIn && (() => beforeSignIn(page)));
  await page.goto(spec.app(`/pages/claim/index?token=${shop.product.claimToken}`));
  const cardId = await takeCard(page);
  return { shop, page, cardId };
}
