import type { Page } from 'playwright-core';
import { residentIdNo } from '../../../bff/test/factories/real-name';

/**
 * On the 实名认证 page (where a refused top-up sends the shopper): type a name and a number the channel sandbox
 * confirms, confirm the dialog, wait for 已实名 and go on with 继续充值. Resolves with the number typed.
 */
export async function passRealName(page: Page, { name = '李小梅', idNo = residentIdNo() }: { name?: string; idNo?: string } = {}): Promise<string> {
  await page.waitForURL(/#\/pages\/real-name\/index/);
  await submitRealName(page, name, idNo);
  await page.locator('.real-name__badge', { hasText: '已实名' }).waitFor();
  await page.locator('.real-name__continue', { hasText: '继续充值' }).click();
  await page.waitForURL(/#\/pages\/topup\/index/);
  await page.locator('.real-name-page').waitFor({ state: 'detached' });
  return idNo;
}

/** Types the form and confirms the dialog that says the identity is bound to the account. */
export async function submitRealName(page: Page, name: string, idNo: string): Promise<void> {
  await page.locator('.real-name__name input').fill(name);
  await page.locator('.real-name__id-no input').fill(idNo);
  await page.locator('.real-name__submit').click();
  await page.locator('.taro-modal__title', { hasText: '确认实名信息' }).waitFor();
  await page.locator('.taro-modal__foot').getByText('确认提交', { exact: true }).click();
}
