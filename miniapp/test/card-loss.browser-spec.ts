import { resolve } from 'node:path';
import { bearer } from '../../bff/test/factories/actors';
import { DataSource } from 'typeorm';
import { creditCard } from '../../bff/test/factories/money';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { latestSmsCode } from './support/h5-session';
import { shopperWithNewCard, useH5Spec } from './support/spec-pages';

jest.setTimeout(150_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/card-loss');
const PHONE = '13912340412';

/** 挂失 → 解挂 → 挂失 → 补卡 in the consumer app (docs/compliance.md §5), in Chromium against the whole BFF. */
describe('loss and replacement in the consumer app (H5 in Chromium)', () => {
  const session = useH5Spec({ shots: SHOTS });
  const { shot, pageErrors } = session;

  it('should stop a lost card at once, unlock it with an SMS code, then replace it with every balance on a new number', async () => {
    const { t } = session.stack;
    const { page, cardId, shop } = await shopperWithNewCard(session, PHONE);
    await creditCard(t, cardId, 30_000, 3_000);
    await page.reload();
    await page.locator('.card-detail__total', { hasText: '¥330.00' }).waitFor();
    const cardNoOf = async (id: string) => ((await t.app.get(DataSource).query<Array<{ card_no: string }>>('SELECT card_no FROM cards WHERE id = ?', [id]))[0]!.card_no);
    const oldNo = await cardNoOf(cardId);
    await page.locator('.card-detail__meta', { hasText: oldNo }).waitFor();

    // 挂失, asked first: the card stops at once, at the till too
    await page.locator('.card-loss__report').click();
    await page.locator('.taro-modal__title', { hasText: '确认挂失？' }).waitFor();
    await page.locator('.taro-modal__foot').getByText('立即挂失', { exact: true }).click();
    await page.getByRole('region', { name: '挂失处理' }).waitFor();
    await shot(page, '01-lost');
    expect(await page.getByRole('button', { name: '会员码' }).count()).toBe(0);

    // 解挂 with the code texted to the account's phone
    await page.locator('.card-loss__unlock-start').click();
    await page.locator('.card-loss__hint', { hasText: '验证码已发送' }).waitFor();
    await page.locator('.card-loss__code input').fill(await latestSmsCode(t.sandboxUrl, PHONE));
    await page.locator('.card-loss__unlock-confirm').click();
    await page.locator('.card-loss__report').waitFor();
    await page.getByRole('button', { name: '会员码' }).waitFor();

    // lost for good this time: 补卡, asked first, moves ¥300 + ¥30 to a new number
    await page.locator('.card-loss__report').click();
    await page.locator('.taro-modal__foot').getByText('立即挂失', { exact: true }).click();
    await page.locator('.card-loss__replace').click();
    await page.locator('.taro-modal__title', { hasText: '确认补卡？' }).waitFor();
    await page.locator('.taro-modal__foot').getByText('确认补卡', { exact: true }).click();
    const done = page.getByRole('region', { name: '补卡完成' });
    await done.getByText('已转入余额 ¥330.00（本金 ¥300.00，赠送金 ¥30.00）', { exact: false }).waitFor();
    await shot(page, '02-replaced');
    await done.getByText('查看新卡').click();
    await page.waitForURL((url) => !url.href.includes(cardId));
    const newId = new URL(page.url().replace('/#/', '/')).searchParams.get('id')!;
    const newNo = await cardNoOf(newId);
    expect(newNo).not.toBe(oldNo);
    await page.locator('.card-detail__meta', { hasText: newNo }).waitFor();
    await page.locator('.card-detail__total', { hasText: '¥330.00' }).last().waitFor();
    await page.getByRole('button', { name: '会员码' }).waitFor();
    await shot(page, '03-new-card');

    // the old card is closed for good; the new one pays at the till with the code its page shows
    const rows = await t.app.get(DataSource).query<Array<{ id: string; status: string; replaces_card_id: string | null }>>('SELECT id, status, replaces_card_id FROM cards WHERE id IN (?, ?)', [cardId, newId]);
    expect(rows.find((r) => r.id === cardId)?.status).toBe('CLOSED');
    expect(rows.find((r) => r.id === newId)).toMatchObject({ status: 'ACTIVE', replaces_card_id: cardId });
    await page.getByRole('button', { name: '会员码' }).click();
    await page.locator('.live-code__digits').waitFor();
    const digits = (await page.locator('.live-code__digits').innerText()).replace(/\s/g, '');
    await t.http.post('/merchant/redemptions').set(bearer(shop.owner)).send({ code: digits, amountFen: 1_000, storeId: shop.store.id, merchantOrderNo: `ORD-${Date.now()}` }).expect(201);

    await page.close();
    expect(pageErrors).toEqual([]);
    await expectLedgerSound(t);
  });
});
