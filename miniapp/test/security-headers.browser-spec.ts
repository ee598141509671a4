import { useStackAndBrowser } from './support/h5-session';

/** The H5 app as the BFF serves it, under its real headers: the CSP must not block anything the build needs. */
describe('the H5 app under the BFF security headers (Chromium)', () => {
  const session = useStackAndBrowser();

  it('should render the wallet and the login page with no CSP violation, and refuse to be framed', async () => {
    const page = await session.browser.newPage();
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        void (window as unknown as { reportViolation(v: string): Promise<void> }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });

    const res = await page.goto(`${session.stack.origin}/app/`);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByText('获取验证码').waitFor({ timeout: 15_000 });
    // the inline script of Taro's template ran (it sets the root font size), so its hash is in the policy
    expect(await page.evaluate(() => document.documentElement.style.fontSize)).toMatch(/px$/);
    await page.goto(`${session.stack.origin}/app/#/pages/login/index`);
    await page.waitForTimeout(1_000);
    expect(violations).toEqual([]);

    // a page of another origin that frames the till gets nothing
    const framer = await session.browser.newPage();
    await framer.setContent(`<iframe id="f" src="${session.stack.origin}/app/"></iframe>`);
    await framer.waitForTimeout(1_000);
    const framed = framer.frames().find((f) => f.url().startsWith(session.stack.origin));
    expect(await framed?.evaluate(() => document.body?.innerText ?? '').catch(() => '')).toBeFalsy();
  }, 60_000);
});
