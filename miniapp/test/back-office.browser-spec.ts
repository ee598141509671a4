import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatYuan, parseYuan, type MerchantView, type OperatorCardView, type RedemptionView, type StoreView, type TokenPair } from '@jucard/shared';
import type { BrowserContext } from 'playwright-core';
import { actors, bearer, productInput, unique } from '../../bff/test/factories/actors';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { customerWithCard, startStack, type Stack, type Staffer } from './support/bff';
import { launchChromium } from './support/browser';
import { operatorAccount, signInToConsole } from './support/operator';
import { useSpecPages } from './support/spec-pages';

jest.setTimeout(120_000);

const ARTIFACTS = resolve(__dirname, '../../test-artifacts/browser');
/** The dashboard draws redemptions in this colour (features/merchant-admin/dashboard/chart-data.ts). */
const REDEMPTION_RGB = [15, 123, 108] as const;

/** A merchant as an owner signs it up: registered, KYC sent, and (unless left pending) approved, with a store and a product. */
async function signedUpMerchant(stack: Stack, displayName: string, approveWith: TokenPair | null) {
  const owner: Staffer = { username: unique('owner'), password: 'owner-password' };
  const registered = (await stack.t.http.post('/merchants/register').send({ ...owner, displayName }).expect(201)).body as MerchantView;
  const ownerTokens = await actors(stack.t).staffLogin(owner.username, owner.password);
  await stack.t.http.put('/merchant/kyc').set(bearer(ownerTokens)).send(await actors(stack.t).kyc(ownerTokens, { companyName: `${displayName}有限公司` })).expect(200);
  if (!approveWith) return { merchant: registered, owner, ownerTokens, store: null, product: null };
  await stack.t.http.post(`/operator/merchants/${registered.id}/review`).set(bearer(approveWith)).send({ decision: 'APPROVE', feeRateBps: 60 }).expect(201);
  const store = (await stack.t.http.post('/merchant/stores').set(bearer(ownerTokens)).send({ name: '静安店', address: '上海市静安区' }).expect(201)).body as StoreView;
  const product = (await stack.t.http.post('/merchant/card-products').set(bearer(ownerTokens)).send(productInput({ name: '储值卡' })).expect(201)).body;
  return { merchant: registered, owner, ownerTokens, store, product: product as { claimToken: string } };
}

/** RFC 4180 rows (quoted fields, doubled quotes), as csv-stringify writes them; the BOM is dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('the back office and the operator console (H5 in Chromium, against the whole BFF)', () => {
  let stack: Stack;
  let desk: BrowserContext;
  const pages = useSpecPages({ origin: () => stack.origin, shots: ARTIFACTS, settle: false });
  const { app: appUrl, shot, pageErrors } = pages;
  let opsTokens: TokenPair;
  let shop: Awaited<ReturnType<typeof signedUpMerchant>>;
  let pending: Awaited<ReturnType<typeof signedUpMerchant>>;
  let customer: Awaited<ReturnType<typeof customerWithCard>>;
  const redeemedFen: number[] = [];
  const openPage = () => pages.open(desk);

  beforeAll(async () => {
    stack = await startStack();
    opsTokens = await actors(stack.t).operator();
    const suffix = unique('').slice(1, 6);
    shop = await signedUpMerchant(stack, `莲花健身${suffix}`, opsTokens);
    pending = await signedUpMerchant(stack, `青禾烘焙${suffix}`, null);
    customer = await customerWithCard(stack.t, shop.product!.claimToken, 50_000, 5_000);
    // the day's sales at the till, made through the API as the owner would at the counter
    for (const amountFen of [3_650, 12_000]) {
      const code = await customer.code();
      const sale = await stack.t.http
        .post('/merchant/redemptions')
        .set(bearer(shop.ownerTokens))
        .send({ code: code.numericCode, amountFen, storeId: shop.store!.id, merchantOrderNo: unique('API') })
        .expect(201);
      redeemedFen.push((sale.body as RedemptionView).amountFen);
    }
    // a desk, not a phone: the back office is laid out for it (and still works at 390 px)
    desk = await launchChromium({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await desk?.close();
    await stack?.close();
  });

  afterEach(async () => {
    expect(pageErrors).toEqual([]);
    await expectLedgerSound(stack.t);
  });

  it('should take the owner to the dashboard with a drawn chart, then export the redemptions report as a CSV that adds up', async () => {
    const totalFen = redeemedFen.reduce((sum, fen) => sum + fen, 0);
    const page = await openPage();
    await page.goto(appUrl('/pages-merchant/login/index'));
    await page.waitForLoadState('networkidle');
    await page.locator('input[placeholder="员工账号"]').fill(shop.owner.username);
    await page.locator('input[placeholder="密码"]').fill(shop.owner.password);
    await page.locator('.login-form__submit').click();

    // owners start in the back office, not at the till
    await page.waitForURL(/pages-admin\/dashboard\/index/, { timeout: 20_000 });
    const today = page.locator('.dashboard__today');
    await today.getByText(formatYuan(totalFen), { exact: true }).first().waitFor();
    await today.getByText('2 笔', { exact: true }).waitFor();
    const money = page.locator('.dashboard__chart--money canvas');
    expect(await money.getAttribute('aria-label')).toContain(`消费合计${formatYuan(totalFen)}`);
    // bars in the redemption colour in the upper part of the plot: the legend's swatch sits at the bottom, so
    // these pixels exist only when the series has a value
    const barPixels = await money.evaluate((canvas, rgb) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, Math.floor(c.height * 0.5)).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - rgb[0]) < 8 && Math.abs(data[i + 1]! - rgb[1]) < 8 && Math.abs(data[i + 2]! - rgb[2]) < 8 && data[i + 3]! > 200) count++;
      }
      return count;
    }, REDEMPTION_RGB);
    expect(barPixels).toBeGreaterThan(50);
    await page.locator('.dashboard__liability').getByText(formatYuan(55_000 - totalFen), { exact: true }).waitFor();
    await shot(page, 'back-office-01-dashboard');
    await page.locator('.dashboard__month').screenshot({ path: resolve(ARTIFACTS, 'back-office-02-dashboard-charts.png') });

    await page.locator('.console__nav-item', { hasText: '报表' }).click();
    await page.waitForURL(/pages-admin\/reports\/index/);
    const results = page.locator('.reports__results');
    await results.locator('.reports__totals').getByText(formatYuan(totalFen), { exact: true }).first().waitFor();
    expect(await results.locator('.reports__row').count()).toBe(redeemedFen.length);
    await shot(page, 'back-office-03-reports');

    const [download] = await Promise.all([page.waitForEvent('download'), results.getByRole('button', { name: '导出CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^消费明细_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const [header, ...rest] = parseCsv(csv).filter((row) => row.some((cell) => cell !== ''));
    const amountColumn = header!.indexOf('消费金额(元)');
    expect(amountColumn).toBeGreaterThanOrEqual(0);
    const lines = rest.filter((row) => row[0] !== '合计');
    const totalRow = rest.find((row) => row[0] === '合计');
    expect(lines).toHaveLength(redeemedFen.length);
    expect(lines.reduce((sum, row) => sum + parseYuan(row[amountColumn]!)!, 0)).toBe(totalFen);
    expect(parseYuan(totalRow![amountColumn]!)).toBe(totalFen);
    await results.getByText(`已导出 ${download.suggestedFilename()}`).waitFor();
    await shot(page, 'back-office-04-exported');

    // the till is one click away, and back
    await page.getByRole('button', { name: '收银台' }).click();
    await page.locator('.store-picker').waitFor();
    await page.locator('.staff-bar__back-office').click();
    await page.waitForURL(/pages-admin\/dashboard\/index/);
    await page.close();
  });

  it('should let an operator approve a pending merchant, reconcile today, and freeze a card with a reason that shows in the audit trail', async () => {
    const operator = await operatorAccount(stack.t);
    const page = await openPage();
    await signInToConsole(page, appUrl('/pages-ops/login/index'), operator);

    // 商户审核: the pending merchant, approved with a fee rate
    const application = page.getByRole('article', { name: pending.merchant.displayName });
    await application.getByText(`${pending.merchant.displayName}有限公司`).waitFor();
    await shot(page, 'back-office-05-ops-review-queue');
    await application.getByLabel('平台手续费率（%）').fill('0.80');
    await application.getByRole('button', { name: '通过' }).click();
    await page.getByRole('dialog', { name: `通过「${pending.merchant.displayName}」的审核？` }).getByRole('button', { name: '确认通过' }).click();
    await page.getByText(`已通过「${pending.merchant.displayName}」，手续费率 0.80%`).waitFor();
    await application.waitFor({ state: 'detached' });
    const approved = (await stack.t.http.get('/operator/merchants?status=APPROVED').set(bearer(opsTokens)).expect(200)).body as MerchantView[];
    expect(approved.find((m) => m.id === pending.merchant.id)).toMatchObject({ status: 'APPROVED', feeRateBps: 80 });

    // 日终: today's reconciliation, one run per channel
    await page.locator('.console__nav-item', { hasText: '日终' }).click();
    await page.waitForURL(/pages-ops\/day-close\/index/);
    const recon = page.locator('.day-close__recon');
    await recon.getByRole('button', { name: '运行对账' }).click();
    await recon.locator('.day-close__run').nth(2).waitFor({ timeout: 30_000 });
    for (const channel of ['微信支付', '支付宝', '云闪付']) await recon.locator('.day-close__run', { hasText: channel }).getByText('已完成').waitFor();
    await recon.getByRole('button', { name: '重新对账' }).waitFor();
    await page.locator('.day-close__custody').getByText('备付金账户').waitFor();
    await shot(page, 'back-office-06-ops-day-close');

    // 冻结: the customer's card, with a reason, then the audit trail
    await page.locator('.console__nav-item', { hasText: '冻结' }).click();
    await page.waitForURL(/pages-ops\/freeze\/index/);
    const cardBox = page.locator('.freeze__card');
    await cardBox.getByLabel('卡号').fill(customer.card.cardNo);
    await cardBox.getByRole('button', { name: '查找' }).click();
    await cardBox.locator('.freeze__card-no', { hasText: customer.card.cardNo }).waitFor();
    await cardBox.getByText('正常', { exact: true }).waitFor();
    await cardBox.getByRole('button', { name: '冻结此卡' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('冻结原因').fill('顾客来电挂失，核实身份后冻结');
    await shot(page, 'back-office-07-ops-freeze-reason');
    await dialog.getByRole('button', { name: '确认冻结' }).click();
    await dialog.waitFor({ state: 'detached' });
    await cardBox.getByText(`已冻结会员卡 ${customer.card.cardNo}`).waitFor();
    await cardBox.getByText('已冻结', { exact: true }).waitFor();

    const trail = page.getByRole('region', { name: `会员卡 ${customer.card.cardNo} 的操作记录` });
    const entry = trail.locator('.freeze__audit-row', { hasText: '冻结会员卡' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('原因：顾客来电挂失，核实身份后冻结');
    expect(await entry.textContent()).toContain('平台运营');
    await shot(page, 'back-office-08-ops-audit-trail');

    const card = (await stack.t.http.get(`/operator/cards/${customer.card.cardNo}`).set(bearer(opsTokens)).expect(200)).body as OperatorCardView;
    expect(card.status).toBe('FROZEN');
    await page.close();
  });
});
