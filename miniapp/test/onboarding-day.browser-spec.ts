import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatYuan, principalPart, type CardProductView, type MerchantView, type RedemptionView, type SettlementRunView, type StatementView, type TokenPair } from '@jucard/shared';
import jsQR from 'jsqr';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';
import { solidPng } from '../../bff/src/files/solid-png';
import { actors, bearer, unique } from '../../bff/test/factories/actors';
import { claimCard, creditCard, memberCode } from '../../bff/test/factories/money';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { launchChromium } from './support/browser';
import type { Staffer } from './support/bff';
import { operatorAccount, signInToConsole } from './support/operator';
import { useH5Spec } from './support/spec-pages';

jest.setTimeout(180_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/onboarding');

/** What the shop is called; a suffix keeps runs against the same database apart. */
const SHOP = `青禾烘焙${randomUUID().slice(0, 4)}`;

/** An element as it is drawn on screen: its RGBA pixels, width and height (what jsQR reads). */
async function pixelsOf(element: Locator): Promise<[Uint8ClampedArray, number, number]> {
  const png = PNG.sync.read(await element.screenshot());
  return [new Uint8ClampedArray(png.data), png.width, png.height];
}

/**
 * A new merchant's first day, in Chromium against the whole BFF and the channel sandbox: the owner signs up in the
 * H5 back office and submits KYC with both images; an operator approves it in the console after the confirmation;
 * the owner opens a store, creates a card product and shows its claim QR; customers buy; the platform settles the
 * day; the owner's dashboard and the day's statement agree.
 */
describe('a new merchant’s first day (H5 back office and operator console in Chromium)', () => {
  const session = useH5Spec({ shots: SHOTS });
  const { app, shot, pageErrors, failedRequests } = session;

  const images = join(tmpdir(), `jucard-onboarding-${process.pid}`);
  const owner = { username: unique('qinghe'), password: 'Owner#2026first' };
  let operator: Staffer;

  beforeAll(async () => {
    mkdirSync(images, { recursive: true });
    writeFileSync(join(images, 'licence.png'), solidPng(120, 84, [230, 170, 60]));
    writeFileSync(join(images, 'id-card.png'), solidPng(108, 68, [90, 160, 120]));
    operator = await operatorAccount(session.stack.t, '审核员小周');
  });

  it('should sign up, pass review, open a store and a card with its claim QR, and show a day the statement agrees with', async () => {
    const t = session.stack.t;
    // a desk, not a phone: the back office and the console are laid out for it
    const desk = await launchChromium({ viewport: { width: 1280, height: 900 } });
    const open = () => session.open(desk, 20_000);

    try {
      // 1. 商户入驻: the shop's name and the owner's login, then straight on to the KYC form, signed in
      const page = await open();
      await page.goto(app('/pages-admin/signup/index'));
      await page.getByLabel('店铺名称').fill(SHOP);
      await page.getByLabel('店主登录账号').fill(owner.username);
      await page.getByLabel('密码', { exact: true }).fill(owner.password);
      await page.getByLabel('再次输入密码').fill(owner.password);
      await shot(page, '01-signup');
      await page.getByRole('button', { name: '注册并填写资料' }).click();

      // 2. 提交商户资料 with the business licence and the legal representative's ID
      await page.waitForURL(/pages-admin\/kyc\/index/);
      await page.getByText('提交商户资料', { exact: true }).waitFor();
      const kyc: Array<[string, string]> = [
        ['公司名称', `上海${SHOP}食品有限公司`],
        ['统一社会信用代码', '91310000MA1FL4XK22'],
        ['法定代表人', '周青禾'],
        ['联系人', '周青禾'],
        ['联系人手机号', '13700137000'],
        ['结算账户户名', `上海${SHOP}食品有限公司`],
        ['结算银行账号', '6217001210012345678'],
        ['开户银行', '中国建设银行上海徐汇支行'],
      ];
      for (const [label, value] of kyc) await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByLabel('营业执照', { exact: true }).setInputFiles(join(images, 'licence.png'));
      await page.getByRole('img', { name: '营业执照预览' }).waitFor();
      await page.getByLabel('法定代表人身份证（人像面）', { exact: true }).setInputFiles(join(images, 'id-card.png'));
      await page.getByRole('img', { name: '法定代表人身份证（人像面）预览' }).waitFor();
      await shot(page, '02-kyc-filled');
      await page.getByRole('button', { name: '提交审核' }).click();
      // the system's confirmation first: nothing is sent until the owner says so
      const modal = page.locator('.taro-modal__foot');
      await page.locator('.taro-modal__title', { hasText: '提交审核？' }).waitFor();
      await shot(page, '03-kyc-confirm');
      await modal.getByText('提交审核', { exact: true }).click();
      await page.waitForURL(/pages-admin\/dashboard\/index/);
      await page.getByText('已提交，等待平台审核').waitFor();
      await shot(page, '04-waiting-for-review');
      const ownerTokens: TokenPair = await actors(t).staffLogin(owner.username, owner.password);
      const merchant = (await t.http.get('/merchant').set(bearer(ownerTokens)).expect(200)).body as MerchantView;
      expect(merchant).toMatchObject({ displayName: SHOP, status: 'PENDING_REVIEW', kyc: { companyName: `上海${SHOP}食品有限公司` } });

      // 3. the operator reviews it in the console, images in view, and approves after the confirmation
      const ops = await open();
      await signInToConsole(ops, app('/pages-ops/login/index'), operator);
      const application = ops.getByRole('article', { name: SHOP });
      await application.getByText(`上海${SHOP}食品有限公司`, { exact: true }).waitFor();
      for (const name of [`${SHOP}的营业执照`, `${SHOP}的法定代表人身份证`]) {
        const image = application.getByRole('img', { name });
        await image.waitFor();
        await ops.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await image.elementHandle());
      }
      await shot(ops, '05-ops-review');
      await application.getByLabel('平台手续费率（%）').fill('0.60');
      await application.getByRole('button', { name: '通过' }).click();
      const approve = ops.getByRole('dialog', { name: `通过「${SHOP}」的审核？` });
      await approve.getByText(/收取 0\.60% 的手续费/).waitFor();
      await shot(ops, '06-ops-approve-confirm');
      expect(((await t.http.get('/merchant').set(bearer(ownerTokens)).expect(200)).body as MerchantView).status).toBe('PENDING_REVIEW');
      await approve.getByRole('button', { name: '确认通过' }).click();
      await ops.getByText(`已通过「${SHOP}」，手续费率 0.60%`).waitFor();
      await application.waitFor({ state: 'detached' });

      // the audit trail names who did it, in words
      await ops.locator('.console__nav-item', { hasText: '冻结' }).click();
      await ops.waitForURL(/pages-ops\/freeze\/index/);
      const trail = ops.getByRole('region', { name: '全部操作记录' });
      const approval = trail.locator('.freeze__audit-row', { hasText: `商户「${SHOP}」` }).filter({ hasText: '审核通过' });
      await approval.waitFor();
      expect(await approval.innerText()).toContain('审核员小周（平台运营）');
      expect(await approval.innerText()).toContain('手续费费率：0.60%');
      await shot(ops, '07-ops-audit-trail');

      // 4. back in the back office: the first steps offer a store and a card
      await page.reload();
      await page.getByRole('region', { name: '开店第一步' }).getByRole('button', { name: '添加门店' }).click();
      await page.waitForURL(/pages-admin\/stores\/index/);
      await page.getByRole('region', { name: '门店' }).getByRole('button', { name: '添加门店' }).click();
      const storeDialog = page.getByRole('dialog', { name: '添加门店' });
      await storeDialog.getByLabel('门店名称').fill('徐汇店');
      await storeDialog.getByLabel('地址').fill('上海市徐汇区漕溪北路 88 号');
      await storeDialog.getByRole('button', { name: '保存' }).click();
      await page.getByText('已添加门店「徐汇店」').waitFor();
      await shot(page, '08-store-added');

      await page.goto(app('/pages-admin/product/index'));
      await page.locator('.product-form__title', { hasText: '新建卡产品' }).waitFor();
      await page.getByLabel('卡名称').fill(`${SHOP}储值卡`);
      await page.getByLabel('档位 1 充值（元）').fill('500');
      await page.getByLabel('赠送（元）').first().fill('50');
      await shot(page, '09-product-form');
      await page.getByRole('button', { name: '创建卡产品' }).click();
      await page.waitForURL(/pages-admin\/products\/index/);
      const row = page.locator('tr', { hasText: `${SHOP}储值卡` });
      await row.getByRole('button', { name: '领卡二维码' }).click();
      const qrDialog = page.getByRole('dialog', { name: `「${SHOP}储值卡」领卡二维码` });
      const qr = qrDialog.getByRole('img', { name: `${SHOP}储值卡的领卡二维码` });
      await qr.waitFor();
      const products = (await t.http.get('/merchant/card-products').set(bearer(ownerTokens)).expect(200)).body as CardProductView[];
      const product = products.find((p) => p.name === `${SHOP}储值卡`)!;
      expect(await qrDialog.getByLabel('领卡链接').innerText()).toContain(product.claimToken);
      // the printed QR reads back as the claim link (decoded from the pixels on screen)
      expect(jsQR(...(await pixelsOf(qr)))?.data).toBe(await qrDialog.getByLabel('领卡链接').innerText());
      await shot(page, '10-claim-qr');
      await qrDialog.getByRole('button', { name: '关闭' }).click();

      // 5. the day: two customers claim the card and buy (through the API, as the till does), one sale is partly reversed
      const stores = (await t.http.get('/merchant/stores').set(bearer(ownerTokens)).expect(200)).body as Array<{ id: string; name: string }>;
      const store = stores.find((s) => s.name === '徐汇店')!;
      const sales: RedemptionView[] = [];
      for (const amountFen of [10_000, 3_650]) {
        const consumer = await actors(t).consumer();
        const card = await claimCard(t, consumer, product.claimToken);
        await creditCard(t, card.id, 50_000, 5_000);
        const code = await memberCode(t, consumer, card.id);
        const sale = await t.http.post('/merchant/redemptions').set(bearer(ownerTokens)).send({ code: code.numericCode, amountFen, storeId: store.id, merchantOrderNo: unique('DAY') }).expect(201);
        sales.push(sale.body as RedemptionView);
      }
      await t.http.post(`/merchant/redemptions/${sales[0]!.redemptionId}/reversals`).set(bearer(ownerTokens)).send({ amountFen: 1_200, reversalNo: unique('RV'), reason: '顾客退了一个面包' }).expect(201);
      const soldFen = sales.reduce((sum, s) => sum + s.amountFen, 0);
      const soldPrincipalFen = sales.reduce((sum, s) => sum + s.principalFen, 0);

      // the owner's dashboard: whole sales, bonus included
      await page.goto(app('/pages-admin/dashboard/index'));
      const today = page.getByRole('region', { name: /^今日/ });
      const figure = (label: string) => today.locator('.console-figure', { has: page.getByText(label, { exact: true }) });
      await figure('消费').getByText(formatYuan(soldFen), { exact: true }).waitFor();
      expect(await figure('消费').innerText()).toContain('2 笔');
      expect(await figure('冲正').innerText()).toContain(formatYuan(1_200));
      expect(await figure('实收（消费 − 冲正）').innerText()).toContain(formatYuan(soldFen - 1_200));
      await shot(page, '11-dashboard');

      // 6. the platform settles the day (a partial day, on purpose; unreconciled is allowed with a reason)
      const opsTokens = (await t.http.post('/auth/operator/login').send(operator).expect(200)).body as TokenPair;
      const businessDate = (await t.http.get('/merchant/dashboard').set(bearer(ownerTokens)).expect(200)).body.today.date as string;
      const started = (await t.http.post('/operator/settlement/runs').set(bearer(opsTokens)).send({ businessDate, overrideReason: '演示：当日结算' }).expect(202)).body as SettlementRunView;
      let run = started;
      for (let i = 0; run.status === 'RUNNING' && i < 300; i++) {
        await new Promise((done) => setTimeout(done, 100));
        run = (await t.http.get(`/operator/settlement/runs/${started.id}`).set(bearer(opsTokens)).expect(200)).body as SettlementRunView;
      }
      expect(run.status).toBe('COMPLETED');

      // 7. the statement of the day agrees with the dashboard: the same sales and reversal, their principal part
      await page.locator('.console__nav-item', { hasText: '结算单' }).click();
      await page.waitForURL(/pages-admin\/statements\/index/);
      const line = page.locator('.statements__row', { hasText: businessDate });
      await line.waitFor();
      await shot(page, '12-statements');
      await line.getByRole('button', { name: '查看明细' }).click();
      await page.waitForURL(/pages-admin\/statement\/index\?statementId=/);
      const summary = page.locator('.statement');
      const part = (label: string) => summary.locator('.console-figure', { has: page.getByText(label, { exact: true }) });
      await part(principalPart('消费')).getByText(formatYuan(soldPrincipalFen), { exact: true }).waitFor();
      expect(await part(principalPart('消费')).innerText()).toContain('2 笔');
      expect(await part(principalPart('冲正')).innerText()).toContain('1 笔');
      await page.locator('.statement-lines tbody tr').nth(2).waitFor();
      expect(await page.locator('.statement-lines tbody tr').count()).toBe(3);
      await shot(page, '13-statement');

      const statements = (await t.http.get('/merchant/settlement/statements').set(bearer(ownerTokens)).expect(200)).body as { items: StatementView[] };
      const statement = statements.items.find((s) => s.businessDate === businessDate)!;
      const dashboard = (await t.http.get('/merchant/dashboard').set(bearer(ownerTokens)).expect(200)).body as { today: { redemptionFen: number; reversedFen: number; redemptionCount: number } };
      // the whole sales are the principal parts plus the bonus parts; the counts are the same sales
      expect(dashboard.today.redemptionFen).toBe(statement.redeemedPrincipalFen + sales.reduce((sum, s) => sum + s.bonusFen, 0));
      expect(dashboard.today.redemptionCount).toBe(statement.redemptionCount);
      expect(statement.reversedPrincipalFen).toBeLessThanOrEqual(dashboard.today.reversedFen);
      expect(statement.reversedPrincipalFen).toBeGreaterThan(0);
      expect(await summary.innerText()).toContain(formatYuan(statement.payoutFen));

      expect(pageErrors).toEqual([]);
      expect(failedRequests).toEqual([]);
      // the template carries its icon, so Chromium never asks for a /favicon.ico that is not there (that request
      // is the browser's own and never shows among the page's responses: the icon itself is what to check)
      expect(await page.locator('link[rel="icon"]').count()).toBe(1);
      const icon = await page.evaluate(async () => {
        const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href;
        const image = new Image();
        image.src = href;
        await image.decode();
        return { scheme: href.split(':')[0], width: image.naturalWidth };
      });
      expect(icon.scheme).toBe('data');
      expect(icon.width).toBeGreaterThan(0);
      await expectLedgerSound(t);
    } finally {
      await desk.close();
    }
  });
});
