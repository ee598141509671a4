import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { DataSource } from 'typeorm';
import { creditCard } from '../../bff/test/factories/money';
import { residentIdNo } from '../../bff/test/factories/real-name';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { launchChromium } from './support/browser';
import { submitRealName } from './support/real-name';
import { shopperWithNewCard, signInBySms, useH5Spec } from './support/spec-pages';

jest.setTimeout(150_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/card-gift');
const GIVER = '13912340513';
const FRIEND = '13912340514';

/**
 * 转赠 in the consumer app (docs/compliance.md §9), in Chromium against the whole BFF: the giver makes a one-time link
 * (asked first), a friend on another phone opens it, passes 实名 for the named card, and takes the card; the giver's
 * card is closed, the friend's new card holds every fen; the link cannot be used again.
 */
describe('gifting a card in the consumer app (H5 in Chromium)', () => {
  const session = useH5Spec({ shots: SHOTS });
  const { shot, pageErrors } = session;
  let friendBrowser: BrowserContext | undefined;
  afterAll(async () => {
    await friendBrowser?.close();
  });

  it('should hand the whole card to a friend through a one-time link, once, after the friend’s 实名', async () => {
    const { t } = session.stack;
    const { page, cardId } = await shopperWithNewCard(session, GIVER);
    await creditCard(t, cardId, 20_000, 2_000);
    await page.reload();
    await page.locator('.card-detail__total', { hasText: '¥220.00' }).waitFor();

    // the giver: asked first, then a link to send
    await page.locator('.card-gift__give').click();
    await page.locator('.taro-modal__title', { hasText: '转赠这张卡' }).waitFor();
    await page.locator('.taro-modal__foot').getByText('转赠', { exact: true }).click();
    const link = (await page.locator('.card-gift__url').innerText()).trim();
    expect(link).toContain('/pages/gift-claim/index?token=');
    await shot(page, '01-link');

    // the friend, on a phone of their own: the card's value before taking it, 实名 first (a named card), then 领取
    friendBrowser = await launchChromium();
    const friend = await session.open(friendBrowser);
    await friend.goto(session.app('/pages/login/index'));
    await signInBySms(friend, t.sandboxUrl, FRIEND);
    await friend.goto(link);
    await friend.locator('.gift-claim .card-detail__total', { hasText: '¥220.00' }).waitFor();
    await shot(friend, '02-friend-preview');
    await friend.locator('.gift-claim__take').click();
    await friend.waitForURL(/#\/pages\/real-name\/index\?back=/);
    await submitRealName(friend, '王小雨', residentIdNo());
    await friend.locator('.real-name__continue', { hasText: '继续领取好友的卡' }).click();
    await friend.waitForURL(/#\/pages\/gift-claim\/index/);
    await friend.locator('.gift-claim__take').click();
    await friend.waitForURL(/#\/pages\/card\/index/);
    await friend.locator('.card-detail__total', { hasText: '¥220.00' }).waitFor();
    await shot(friend, '03-friend-card');

    // the giver's card is closed; the link is spent
    await page.reload();
    await page.getByText('这张卡已注销（退卡或补卡），不能再使用').waitFor();
    await friend.goto(link);
    await friend.getByText('这张会员卡已被领取').waitFor();
    const [given] = await t.app.get(DataSource).query<Array<{ status: string }>>('SELECT status FROM cards WHERE id = ?', [cardId]);
    expect(given?.status).toBe('CLOSED');

    await friend.close();
    await page.close();
    expect(pageErrors).toEqual([]);
    await expectLedgerSound(t);
  });
});
