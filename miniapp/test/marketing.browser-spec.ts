import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import type { TestApp } from '../../bff/test/support/test-app';
import type { Staffer } from './support/bff';
import { launchChromium } from './support/browser';
import { firstText as text, shopperWithNewCard, useH5Spec, type SpecPages } from './support/spec-pages';
import { chooseTopUp, payAtCashier, payPastRealName } from './support/topup';

jest.setTimeout(180_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/marketing');
const SHOPPER = '13912340641';
const COUPON = '满100减15';
const CAMPAIGN = '开业充值送';

/** The owner's sign-in (approvedMerchant registers every owner with this password and keeps the name in staff_users). */
async function ownerOf(t: TestApp, merchantId: string): Promise<Staffer> {
  const [row] = await t.app.get(DataSource).query<Array<{ username: string }>>("SELECT username FROM staff_users WHERE merchant_id = ? AND role = 'OWNER'", [merchantId]);
  if (!row) throw new Error(`no owner for merchant ${merchantId}`);
  return { username: row.username, password: 'owner-password' };
}

/** Signs in at the merchant login page; owners land in the back office, cashiers at the till's store picker. */
async function staffSignIn(page: Page, loginUrl: string, staffer: Staffer, landing: RegExp): Promise<void> {
  await page.goto(loginUrl);
  // a fresh browser context loads the whole bundle first: type only once the page has settled
  await page.waitForLoadState('networkidle');
  await page.locator('input[placeholder="员工账号"]').fill(staffer.username);
  await page.locator('input[placeholder="密码"]').fill(staffer.password);
  await page.locator('.login-form__submit').click();
  await page.waitForURL(landing, { timeout: 20_000 });
}

/** 优惠券 → 新建优惠券: 满100减15, 30 days, one each, 100 in all. */
async function createCouponTemplate(desk: Page, shot: SpecPages['shot']): Promise<void> {
  await desk.locator('.console__nav-item', { hasText: '优惠券' }).click();
  await desk.waitForURL(/pages-admin\/coupons\/index/);
  await desk.getByRole('button', { name: '新建优惠券' }).click();
  const dialog = desk.locator('.console-dialog');
  await dialog.getByLabel('名称', { exact: true }).fill(COUPON);
  await dialog.getByLabel('类型', { exact: true }).selectOption({ label: '满减券' });
  await dialog.getByLabel('使用门槛（元，满多少可用）').fill('100');
  await dialog.getByLabel('减免金额（元）').fill('15');
  await dialog.getByLabel('有效天数（领取后）').fill('30');
  await dialog.getByLabel('每人限领（张）').fill('1');
  await dialog.getByLabel('发行总量（张）').fill('100');
  await shot(desk, '01-coupon-form');
  await dialog.getByRole('button', { name: '创建' }).click();
  await desk.getByText(`已新建优惠券「${COUPON}」`).waitFor();
  const row = desk.locator('.coupon-templates tr', { hasText: COUPON });
  await row.getByText('满100减15').first().waitFor();
  await row.getByText('0 / 100（每人限 1 张）').waitFor();
  await row.getByText('发放中').waitFor();
}

/** 充值活动 → 新建充值活动: today only, every channel, ¥1,000 of bonus; 充300 送 ¥30 + 100 积分 + the coupon. Asked first. */
async function createCampaign(desk: Page, shot: SpecPages['shot']): Promise<void> {
  await desk.locator('.console__nav-item', { hasText: '充值活动' }).click();
  await desk.waitForURL(/pages-admin\/campaigns\/index/);
  await desk.getByRole('button', { name: '新建充值活动' }).click();
  const dialog = desk.locator('.console-dialog');
  await dialog.getByLabel('活动名称').fill(CAMPAIGN);
  await dialog.getByLabel('适用渠道').selectOption({ label: '线上与门店' });
  await dialog.getByLabel('活动预算（元，赠送金总额）').fill('1000');
  await dialog.getByLabel('档位 1 充值金额（元）').fill('300');
  await dialog.getByLabel('档位 1 赠送金（元）').fill('30');
  await dialog.getByLabel('档位 1 赠送积分').fill('100');
  // the coupon list is loaded by the dialog: selectOption waits for the option to be there
  await dialog.getByLabel('档位 1 赠送优惠券').selectOption({ label: COUPON });
  await shot(desk, '02-campaign-form');
  await dialog.getByRole('button', { name: '创建' }).click();
  await desk.locator('.taro-modal__title', { hasText: `创建充值活动「${CAMPAIGN}」？` }).waitFor();
  await desk.locator('.taro-modal__foot').getByText('确认创建', { exact: true }).click();
  await desk.getByText(`已新建充值活动「${CAMPAIGN}」`).waitFor();
  const row = desk.locator('.campaigns tr', { hasText: CAMPAIGN });
  await row.getByText('充¥300.00 送¥30.00 + 100积分 + 1张券').waitFor();
  await row.getByText('进行中').waitFor();
  await row.getByText('已用 ¥0.00 / 预算 ¥1,000.00 · 已奖励 0 笔').waitFor();
  await shot(desk, '03-campaign-created');
}

/** The shopper: the campaign's tier on the top-up page, 实名 first, paid at the cashier; the bonus on the card. */
async function topUpUnderCampaign(page: Page, shot: SpecPages['shot']): Promise<void> {
  await page.locator('.card-detail__topup').click();
  await page.locator('.topup__campaign', { hasText: `${CAMPAIGN} · 活动至` }).waitFor();
  const tier = page.locator('.tier-grid__tier', { hasText: '¥300.00' });
  expect(await tier.locator('.tier-grid__bonus').innerText()).toBe(`送 ¥30.00 + 100积分 + ${COUPON}券`);
  await chooseTopUp(page, '¥300.00', '支付宝');
  expect(await text(page, '.topup__summary')).toBe('支付 ¥300.00，到账 ¥300.00 + 赠送 ¥30.00');
  await shot(page, '04-topup-campaign');
  await payPastRealName(page, '支付宝');
  await payAtCashier(page, 'alipay', '¥300.00', () => shot(page, '05-cashier'));
  // back from the cashier the app loads afresh: the result page is the only page
  expect(await text(page, '.topup-result__amount')).toBe('¥300.00 + 赠送 ¥30.00');
  await shot(page, '06-topup-paid');
  await page.locator('.topup-result__card').click();
  await page.locator('.card-detail__total', { hasText: '¥330.00' }).waitFor();
  expect(await text(page, '.balance-split__principal')).toBe('¥300.00');
  expect(await text(page, '.balance-split__bonus')).toBe('¥30.00');
  await shot(page, '07-card-with-bonus');
}

/** At the till: the code typed, ¥120, the coupon the till offers (taken off, then applied again), 确认收款, the receipt. */
async function saleWithCoupon(till: Page, code: string, shot: SpecPages['shot']): Promise<void> {
  await till.locator('.store-picker__chip', { hasText: '一号店' }).click();
  await till.locator('.store-picker__chip--selected', { hasText: '一号店' }).waitFor();
  await till.locator('input[placeholder="扫码或输入 18 位数字"]').fill(code);
  await till.keyboard.press('Enter');
  await till.getByText('输入收款金额').waitFor();
  expect(await till.locator('.member-panel__balance-value').innerText()).toBe('¥330.00');
  for (const key of '120') await till.locator('.keypad__key').getByText(key, { exact: true }).click();
  await till.getByText('下一步：核对金额').click();

  const offered = till.locator('.coupon-choice__option', { hasText: `${COUPON} · 减 ¥15.00` });
  await offered.waitFor();
  // the best coupon comes proposed; the cashier can go without it and back
  expect(await offered.getAttribute('aria-checked')).toBe('true');
  await till.locator('.coupon-choice__option', { hasText: '不使用优惠券' }).click();
  await till.locator('.confirm-sale__amount', { hasText: '¥120.00' }).waitFor();
  expect(await till.locator('.confirm-sale__price').count()).toBe(0);
  await offered.click();
  await till.locator('.confirm-sale__amount', { hasText: '¥105.00' }).waitFor();
  expect(await till.locator('.confirm-sale__price').innerText()).toBe('原价 ¥120.00 · 优惠券 -¥15.00 · 实付 ¥105.00');
  await shot(till, '10-till-coupon');
  await till.getByText('确认收款').click();

  const receipt = till.locator('.sale-result--success');
  await receipt.locator('.sale-result__title', { hasText: '收款成功' }).waitFor();
  await shot(till, '11-till-receipt');
  expect(await receipt.locator('.sale-result__amount').innerText()).toBe('¥105.00');
  expect(await receipt.locator('.sale-result__coupon').innerText()).toMatch(/原价 ¥120\.00\s+优惠券 -¥15\.00\s+实付 ¥105\.00（会员卡）/);
  expect(await receipt.locator('.sale-result__balance-value').innerText()).toBe('¥225.00');
}

/** 充值活动 → 效果: one top-up rewarded, its bonus, points and coupon, the top-up it drove. */
async function campaignResults(desk: Page, shot: SpecPages['shot']): Promise<void> {
  // the list was read before the top-up: a reload shows the campaign's use now
  await desk.reload();
  const row = desk.locator('.campaigns tr', { hasText: CAMPAIGN });
  await row.getByText('已用 ¥30.00 / 预算 ¥1,000.00 · 已奖励 1 笔').waitFor();
  await row.getByRole('button', { name: '效果' }).click();
  const dialog = desk.locator('.console-dialog', { hasText: `活动效果：${CAMPAIGN}` });
  const figure = (label: string) => dialog.locator('.console-figure', { has: desk.locator('.console-figure__label', { hasText: label }) });
  await figure('奖励笔数').locator('.console-figure__value', { hasText: '1' }).waitFor();
  expect(await figure('赠送金').locator('.console-figure__value').innerText()).toBe('¥30.00');
  expect(await figure('赠送金').locator('.console-figure__sub').innerText()).toBe('积分 100 · 券 1 张');
  expect(await figure('带动充值').locator('.console-figure__value').innerText()).toBe('¥300.00');
  expect(await figure('未奖励').locator('.console-figure__value').innerText()).toBe('0');
  const day = dialog.locator('tbody tr').first();
  expect((await day.innerText()).split(/\s+/).slice(1)).toEqual(['1', '¥30.00', '¥300.00', '0', '0']);
  await shot(desk, '12-campaign-results');
}

/**
 * 充值活动 with a coupon in its reward pack (docs/marketing.md), in Chromium against the whole BFF and the channel
 * sandbox: the owner creates a coupon and a campaign in the back office; the shopper tops up at the campaign's tier
 * and gets the bonus and the coupon; the cashier applies the coupon at the till; the owner reads the campaign's results.
 */
describe('a top-up campaign with a coupon, from the back office to the till (H5 in Chromium)', () => {
  const session = useH5Spec({ shots: SHOTS });
  const { app, shot, pageErrors } = session;
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const browser = async (viewport?: { width: number; height: number }) => {
    const context = await launchChromium({ viewport });
    contexts.push(context);
    return context;
  };

  it('should grant the campaign’s bonus and coupon on a top-up, take the coupon off a sale once and show the grant in the results', async () => {
    const { t } = session.stack;
    const { shop, page, cardId } = await shopperWithNewCard(session, SHOPPER);

    // 1. the owner, at a desk: the coupon, then the campaign that gives it
    const desk = await session.open(await browser({ width: 1280, height: 900 }), 20_000);
    await staffSignIn(desk, app('/pages-merchant/login/index'), await ownerOf(t, shop.merchant.id), /pages-admin\/dashboard\/index/);
    await createCouponTemplate(desk, shot);
    await createCampaign(desk, shot);

    // 2. the shopper tops up ¥300 under the campaign, then finds the coupon in 我的券
    await topUpUnderCampaign(page, shot);
    await page.goto(app('/pages/index/index'));
    await page.locator('.card-tile__total', { hasText: '¥330.00' }).waitFor();
    await page.locator('.wallet__me', { hasText: '券' }).click();
    await page.waitForURL(/#\/pages\/coupons\/index/);
    const held = page.locator('.coupon-list .coupon-card--available', { hasText: COUPON });
    await held.waitFor();
    expect(await held.locator('.coupon-card__figure').innerText()).toBe('¥15.00');
    expect(await held.locator('.coupon-card__terms').innerText()).toMatch(/^满100减15 · 有效期至 \d{4}-\d{2}-\d{2}$/);
    await shot(page, '08-my-coupons');

    // 3. at the counter: the shopper shows the member code, the cashier types it and applies the coupon
    await page.goto(app(`/pages/member-code/index?cardId=${cardId}`));
    await page.getByText(/\d+ 秒后失效/).waitFor();
    const code = (await text(page, '.live-code__digits')).replace(/\s/g, '');
    expect(code).toMatch(/^\d{18}$/);
    await shot(page, '09-member-code');
    const till = await session.open(await browser(), 20_000);
    await staffSignIn(till, app('/pages-merchant/login/index'), shop.cashier, /pages-merchant\/redeem\/index/);
    await saleWithCoupon(till, code, shot);
    await page.getByText('已使用 ¥105.00').waitFor();
    expect(await text(page, '.code-used__balance-value')).toBe('¥225.00');

    // the coupon is used now: under 已使用 in 我的券
    await page.goto(app('/pages/coupons/index'));
    await page.locator('.coupon-list .coupon-card--used', { hasText: COUPON }).locator('.coupon-card__status', { hasText: '已使用' }).waitFor();

    // 4. the owner reads the campaign's results
    await campaignResults(desk, shot);

    // what the database holds: one grant of the campaign, its coupon used by exactly one sale of the card
    const db = t.app.get(DataSource);
    const [campaign] = await db.query<Array<{ id: string; spent_fen: number | string; granted_count: number | string }>>('SELECT id, spent_fen, granted_count FROM campaigns WHERE merchant_id = ?', [shop.merchant.id]);
    expect({ spent: Number(campaign!.spent_fen), granted: Number(campaign!.granted_count) }).toEqual({ spent: 3_000, granted: 1 });
    const grants = await db.query<Array<Record<string, unknown>>>('SELECT order_id, card_id, status, reason, amount_fen, bonus_fen, points, coupon_ids, cost_fen FROM campaign_grants WHERE campaign_id = ?', [campaign!.id]);
    expect(grants).toHaveLength(1);
    const grant = grants[0]!;
    expect({ ...grant, amount_fen: Number(grant.amount_fen), bonus_fen: Number(grant.bonus_fen), points: Number(grant.points), cost_fen: Number(grant.cost_fen) }).toMatchObject({
      card_id: cardId,
      status: 'GRANTED',
      reason: null,
      amount_fen: 30_000,
      bonus_fen: 3_000,
      points: 100,
      cost_fen: 3_000,
    });
    const [order] = await db.query<Array<{ status: string; campaign_id: string }>>('SELECT status, campaign_id FROM topup_orders WHERE id = ?', [grant.order_id]);
    expect(order).toEqual({ status: 'PAID', campaign_id: campaign!.id });

    const coupons = await db.query<Array<{ id: string; status: string; grant_key: string; redemption_id: string | null }>>(
      'SELECT c.id, c.status, c.grant_key, c.redemption_id FROM coupons c JOIN coupon_templates t ON t.id = c.template_id WHERE t.merchant_id = ? AND t.name = ?',
      [shop.merchant.id, COUPON],
    );
    expect(coupons).toHaveLength(1);
    const coupon = coupons[0]!;
    expect(coupon).toMatchObject({ status: 'USED', grant_key: `campaign:${String(grant.order_id)}` });
    expect(String(grant.coupon_ids)).toContain(coupon.id);
    const uses = await db.query<Array<{ redemption_id: string; list_price_fen: number | string; discount_fen: number | string; paid_fen: number | string }>>(
      'SELECT redemption_id, list_price_fen, discount_fen, paid_fen FROM coupon_redemptions WHERE coupon_id = ?',
      [coupon.id],
    );
    expect(uses.map((u) => ({ ...u, list_price_fen: Number(u.list_price_fen), discount_fen: Number(u.discount_fen), paid_fen: Number(u.paid_fen) }))).toEqual([
      { redemption_id: coupon.redemption_id, list_price_fen: 12_000, discount_fen: 1_500, paid_fen: 10_500 },
    ]);
    const [sale] = await db.query<Array<{ card_id: string; amount_fen: number | string }>>('SELECT card_id, amount_fen FROM redemptions WHERE id = ?', [coupon.redemption_id]);
    expect({ card: sale!.card_id, amount: Number(sale!.amount_fen) }).toEqual({ card: cardId, amount: 10_500 });

    await till.close();
    await desk.close();
    await page.close();
    expect(pageErrors).toEqual([]);
    await expectLedgerSound(t);
  });
});
