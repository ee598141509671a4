import { resolve } from 'node:path';
import type { OpenCardView, RedemptionView, WebhookPayload } from '@jucard/shared';
import type { BrowserContext } from 'playwright-core';
import { actors, bearer, productInput } from '../../bff/test/factories/actors';
import { signedRequest, type PosKey } from '../../bff/test/factories/pos';
import { expectLedgerSound } from '../../bff/test/support/app-hooks';
import { eventually, Receiver } from '../../bff/test/support/webhook-receiver';
import { customerWithCard } from './support/bff';
import { launchChromium } from './support/browser';
import { useH5Spec } from './support/spec-pages';

jest.setTimeout(180_000);

const SHOTS = resolve(__dirname, '../../.data/screenshots/developer');

/**
 * 开发者设置 in Chromium against the whole BFF: the owner creates an API key and a webhook endpoint at a local
 * receiver (which verifies every delivery with the `standardwebhooks` package, using the secret the page showed
 * once); a sale through the signed API is pushed to it and shows in the page's delivery log; a replay from the page
 * arrives with the same webhook-id; after 停用 in the page, a signed call with the key is refused.
 */
describe('开发者设置: API keys, a webhook endpoint and its delivery log (H5 back office in Chromium)', () => {
  // the delivery job runs as in production (its interval is off in tests unless set)
  const session = useH5Spec({ shots: SHOTS, env: { WEBHOOK_DELIVERY_INTERVAL_MS: '200' } });
  const { app, shot, open, pageErrors, failedRequests } = session;
  let receiver: Receiver;
  /** A desk, not a phone: the back office is laid out for it. */
  let desk: BrowserContext | undefined;

  beforeAll(async () => {
    receiver = await Receiver.started();
  });

  afterAll(async () => {
    await desk?.close();
    await receiver?.stop();
  });

  it('should create a key and an endpoint, push a signed sale to the receiver, show it in the log, replay it, and refuse the key once stopped', async () => {
    const t = session.stack.t;
    const a = actors(t);
    // an approved merchant with a store and a product, whose owner signs in at the browser
    const { merchant, owner, username } = await a.registeredMerchant();
    await t.http.put('/merchant/kyc').set(bearer(owner)).send(await a.kyc(owner)).expect(200);
    await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(await a.operator())).send({ decision: 'APPROVE' }).expect(201);
    await t.http.post('/merchant/stores').set(bearer(owner)).send({ name: '静安店', address: '上海市静安区' }).expect(201);
    const product = (await t.http.post('/merchant/card-products').set(bearer(owner)).send(productInput()).expect(201)).body as { claimToken: string };
    const customer = await customerWithCard(t, product.claimToken, 50_000, 0);

    desk = await launchChromium({ viewport: { width: 1280, height: 900 } });
    await desk.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.stack.origin });
    const page = await open(desk, 20_000);

    await page.goto(app('/pages-merchant/login/index'));
    await page.locator('input[placeholder="员工账号"]').fill(username);
    await page.locator('input[placeholder="密码"]').fill('owner-password');
    await page.locator('.login-form__submit').click();
    await page.waitForURL(/pages-admin\/dashboard\/index/);
    await page.locator('.console__nav-item', { hasText: '开发者设置' }).click();
    await page.waitForURL(/pages-admin\/developer\/index/);
    const keys = page.getByRole('region', { name: '接口密钥' });
    const hooks = page.getByRole('region', { name: '回调地址' });
    await keys.getByText(/还没有接口密钥/).waitFor();
    await hooks.getByText(/还没有回调地址/).waitFor();
    await shot(page, '01-empty');

    // 1. an API key that may take payments and read cards at 静安店; its secret is shown once
    await keys.getByRole('button', { name: '新建密钥' }).click();
    const create = page.getByRole('dialog', { name: '新建接口密钥' });
    await create.getByLabel('名称').fill('收银系统');
    await create.getByLabel('收款：在收银系统里扫会员码消费').check();
    await create.getByLabel('查询会员卡：按卡号查卡状态和余额').check();
    await create.getByLabel('静安店（收款门店）').waitFor(); // the only store is picked for the owner
    await shot(page, '02-key-form');
    await create.getByRole('button', { name: '创建密钥' }).click();
    const keySecret = page.getByRole('dialog', { name: '密钥已创建' });
    await keySecret.getByText(/只显示这一次，关闭后无法再查看/).waitFor();
    const appKey = (await keySecret.locator('.developer-secret__row', { hasText: 'App Key' }).locator('dd').innerText()).trim();
    await keySecret.getByRole('button', { name: '复制App Secret' }).click();
    await keySecret.getByText('已复制到剪贴板').waitFor();
    const appSecret = await page.evaluate(() => navigator.clipboard.readText());
    expect(appSecret).toBe((await keySecret.getByLabel('App Secret').innerText()).trim());
    await shot(page, '03-key-secret-once');
    await keySecret.getByRole('button', { name: '我已保存' }).click();
    await expect(page.getByText(appSecret).count()).resolves.toBe(0);
    const key: PosKey = { appKey, appSecret };
    const keyRow = keys.locator('tr', { hasText: appKey });
    expect(await keyRow.innerText()).toContain('收款、查询会员卡');
    expect(await keyRow.innerText()).toContain('从未使用');

    // the key signs a read of the customer's card
    const read = await signedRequest(t, key, 'GET', `/open/v1/cards/${customer.card.cardNo}`).expect(200);
    expect((read.body as OpenCardView).balance.principalFen).toBe(50_000);

    // 2. a webhook endpoint at the receiver, for sales only; the receiver verifies with the secret the page showed
    await hooks.getByRole('button', { name: '添加回调地址' }).click();
    const endpointForm = page.getByRole('dialog', { name: '添加回调地址' });
    await endpointForm.getByLabel('接收地址').fill(receiver.url);
    await endpointForm.getByLabel('备注（选填）').fill('收银系统对账');
    await endpointForm.getByLabel('会员卡消费').check();
    await endpointForm.getByRole('button', { name: '添加' }).click();
    const hookSecret = page.getByRole('dialog', { name: '回调地址已添加' });
    receiver.secret = (await hookSecret.getByLabel('签名密钥').innerText()).trim();
    expect(receiver.secret).toMatch(/^whsec_/);
    await shot(page, '04-endpoint-secret-once');
    await hookSecret.getByRole('button', { name: '我已保存' }).click();

    // 3. a sale at the till through the signed API: one card.redeemed, verified by the receiver
    const code = await customer.code();
    const sale = (await signedRequest(t, key, 'POST', '/pos/redemptions', { code: code.numericCode, amountFen: 1_250, merchantOrderNo: 'POS-DEV-0001' }).expect(201)).body as RedemptionView;
    const delivered = await eventually('the sale at the receiver', () => receiver.verified.find((v) => v.payload.type === 'card.redeemed'));
    const data = (delivered.payload as WebhookPayload<'card.redeemed'>).data;
    expect(data).toMatchObject({ redemptionId: sale.redemptionId, merchantOrderNo: 'POS-DEV-0001', amountFen: 1_250, cardNo: customer.card.cardNo, operator: { type: 'pos', id: appKey } });
    expect(receiver.rejected).toEqual([]);

    // 4. the delivery log shows that attempt: succeeded, the receiver's 204, its duration and time
    await hooks.locator('tr', { hasText: receiver.url }).getByRole('button', { name: '推送记录' }).click();
    const log = page.getByRole('region', { name: `推送记录 · ${receiver.url}` });
    const first = log.locator('tbody tr', { hasText: delivered.id });
    await first.waitFor();
    const firstText = await first.innerText();
    expect(firstText).toContain('会员卡消费');
    expect(firstText).toContain('第 1 次');
    expect(firstText).toContain('成功');
    expect(firstText).toContain('204');
    expect(firstText).toMatch(/\d+ 毫秒/);
    await shot(page, '05-delivery-log');

    // 5. 重发 from the log: the same message (same webhook-id) arrives again, and the log has a second line for it
    await first.getByRole('button', { name: '重发' }).click();
    await log.getByText(/已安排重发消息/).waitFor();
    await eventually('the replayed message', () => receiver.countOf(delivered.id) === 2);
    await log.getByRole('button', { name: '刷新' }).click();
    await expect(eventually('two lines of the message', async () => (await log.locator('tbody tr', { hasText: delivered.id }).count()) === 2)).resolves.toBe(true);
    await shot(page, '06-replayed');

    // the key's last use shows after a reload
    await page.reload();
    await keys.locator('tr', { hasText: appKey }).waitFor();
    expect(await keys.locator('tr', { hasText: appKey }).innerText()).not.toContain('从未使用');

    // 6. 停用 the key, after the confirmation: a signed call with it is refused on its very next request
    await keys.locator('tr', { hasText: appKey }).getByRole('button', { name: '停用' }).click();
    await page.locator('.taro-modal__title', { hasText: '停用密钥「收银系统」？' }).waitFor();
    await shot(page, '07-revoke-confirm');
    await page.locator('.taro-modal__foot').getByText('确认停用', { exact: true }).click();
    await keys.getByText('已停用密钥「收银系统」').waitFor();
    expect(await keys.locator('tr', { hasText: appKey }).innerText()).toContain('已停用');
    await page.locator('.taro-modal__title').waitFor({ state: 'hidden' });
    const refused = await signedRequest(t, key, 'GET', `/open/v1/cards/${customer.card.cardNo}`).expect(401);
    expect(refused.body).toMatchObject({ code: 'API_KEY_REVOKED', messageZh: expect.any(String), requestId: expect.any(String) });
    await shot(page, '08-key-revoked');

    expect(pageErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await expectLedgerSound(t);
  });
});
