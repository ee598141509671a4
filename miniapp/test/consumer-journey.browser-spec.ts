import { resolve } from 'node:path';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { merchantWithStaff, saleAtTill } from './support/bff';
import { chooseTopUp, payAtCashier, payPastRealName } from './support/topup';
import { firstText as text, signInBySms, takeCard, useH5Spec } from './support/spec-pages';

jest.setTimeout(120_000);

const ARTIFACTS = resolve(__dirname, '../../test-artifacts/browser');
const PHONE = '13912340001';

describe('the consumer journey (H5 in Chromium, against the whole BFF and the channel sandbox)', () => {
  const session = useH5Spec({ shots: ARTIFACTS, prefix: 'consumer-' });
  const { app, shot, open, pageErrors } = session;

  it('should log in by SMS, claim a card, top up ¥500 at the cashier, show the member code and see it redeemed and listed', async () => {
    const shop = await merchantWithStaff(session.stack.t);
    const page = await open(session.browser);

    // signed out: the wallet sends the shopper to the login page
    await page.goto(app('/pages/index/index'));
    await page.locator('.account-form').waitFor();
    await signInBySms(page, session.stack.t.sandboxUrl, PHONE, () => shot(page, '01-login'));
    await shot(page, '02-wallet-empty');

    // the merchant's claim link
    await page.goto(app(`/pages/claim/index?token=${shop.product.claimToken}`));
    await page.getByText('充500送50').waitFor();
    expect(await page.locator('.claim').innerText()).toContain('赠送金额不可退；退卡时按比例扣除');
    await shot(page, '03-claim');
    await takeCard(page);

    // card detail, then top up ¥500 with Alipay
    await shot(page, '04-card-new');
    await page.locator('.card-detail__topup').click();
    await chooseTopUp(page, '¥500.00', '支付宝');
    expect(await text(page, '.topup__summary')).toBe('支付 ¥500.00，到账 ¥500.00 + 赠送 ¥50.00');
    await shot(page, '05-topup');
    await payPastRealName(page, '支付宝');

    // the channel sandbox's cashier, then back to the result page
    await payAtCashier(page, 'alipay', '¥500.00', () => shot(page, '06-cashier'));
    expect(await text(page, '.topup-result__amount')).toBe('¥500.00 + 赠送 ¥50.00');
    await shot(page, '07-topup-paid');

    await page.locator('.topup-result__card').click();
    await page.locator('.card-detail__total', { hasText: '¥550.00' }).waitFor();
    expect(await text(page, '.balance-split__principal')).toBe('¥500.00');
    expect(await text(page, '.balance-split__bonus')).toBe('¥50.00');
    await shot(page, '08-card-topped-up');
    const cardId = new URL(page.url().replace('/#/', '/')).searchParams.get('id')!;

    // the live member code: QR and 18 digits; time from tapping 会员码 to a QR on screen
    const opened = Date.now();
    await page.locator('.card-detail__code').click();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.live-code__qr img');
      return !!img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 100;
    });
    const qrDrawnMs = Date.now() - opened;
    // fully on screen: the page's slide-in transition has finished too
    await page.waitForFunction(() => {
      const box = document.querySelector('.live-code__qr img')?.getBoundingClientRect();
      return !!box && box.left >= 0 && box.right <= window.innerWidth;
    });
    const qrOnScreenMs = Date.now() - opened;
    console.log(`member code: QR drawn ${qrDrawnMs} ms, fully on screen ${qrOnScreenMs} ms after tapping 会员码`);
    expect(qrOnScreenMs).toBeLessThan(3_000);
    const digits = (await text(page, '.live-code__digits')).replace(/\s/g, '');
    expect(digits).toMatch(/^\d{18}$/);
    await page.getByText(/\d+ 秒后失效/).waitFor();
    await shot(page, '09-member-code');

    // the cashier redeems the code the page shows
    const sale = await saleAtTill(session.stack.t, shop.cashier, { code: digits, amountFen: 3_650, storeId: shop.store.id });
    expect(sale.balanceAfter.totalFen).toBe(55_000 - 3_650);

    await page.getByText('已使用 ¥36.50').waitFor();
    expect(await text(page, '.code-used__balance-value')).toBe('¥513.50');
    await shot(page, '10-code-used');

    // history: the top-up, its bonus and the sale
    await page.goto(app(`/pages/history/index?cardId=${cardId}`));
    await page.locator('.movements__row').first().waitFor();
    const history = await page.locator('.movements').innerText();
    expect(history).toContain('今天');
    expect(history).toContain('+¥500.00');
    expect(history).toContain('+¥50.00');
    expect(history).toMatch(/消费[\s\S]*-¥\d+\.\d\d/);
    for (const kind of ['充值', '赠送', '消费']) expect(history).toContain(kind);
    await shot(page, '11-history');

    // the wallet lists the card with its new balance
    await page.goto(app('/pages/index/index'));
    await page.locator('.card-tile__total', { hasText: '¥513.50' }).waitFor();
    await page.locator('.card-tile__balance').click();
    await page.locator('.card-tile .balance-split').waitFor();
    await shot(page, '12-wallet');

    expect(pageErrors).toEqual([]);
    await expectLedgerSound(session.stack.t);
    await page.close();
  });
});
