import type { BrowserContext, Page } from 'playwright-core';
import { startStack, type Stack } from './bff';
import { launchChromium } from './browser';

export interface StackAndBrowser {
  readonly stack: Stack;
  readonly browser: BrowserContext;
}

/**
 * The whole BFF with the channel sandbox, and Chromium, for one describe block: started before its tests, closed after.
 * `env` as for startStack.
 */
export function useStackAndBrowser(env: Record<string, string> = {}): StackAndBrowser {
  let stack: Stack | undefined;
  let browser: BrowserContext | undefined;
  beforeAll(async () => {
    stack = await startStack(env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('started in beforeAll: use it inside a test or a hook');
    return value;
  };
  return {
    get stack() {
      return started(stack);
    },
    get browser() {
      return started(browser);
    },
  };
}

/** Taro's H5 router slides a new page in from the right: wait until it has arrived. */
export function pageSettled(page: Page) {
  return page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.taro_page'))
      .filter((el) => getComputedStyle(el).display !== 'none')
      .every((el) => el.classList.contains('taro_page_stationed') && getComputedStyle(el).transform === 'none'),
  );
}

/** The one-time code the sandbox last texted to this phone. */
export async function latestSmsCode(sandboxUrl: string, phone: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/__control/sms?phone=${phone}`);
  const { messages } = (await res.json()) as { messages: Array<{ text: string }> };
  const code = /(\d{6})/.exec(messages[0]?.text ?? '')?.[1];
  if (!code) throw new Error(`no one-time code texted to ${phone}: ${JSON.stringify(messages)}`);
  return code;
}
