import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer } from '../../bff/test/factories/actors';
import { couponTemplate } from '../../bff/test/factories/marketing';
import { CardEntity } from '../../bff/src/cards/card.entity';
import { LEDGERS, TRANSFER_CODES } from '../../bff/src/ledger/ledger.constants';
import { LedgerService } from '../../bff/src/ledger/ledger.service';
import { PlatformAccounts } from '../../bff/src/ledger/platform-accounts';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import type { TestApp } from '../../bff/test/support/test-app';
import { shopperWithNewCard, useH5Spec } from './support/spec-pages';

jest.setTimeout(150_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/points-mall');
const SHOPPER = '13912340521';

/** Points on the card as sales earn them (merchant points pool → card), posted through the ledger. */
async function earnPoints(t: TestApp, cardId: string, points: number): Promise<void> {
  const card = await t.app.get(DataSource).getRepository(CardEntity).findOneByOrFail({ id: cardId });
  const pool = await t.app.get(PlatformAccounts).merchantPointsPool(card.merchantId);
  await t.app.get(LedgerService).post({
    operationId: `test-points-${randomUUID()}`,
    kind: 'POINTS',
    merchantId: card.merchantId,
    legs: [{ debitAccountId: pool, creditAccountId: card.pointsAccountId, amount: points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_ACCRUAL }],
  });
}

/**
 * 积分商城 (docs/marketing.md, "Points mall") in Chromium against the whole BFF: a manager puts a coupon on offer for
 * points in the back office; the shopper opens the mall from the card, is asked before spending, exchanges once, sees
 * the points fall and the coupon in 我的券; an item above the points left cannot be exchanged and says why.
 */
describe('the points mall (H5 in Chromium)', () => {
  const session = useH5Spec({ shots: SHOTS });
  const { shot, pageErrors } = session;

  it('should let a manager offer a coupon for points and the shopper exchange it once, asked first', async () => {
    const { t } = session.stack;
    const { shop, page, cardId } = await shopperWithNewCard(session, SHOPPER);
    await earnPoints(t, cardId, 150);
    const template = await couponTemplate(t, shop.owner, { name: '积分换满100减10', totalQuantity: 50 });

    // the manager, in the back office: 上架 the coupon for 100 points, 20 in stock
    const desk = await session.open(session.browser);
    await desk.goto(session.app('/pages-merchant/login/index'));
    await desk.waitForLoadState('networkidle');
    await desk.locator('input[placeholder="员工账号"]').fill(shop.manager.username);
    await desk.locator('input[placeholder="密码"]').fill(shop.manager.password);
    await desk.locator('.login-form__submit').click();
    // managers start in the back office; 积分商城 is in its menu
    await desk.waitForURL(/pages-admin\/dashboard\/index/, { timeout: 20_000 });
    await desk.locator('.console__nav-item', { hasText: '积分商城' }).click();
    await desk.waitForURL(/pages-admin\/points-mall\/index/);
    await desk.getByText('上架积分商品', { exact: true }).first().click();
    await desk.locator('.console-dialog select').selectOption(template.id);
    await desk.locator('.console-dialog input[placeholder="例如：500"]').fill('100');
    await desk.locator('.console-dialog input[placeholder="例如：100"]').fill('20');
    await desk.locator('.console-dialog__actions').getByText('上架', { exact: true }).click();
    await desk.getByText('已上架「积分换满100减10」，100 积分兑换一张').waitFor();
    await shot(desk, '01-back-office');
    const dear = await couponTemplate(t, shop.owner, { name: '积分换满200减30', amountOffFen: 3_000, thresholdFen: 20_000 });
    await t.http.post('/merchant/points-items').set(bearer(shop.owner)).send({ couponTemplateId: dear.id, pointsPrice: 200, stock: 5 }).expect(201);

    // the shopper: from the card to the mall, asked before spending, then the coupon in 我的券
    await page.reload();
    await page.locator('.card-detail__points-mall', { hasText: '用 150 积分兑换优惠券' }).click();
    await page.waitForURL(/#\/pages\/points-mall\/index\?cardId=/);
    await page.locator('.points-mall__points', { hasText: '150' }).waitFor();
    const cheap = page.locator('.points-item', { hasText: '积分换满100减10' });
    const costly = page.locator('.points-item', { hasText: '积分换满200减30' });
    await costly.getByText('积分不足，还差 50 积分').waitFor();
    expect(await costly.locator('.points-item__exchange').isDisabled()).toBe(true);
    await shot(page, '02-mall');

    await cheap.locator('.points-item__exchange').click();
    await page.locator('.taro-modal__title', { hasText: '确认兑换' }).waitFor();
    await page.getByText('用 100 积分兑换「积分换满100减10」？兑换后积分不退回').waitFor();
    await page.locator('.taro-modal__foot').getByText('确认兑换', { exact: true }).click();
    await page.locator('.points-mall__done-title', { hasText: '兑换成功' }).waitFor();
    await shot(page, '03-done');
    await page.locator('.points-mall__done-coupons').click();
    await page.waitForURL(/#\/pages\/coupons\/index/);
    // the mall page stays in the DOM (hidden) under the coupons page: look in the coupon list itself
    await page.locator('.coupon-list .coupon-card--available .coupon-card__name', { hasText: '积分换满100减10' }).waitFor();
    await shot(page, '04-coupons');

    // one exchange, 100 points: what the database holds
    const db = t.app.get(DataSource);
    const exchanges = await db.query<Array<{ points: number | string }>>('SELECT points FROM points_exchanges WHERE card_id = ?', [cardId]);
    expect(exchanges.map((e) => Number(e.points))).toEqual([100]);
    const held = await db.query<Array<{ source: string }>>('SELECT source FROM coupons WHERE template_id = ?', [template.id]);
    expect(held).toEqual([{ source: 'EXCHANGED' }]);

    await desk.close();
    await page.close();
    expect(pageErrors).toEqual([]);
    await expectLedgerSound(t);
  });
});
