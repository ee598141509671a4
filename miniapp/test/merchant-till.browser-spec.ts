import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatMemberCode, formatYuan, type CardView, type RedemptionList, type RedemptionView } from '@jucard/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { bearer } from '../../bff/test/factories/actors';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { startStack, customerWithCard, merchantWithStaff, saleAtTill, type Stack, type Staffer } from './support/bff';
import { fakeCameraArgs, launchChromium } from './support/browser';
import { writeQrVideo } from './support/fake-camera';
import { useSpecPages } from './support/spec-pages';

jest.setTimeout(90_000);

const ARTIFACTS = resolve(__dirname, '../../test-artifacts/browser');
const SESSION_KEY = 'jucard.merchant.session';
const CODE_PLACEHOLDER = '扫码或输入 18 位数字';
const GREEN = 'rgb(18, 128, 74)';

describe('the merchant till (H5 in Chromium, against the whole BFF)', () => {
  let stack: Stack;
  let shop: Awaited<ReturnType<typeof merchantWithStaff>>;
  let cashierBrowser: BrowserContext;
  const contexts: BrowserContext[] = [];
  const pages = useSpecPages({ origin: () => stack.origin, shots: ARTIFACTS, settle: false });
  const { shot, pageErrors } = pages;

  const loginUrl = () => `${stack.origin}/app/#/pages-merchant/login/index`;
  const tillUrl = () => `${stack.origin}/app/#/pages-merchant/redeem/index`;

  async function browserWith(options: Parameters<typeof launchChromium>[0] = {}): Promise<BrowserContext> {
    const context = await launchChromium(options);
    contexts.push(context);
    return context;
  }

  const openPage = (context: BrowserContext) => pages.open(context, 10_000);

  /** Signs in on the login page (opened unless the page is already there). */
  async function signIn(page: Page, staffer: Staffer): Promise<void> {
    if (!/pages-merchant\/login\/index/.test(page.url())) await page.goto(loginUrl());
    // a fresh browser context loads the whole bundle first: type only once the page has settled, or the
    // keystrokes can land before the form's handlers are attached (seen on a loaded 2-core CI box)
    await page.waitForLoadState('networkidle');
    await field(page, '员工账号').fill(staffer.username);
    await field(page, '密码').fill(staffer.password);
    await page.locator('.login-form__submit').click();
    // owners and managers start in the back office; its header links to the till
    await page.locator('.store-picker, .console').first().waitFor({ timeout: 20_000 });
    if ((await page.locator('.console').count()) > 0) await page.getByRole('button', { name: '收银台' }).click();
    await page.locator('.store-picker').waitFor({ timeout: 20_000 });
  }

  async function pickStore(page: Page, name: string): Promise<void> {
    await page.locator('.store-picker__chip', { hasText: name }).click();
    await page.locator('.store-picker__chip--selected', { hasText: name }).waitFor();
  }

  /** Taro's <Input> is a custom element carrying the placeholder too; the real field is the <input> inside. */
  const field = (page: Page, placeholder: string) => page.locator(`input[placeholder="${placeholder}"]`);
  const succeeded = (page: Page) => page.locator('.sale-result--success .sale-result__title', { hasText: '收款成功' });
  const codeInput = (page: Page) => field(page, CODE_PLACEHOLDER);
  const amountInput = (page: Page) => page.locator('.amount-entry__input input');
  const pressKeypad = async (page: Page, keys: string) => {
    for (const key of keys) await page.locator('.keypad__key').getByText(key, { exact: true }).click();
  };

  async function codeFieldHasFocus(page: Page): Promise<void> {
    await page.waitForFunction((placeholder) => document.activeElement?.getAttribute('placeholder') === placeholder, CODE_PLACEHOLDER);
  }

  async function todayTotals(storeId: string): Promise<RedemptionList['totals']> {
    const res = await stack.t.http.get(`/merchant/redemptions?storeId=${storeId}`).set(bearer(shop.owner)).expect(200);
    return (res.body as RedemptionList).totals;
  }

  async function cardBalanceFen(consumer: Parameters<typeof bearer>[0], cardId: string): Promise<number> {
    const res = await stack.t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200);
    return (res.body as CardView).balance.totalFen;
  }

  const totalText = (page: Page, label: string) => page.locator('.today__total', { hasText: label }).locator('.today__total-value').textContent();
  const background = (page: Page, selector: string) => page.locator(selector).evaluate((el) => getComputedStyle(el).backgroundColor);

  beforeAll(async () => {
    stack = await startStack();
    shop = await merchantWithStaff(stack.t);
    cashierBrowser = await browserWith();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await stack?.close();
  });

  afterEach(async () => {
    expect(pageErrors).toEqual([]);
    await expectLedgerSound(stack.t);
  });

  it('should send a signed-out visitor to the login page, then let a cashier pick one of their stores and take a typed code', async () => {
    const customer = await customerWithCard(stack.t, shop.product.claimToken, 50_000, 5_000);
    const page = await openPage(cashierBrowser);

    await page.goto(tillUrl());
    await page.waitForURL(/pages-merchant\/login\/index/);
    await page.locator('.login-form__title', { hasText: '聚卡商户登录' }).waitFor();
    await field(page, '员工账号').waitFor();
    // the cursor starts in the account field
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.placeholder === '员工账号');
    await shot(page, '01-login');

    await signIn(page, shop.cashier);
    // a cashier sees only the stores on their account
    await page.locator('.store-picker__chip', { hasText: '二号店' }).waitFor();
    expect(await page.locator('.store-picker__chip', { hasText: '三号店' }).count()).toBe(0);
    await pickStore(page, '一号店');
    await page.getByText('今天还没有收款').waitFor();
    await codeFieldHasFocus(page);
    await shot(page, '02-till-empty');

    const code = await customer.code();
    await codeInput(page).pressSequentially(code.numericCode, { delay: 40 }); // a person typing
    await page.locator('.code-entry__preview', { hasText: formatMemberCode(code.numericCode) }).waitFor();
    await shot(page, '03-code-typed');
    await page.getByText('下一步', { exact: true }).click();

    await page.getByText('输入收款金额').waitFor();
    // the member and the card's balance, shown as soon as the code checked out
    expect(await page.locator('.member-panel__balance-value').textContent()).toBe(formatYuan(await cardBalanceFen(customer.consumer, customer.card.id)));
    await pressKeypad(page, '36.5');
    expect(await amountInput(page).inputValue()).toBe('36.5');
    await shot(page, '04-amount');
    await page.getByText('下一步：核对金额').click();

    await page.locator('.confirm-sale__amount', { hasText: '¥36.50' }).waitFor();
    await shot(page, '05-confirm');
    await page.getByText('确认收款').click();

    const result = page.locator('.sale-result--success');
    await succeeded(page).waitFor();
    expect(await result.locator('.sale-result__amount').textContent()).toBe('¥36.50');
    expect(await result.locator('.sale-result__balance-value').textContent()).toBe(formatYuan(55_000 - 3_650));
    expect(await result.textContent()).toMatch(/本金 ¥\d+\.\d\d · 赠送金 ¥\d+\.\d\d/);
    expect(await result.textContent()).toContain('本次积分 +36');
    expect(await background(page, '.sale-result--success')).toBe(GREEN);
    expect(await cardBalanceFen(customer.consumer, customer.card.id)).toBe(51_350);

    await page.locator('.today__row', { hasText: '¥36.50' }).waitFor();
    expect(await totalText(page, '笔数')).toBe('1');
    expect(await totalText(page, '实收')).toBe('¥36.50');
    await shot(page, '06-success');
    await page.close();
  });

  it('should take a USB scanner’s burst of digits and Enter as a scan, in the remembered store', async () => {
    const customer = await customerWithCard(stack.t, shop.product.claimToken, 10_000, 0);
    const page = await openPage(cashierBrowser);
    await page.goto(tillUrl());
    await page.locator('.store-picker__chip--selected', { hasText: '一号店' }).waitFor();
    await codeFieldHasFocus(page);

    const code = await customer.code();
    await page.keyboard.type(code.numericCode); // a keyboard-wedge scanner: no delay between keys
    await page.keyboard.press('Enter');
    await page.getByText('输入收款金额').waitFor();
    expect(await page.locator('.amount-entry__code-label').textContent()).toContain(formatMemberCode(code.numericCode));

    await amountInput(page).pressSequentially('12', { delay: 60 });
    await page.keyboard.press('Enter');
    await page.locator('.confirm-sale__amount', { hasText: '¥12.00' }).waitFor();
    await page.getByText('确认收款').click();
    await succeeded(page).waitFor();
    expect(await page.locator('.sale-result__balance-value').textContent()).toBe('¥88.00');
    await shot(page, '07-wedge-success');

    // the next customer starts with the focus back in the code field
    await page.getByText('收下一位').click();
    await codeFieldHasFocus(page);
    await page.close();
  });

  it('should refuse a code-shaped typo before sending, a made-up code right after the scan, and offer the whole balance when it is short', async () => {
    const customer = await customerWithCard(stack.t, shop.product.claimToken, 2_000, 0);
    const page = await openPage(cashierBrowser);
    await page.goto(tillUrl());
    await codeFieldHasFocus(page);

    await page.keyboard.type('9312345');
    await page.keyboard.press('Enter');
    await page.getByText('会员码是 18 位数字，现在是 7 位，请核对').waitFor();

    // a made-up 18-digit code is refused by the BFF before any amount is asked for
    await codeInput(page).fill('931999999999123456');
    await page.keyboard.press('Enter');
    await page.getByText('这个会员码不能用').waitFor();
    expect(await page.locator('.sale-result__reason').textContent()).toBe('会员码无效，请让顾客刷新后重试');
    expect(await page.getByText('输入收款金额').count()).toBe(0);
    await shot(page, '08a-made-up-code');
    await page.getByText('重新扫码').click();

    const code = await customer.code();
    await codeInput(page).fill(code.numericCode);
    await page.keyboard.press('Enter');
    await page.locator('.member-panel__balance-value', { hasText: '¥20.00' }).waitFor();
    await pressKeypad(page, '50');
    await page.getByText('下一步：核对金额').click();

    await page.getByText('余额不足：卡内可用 ¥20.00，本单 ¥50.00').waitFor();
    await shot(page, '08-insufficient-balance');
    expect(await cardBalanceFen(customer.consumer, customer.card.id)).toBe(2_000);
    await page.getByText('先扣卡内全部 ¥20.00，其余 ¥30.00 用其他方式收').click();
    await page.getByText('其余 ¥30.00 请用其他方式向顾客收取').waitFor();
    await page.locator('.confirm-sale__amount', { hasText: '¥20.00' }).waitFor();
    await page.getByText('确认收款').click();
    await succeeded(page).waitFor();
    expect(await page.locator('.sale-result__balance-value').textContent()).toBe('¥0.00');
    await page.close();
  });

  it('should show the shift by cashier and hand it over after a confirmation', async () => {
    const page = await openPage(cashierBrowser);
    await page.goto(tillUrl());
    await page.getByText('交班 · 本班汇总').click();
    const dialog = page.locator('.dialog');
    await dialog.locator('.shift__line--total').waitFor();
    await shot(page, '17-shift-summary');
    await dialog.getByText('交班', { exact: true }).click();
    await dialog.getByText('确认交班？').waitFor();
    await dialog.getByText('确认交班', { exact: true }).click();
    await dialog.getByText(/^下一班已从 \d\d:\d\d 开始$/).waitFor();
    await shot(page, '18-shift-handed-over');
    await dialog.getByText('完成').click();
    await dialog.waitFor({ state: 'detached' });
    await page.close();
  });

  it('should retry a sale whose answer was lost with the same merchant order number and charge the card once', async () => {
    const customer = await customerWithCard(stack.t, shop.product.claimToken, 10_000, 0);
    const page = await openPage(cashierBrowser);
    const sentOrderNos: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/merchant/redemptions')) {
        sentOrderNos.push((request.postDataJSON() as { merchantOrderNo: string }).merchantOrderNo);
      }
    });
    let firstAnswer: RedemptionView | null = null;
    await page.route('**/merchant/redemptions', async (route) => {
      if (route.request().method() !== 'POST' || firstAnswer) return route.continue();
      // the request reaches the real BFF, which takes the money; the answer is lost on the way back
      const response = await route.fetch();
      firstAnswer = (await response.json()) as RedemptionView;
      await route.abort('connectionreset');
    });
    const countBefore = (await todayTotals(shop.store.id)).count;

    await page.goto(tillUrl());
    await codeFieldHasFocus(page);
    const code = await customer.code();
    await page.keyboard.type(code.numericCode);
    await page.keyboard.press('Enter');
    await pressKeypad(page, '25');
    await page.getByText('下一步：核对金额').click();
    await page.getByText('确认收款').click();

    await page.getByText('收款结果未知').waitFor();
    expect(firstAnswer).toMatchObject({ amountFen: 2_500, replayed: false });
    await shot(page, '09-network-unknown');
    await page.getByText('重试', { exact: true }).click();

    await succeeded(page).waitFor();
    await page.getByText('这笔之前已收款成功，本次只是确认结果，没有重复扣款').waitFor();
    expect(await page.locator('.sale-result__balance-value').textContent()).toBe('¥75.00');
    await shot(page, '10-retry-replayed');

    expect(sentOrderNos).toHaveLength(2);
    expect(sentOrderNos[1]).toBe(sentOrderNos[0]);
    expect(sentOrderNos[0]).toMatch(/^H5-[0-9A-F]{6}-\d{14}-[2-9A-Z]{6}$/);
    expect(await cardBalanceFen(customer.consumer, customer.card.id)).toBe(7_500);
    expect((await todayTotals(shop.store.id)).count).toBe(countBefore + 1);
    await page.close();
  });

  it('should read a member QR through the camera (Chromium’s fake device playing a y4m of a real code)', async () => {
    const customer = await customerWithCard(stack.t, shop.product.claimToken, 30_000, 3_000);
    const video = join(mkdtempSync(join(tmpdir(), 'jucard-camera-')), 'camera.y4m');
    // first a camera that sees no code, to show the scanner and cancel it
    await writeQrVideo(video, null);
    const camera = await browserWith({ args: fakeCameraArgs(video) });
    const page = await openPage(camera);
    await signIn(page, shop.cashier);
    await pickStore(page, '一号店');

    await page.locator('.code-entry__scan').click();
    await page.locator('.jc-camera video').waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLVideoElement>('.jc-camera video')?.readyState === 4);
    await shot(page, '11-camera-overlay');
    await page.getByText('取消扫码').click();
    await page.locator('.jc-camera').waitFor({ state: 'detached' });

    // Chromium opens the file again for the next capture: now it films the customer's member QR
    const code = await customer.code();
    await writeQrVideo(video, code.qrPayload);
    await page.locator('.code-entry__scan').click();
    await page.getByText('输入收款金额').waitFor({ timeout: 15_000 });
    expect(await page.locator('.jc-camera').count()).toBe(0);
    expect(await page.locator('.amount-entry__code-label').textContent()).toContain(`二维码 · ${formatMemberCode(code.qrPayload.split('.')[2]!)}`);

    await pressKeypad(page, '88');
    await page.getByText('下一步：核对金额').click();
    await page.getByText('确认收款').click();
    await succeeded(page).waitFor();
    expect(await page.locator('.sale-result__balance-value').textContent()).toBe(formatYuan(33_000 - 8_800));
    await shot(page, '12-camera-success');
    await page.close();
  });

  it('should keep reversals from cashiers and let a manager reverse part of a sale, updating the day’s totals', async () => {
    const customer = await customerWithCard(stack.t, shop.product.claimToken, 20_000, 0);
    const code = await customer.code();
    await saleAtTill(stack.t, shop.cashier, { code: code.numericCode, amountFen: 7_770, storeId: shop.store.id });

    // the cashier sees the sale, but 冲正 is greyed out with the reason
    const cashierPage = await openPage(cashierBrowser);
    await cashierPage.goto(tillUrl());
    const cashierRow = cashierPage.locator('.today__row', { hasText: '¥77.70' });
    await cashierRow.waitFor();
    await cashierPage.getByText('冲正需要店长权限，请联系店长或店主操作').waitFor();
    expect(await cashierRow.locator('.today__reverse--disabled').count()).toBe(1);
    await cashierRow.locator('.today__reverse').click();
    expect(await cashierPage.locator('.dialog').count()).toBe(0);
    await shot(cashierPage, '13-cashier-cannot-reverse');
    await cashierPage.close();

    // the manager, on a counter tablet
    const tablet = await browserWith({ viewport: { width: 1024, height: 768 } });
    const page = await openPage(tablet);
    await signIn(page, shop.manager);
    await page.locator('.store-picker__chip', { hasText: '三号店' }).waitFor(); // managers work at every store
    await pickStore(page, '一号店');
    const before = await todayTotals(shop.store.id);
    await page.locator('.today__total', { hasText: '实收' }).getByText(formatYuan(before.netFen)).waitFor();
    await shot(page, '14-manager-tablet');

    await page.locator('.today__row', { hasText: '¥77.70' }).locator('.today__reverse').click();
    const dialog = page.locator('.dialog');
    expect(await dialog.locator('.dialog__amount input').inputValue()).toBe('77.70'); // defaults to what remains
    await dialog.locator('.dialog__amount input').fill('10');
    await dialog.locator('.dialog__reason input').fill('顾客退了一杯饮料');
    await shot(page, '15-reversal-dialog');
    await dialog.getByText('下一步').click();
    await dialog.locator('.dialog__confirm-amount', { hasText: '¥10.00' }).waitFor();
    await dialog.getByText('确认冲正').click();
    await dialog.getByText('冲正成功').waitFor();
    await shot(page, '15b-reversal-confirmed');
    await dialog.getByText('完成').click();
    await dialog.waitFor({ state: 'detached' });

    await page.locator('.today__row', { hasText: '¥77.70' }).getByText('已冲正 ¥10.00').waitFor();
    await page.locator('.today__total', { hasText: '已冲正' }).getByText(formatYuan(before.refundedFen + 1_000)).waitFor();
    expect(await totalText(page, '实收')).toBe(formatYuan(before.netFen - 1_000));
    expect(await totalText(page, '笔数')).toBe(String(before.count));
    expect(await cardBalanceFen(customer.consumer, customer.card.id)).toBe(20_000 - 7_770 + 1_000);
    await shot(page, '16-reversal-done');
    await page.close();
  });

  it('should send the till back to the login page when the session is no longer valid', async () => {
    const context = await browserWith();
    const page = await openPage(context);
    await page.goto(loginUrl());
    await field(page, '员工账号').waitFor();
    await page.evaluate(
      ([key, expiresAt]) => localStorage.setItem(key as string, JSON.stringify({ data: { accessToken: 'revoked', refreshToken: 'revoked', accessExpiresAt: expiresAt } })),
      [SESSION_KEY, Date.now() + 3_600_000],
    );
    await page.goto(tillUrl());
    await page.waitForURL(/pages-merchant\/login\/index/);
    await field(page, '员工账号').waitFor();
    expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();

    await field(page, '员工账号').fill(shop.cashier.username);
    await field(page, '密码').fill('wrong-password');
    await page.locator('.login-form__submit').click();
    await page.getByText('用户名或密码错误').waitFor();
    await shot(page, '17-login-refused');
    await page.close();
  });
});
