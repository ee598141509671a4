import { resolve } from 'node:path';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { saleAtTill } from './support/bff';
import { chooseTopUp, payAtCashier, payPastRealName } from './support/topup';
import { firstText as text, shopperWithNewCard, useH5Spec } from './support/spec-pages';

jest.setTimeout(150_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/consumer');
const PHONE = '13912340077';

/**
 * A shopper's first day, as a person lives it, in Chromium against the whole BFF and the channel sandbox: sign in
 * by SMS, claim a card, back out of Alipay's cashier, top up with WeChat Pay, read the result, show the code,
 * refresh it, have the till charge the EARLIER code, see the page confirm it, then open the receipt in history.
 */
describe('a consumer’s first day (H5 in Chromium)', () => {
  const session = useH5Spec({ shots: SHOTS });
  const { app, shot, pageErrors } = session;

  it('should sign in, top up, confirm a sale on an earlier code and show its receipt', async () => {
    // sign in with phone + one-time code, then claim the merchant's card
    const { shop, page, cardId } = await shopperWithNewCard(session, PHONE, (login) => shot(login, '01-login'));

    // Alipay: 取消 on the cashier comes back as 支付已取消, with 重新支付
    await page.locator('.card-detail__topup').click();
    await chooseTopUp(page, '¥500.00', '支付宝');
    await payPastRealName(page, '支付宝');
    await page.waitForURL(/\/cashier\/alipay\//);
    await page.getByText('取消', { exact: true }).click();
    await page.waitForURL(/#\/pages\/topup-result\/index\?orderId=.+&cancelled=1/);
    await page.getByText('支付已取消').waitFor();
    expect(await page.locator('.topup-result').innerText()).not.toContain('支付结果确认中');
    // the button spans the result card instead of hugging its label
    const [cardBox, againBox] = await Promise.all([page.locator('.topup-result').boundingBox(), page.locator('.topup-result__again').boundingBox()]);
    expect(againBox!.width).toBeGreaterThan(cardBox!.width * 0.7);
    await shot(page, '02-alipay-cancelled');

    // 重新支付, this time WeChat Pay (the default) through the sandbox cashier
    await page.locator('.topup-result__again').click();
    await chooseTopUp(page, '¥500.00');
    await page.locator('.channel-picker__option--selected', { hasText: '微信支付' }).waitFor();
    await shot(page, '03-topup');
    await page.locator('.topup__pay').click();
    await payAtCashier(page, 'wechatpay', '¥500.00', () => shot(page, '04-cashier-wechatpay'));

    // the result: order number, time and the new balance
    await page.locator('.topup-result__balance', { hasText: '¥550.00' }).waitFor();
    expect(await text(page, '.topup-result__order .topup-result__value')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await text(page, '.topup-result__time .topup-result__value')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await page.locator('.topup-result').innerText()).toContain('微信支付');
    await shot(page, '05-topup-paid');

    // the member code names the card and its balance
    await page.goto(app(`/pages/member-code/index?cardId=${cardId}`));
    await page.locator('.code-card__balance', { hasText: '余额 ¥550.00' }).waitFor();
    expect(await text(page, '.code-card__name')).toContain(shop.product.name);
    await page.getByText(/\d+ 秒后失效/).waitFor();
    const first = (await text(page, '.live-code__digits')).replace(/\s/g, '');
    expect(first).toMatch(/^\d{18}$/);
    await shot(page, '06-member-code');

    // the page moves on to a new code while the cashier still holds the first one
    await page.getByText('点此刷新').click();
    await page.waitForFunction((old) => document.querySelector('.live-code__digits')?.textContent?.replace(/\s/g, '') !== old, first);
    const sale = await saleAtTill(session.stack.t, shop.cashier, { code: first, amountFen: 3_650, storeId: shop.store.id });
    expect(sale.balanceAfter.totalFen).toBe(55_000 - 3_650);

    await page.getByText('已使用 ¥36.50').waitFor();
    expect(await text(page, '.code-used__balance-value')).toBe('¥513.50');
    await page.locator('.code-card__balance', { hasText: '余额 ¥513.50' }).waitFor();
    await shot(page, '07-code-used');

    // history: the sale is one row; it opens its receipt
    await page.goto(app(`/pages/history/index?cardId=${cardId}`));
    await page.locator('.movements__row--redemption').first().waitFor();
    await shot(page, '08-history');
    await page.locator('.movements__row--redemption').first().click();
    await page.locator('.receipt').waitFor();
    const receipt = await page.locator('.receipt').innerText();
    expect(receipt).toContain('-¥36.50');
    expect(receipt).toContain('王收银');
    expect(receipt).toContain(shop.store.name);
    expect(receipt).toContain('¥513.50');
    await shot(page, '09-receipt');

    expect(pageErrors).toEqual([]);
    await expectLedgerSound(session.stack.t);
    await page.close();
  });
});
