import type { Page } from 'playwright-core';
import { passRealName } from './real-name';

/** On the top-up page: the tier (e.g. '¥500.00') and, unless the default is meant, the channel (e.g. '支付宝'). */
export async function chooseTopUp(page: Page, tier: string, channelZh?: string): Promise<void> {
  await page.locator('.tier-grid__tier', { hasText: tier }).click();
  await page.locator('.tier-grid__tier--selected', { hasText: tier }).waitFor();
  if (!channelZh) return;
  await page.locator('.channel-picker__option', { hasText: channelZh }).click();
  await page.locator('.channel-picker__option--selected', { hasText: channelZh }).waitFor();
}

/** A named card's first 确认支付 opens 实名认证 first: pass it, and pay again with the same choice, still selected. */
export async function payPastRealName(page: Page, channelZh: string): Promise<void> {
  await page.locator('.topup__pay').click();
  await passRealName(page);
  await page.locator('.channel-picker__option--selected', { hasText: channelZh }).waitFor();
  await page.locator('.topup__pay').click();
}

/**
 * On the channel sandbox's cashier (`channel` as in its URL: alipay, wechatpay): the amount shown, 确认支付, and back
 * on the app's result page with 充值成功. `beforeConfirm` runs on the cashier (e.g. a screenshot).
 */
export async function payAtCashier(page: Page, channel: string, amount: string, beforeConfirm?: () => Promise<unknown>): Promise<void> {
  await page.waitForURL(new RegExp(`/cashier/${channel}/`));
  await page.getByText(amount).waitFor();
  await beforeConfirm?.();
  await page.getByText('确认支付', { exact: true }).click();
  await page.waitForURL(/#\/pages\/topup-result\/index\?orderId=/);
  await page.getByText('充值成功').waitFor();
}
