import { resolve } from 'node:path';
import { maskResidentIdNo } from '@jucard/shared';
import { residentIdNo } from '../../bff/test/factories/real-name';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { submitRealName } from './support/real-name';
import { chooseTopUp, payAtCashier } from './support/topup';
import { shopperWithNewCard, useH5Spec } from './support/spec-pages';

jest.setTimeout(150_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/real-name');
const PHONE = '13912340311';

/** 实名 in the consumer app (docs/compliance.md §6), in Chromium against the whole BFF and the sandbox's identity service. */
describe('real-name verification in the consumer app (H5 in Chromium)', () => {
  const session = useH5Spec({ shots: SHOTS });
  const { shot, pageErrors } = session;

  it('should send a refused top-up to 实名认证, refuse a bad number and a mismatch, then verify, top up and show 已实名 on the card', async () => {
    // a named card: the card page says what is missing before any money is asked for
    const { page } = await shopperWithNewCard(session, PHONE);
    await page.locator('.real-name-status--missing', { hasText: '未实名' }).waitFor();
    await shot(page, '01-card-unverified');

    // the top-up is refused with its code, and the app opens 实名认证 on its own
    await page.locator('.card-detail__topup').click();
    await chooseTopUp(page, '¥500.00');
    await page.locator('.topup__pay').click();
    await page.waitForURL(/#\/pages\/real-name\/index\?back=/);
    await page.locator('.real-name__why').waitFor();
    await shot(page, '02-real-name-form');

    // a mistyped check digit is caught on the page, before anything is sent
    const good = residentIdNo();
    await page.locator('.real-name__name input').fill('李小梅');
    await page.locator('.real-name__id-no input').fill(good.slice(0, 17) + (good.endsWith('0') ? '1' : '0'));
    await page.locator('.real-name__submit').click();
    await page.locator('.real-name__error', { hasText: '身份证号码有误' }).waitFor();

    // the identity service says the name and the number do not match
    await submitRealName(page, '李小梅', residentIdNo('998'));
    await page.locator('.real-name__error', { hasText: '姓名与身份证号码不一致' }).waitFor();
    await shot(page, '03-real-name-mismatch');

    // a number it confirms: 已实名 with the masked number only
    await submitRealName(page, '李小梅', good);
    await page.locator('.real-name__badge', { hasText: '已实名' }).waitFor();
    expect(await page.locator('.real-name__masked-id').innerText()).toBe(`身份证 ${maskResidentIdNo(good)}`);
    expect(await page.locator('.real-name-page').innerText()).not.toContain(good);
    await shot(page, '04-real-name-done');

    // 继续充值 goes back to the top-up, which now goes through the cashier
    await page.locator('.real-name__continue', { hasText: '继续充值' }).click();
    await page.waitForURL(/#\/pages\/topup\/index/);
    await chooseTopUp(page, '¥500.00');
    await page.locator('.topup__pay').click();
    await payAtCashier(page, 'wechatpay', '¥500.00');
    await page.locator('.topup-result__card').click();
    await page.locator('.card-detail__total', { hasText: '¥550.00' }).waitFor();
    expect(await page.locator('.real-name-status--verified').innerText()).toContain(maskResidentIdNo(good));
    await shot(page, '05-card-verified');

    await page.close();
    expect(pageErrors).toEqual([]);
    await expectLedgerSound(session.stack.t);
  });
});
