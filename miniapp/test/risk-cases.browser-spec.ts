import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { AuditPage, CardProductView, CardReplacementView, RiskCaseList, TokenPair } from '@jucard/shared';
import type { BrowserContext } from 'playwright-core';
import { actors, bearer, productInput } from '../../bff/test/factories/actors';
import { claimCard, creditCard, memberCode } from '../../bff/test/factories/money';
import { phoneConsumer, randomPhone } from '../../bff/test/factories/phone-consumer';
import { startStack, type Stack } from './support/bff';
import { launchChromium } from './support/browser';
import { operatorAccount, signInToConsole } from './support/operator';
import { useSpecPages } from './support/spec-pages';

jest.setTimeout(120_000);

const ARTIFACTS = resolve(__dirname, '../../test-artifacts/browser');

/**
 * 风控 in the operator console (H5 in Chromium, against the whole BFF): a held sale and a held 补卡 in the case queue,
 * filtered, opened with the rule that fired and the operation, one rejected and one released, each after a
 * confirmation with a reason; the released 补卡 then goes through, and both decisions are in the audit trail.
 */
describe('the risk case queue (H5 in Chromium, against the whole BFF)', () => {
  let stack: Stack;
  let desk: BrowserContext;
  let ops: TokenPair;
  const { app: appUrl, shot, open, pageErrors } = useSpecPages({ origin: () => stack.origin, shots: ARTIFACTS, settle: false });

  beforeAll(async () => {
    stack = await startStack();
    ops = await actors(stack.t).operator();
    desk = await launchChromium({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await desk?.close();
    await stack?.close();
  });

  async function heldCard() {
    const t = stack.t;
    const m = await actors(t).approvedMerchant();
    const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind: 'NAMED' })).expect(201)).body as CardProductView;
    const consumer = await phoneConsumer(t, randomPhone());
    const card = await claimCard(t, consumer, product.claimToken);
    await creditCard(t, card.id, 50_000, 10_000);
    const rule = (kind: string, thresholdFen: number) =>
      t.http.post('/operator/risk/rules').set(bearer(ops)).send({ kind, scope: 'merchant', scopeId: m.merchant.id, parameters: { thresholdFen }, action: 'hold', reason: '大额操作须人工核实' }).expect(201);
    await rule('REDEMPTION_AMOUNT_SINGLE', 20_000);
    await rule('REPLACEMENT_BALANCE', 50_000);
    return { m, consumer, card };
  }

  it('should let an operator reject a held sale and release a held 补卡, each confirmed with a reason and audited', async () => {
    const t = stack.t;
    const sale = await heldCard();
    const code = await memberCode(t, sale.consumer, sale.card.id);
    const refused = await t.http.post('/merchant/redemptions').set(bearer(sale.m.owner)).send({ code: code.numericCode, amountFen: 25_000, storeId: sale.m.store.id, merchantOrderNo: `ORD-${randomUUID()}` });
    expect(refused.status).toBe(409);
    const lost = await heldCard();
    await t.http.post(`/me/cards/${lost.card.id}/loss`).set(bearer(lost.consumer)).expect(200);
    expect((await t.http.post(`/me/cards/${lost.card.id}/replacement`).set(bearer(lost.consumer)).expect(409)).body.code).toBe('RISK_HELD');

    const page = await open(desk);
    await signInToConsole(page, appUrl('/pages-ops/login/index'), await operatorAccount(t, '风控专员'));
    await page.locator('.console__nav-item', { hasText: '风控' }).click();
    await page.waitForURL(/pages-ops\/risk\/index/);

    // the held sale: its case, the rule that fired and the sale it stopped
    const saleRow = page.getByRole('row', { name: new RegExp(sale.card.cardNo) });
    await saleRow.getByText('待处理').waitFor();
    await saleRow.getByRole('button', { name: '查看' }).click();
    await page.getByText(/规则：单笔大额消费 · 暂停待审核（第 1 版）——大额操作须人工核实/).waitFor();
    // the case's own card (the metrics further down count the same held money)
    const saleCase = page.locator('section', { hasText: '规则：单笔大额消费' });
    await saleCase.getByRole('cell', { name: '¥250.00', exact: true }).waitFor();
    await saleCase.getByRole('cell', { name: '金额 ¥250.00 · 门槛 ¥200.00' }).waitFor();
    await shot(page, 'risk-01-held-sale');
    await page.getByRole('button', { name: '驳回', exact: true }).click();
    const reject = page.getByRole('dialog', { name: '驳回？' });
    await reject.getByText(/再次发起时会被拒绝/).waitFor();
    await reject.getByRole('button', { name: '驳回' }).click();
    await reject.getByText('请填写处理说明（至少 2 个字）').waitFor(); // nothing sent without a reason
    await reject.getByLabel('处理说明').fill('同一会员码短时大额消费，店员无法核实');
    await reject.getByRole('button', { name: '驳回' }).click();
    await reject.waitFor({ state: 'detached' });
    await page.getByText(/处理：驳回/).waitFor();

    // filters: the rejected case under 已驳回, the held 补卡 still under 待处理
    await page.getByLabel('状态').selectOption('REJECTED');
    await page.getByRole('row', { name: new RegExp(sale.card.cardNo) }).getByText('已驳回').waitFor();
    await page.getByLabel('状态').selectOption('OPEN');
    const lostRow = page.getByRole('row', { name: new RegExp(lost.card.cardNo) });
    await lostRow.getByRole('button', { name: '查看' }).click();
    await page.getByText(/规则：补卡转移大额余额 · 暂停待审核/).waitFor();
    await page.locator('section', { hasText: '规则：补卡转移大额余额' }).getByRole('cell', { name: '补卡', exact: true }).waitFor();
    await page.getByRole('button', { name: '放行', exact: true }).click();
    const release = page.getByRole('dialog', { name: '放行？' });
    await release.getByLabel('处理说明').fill('已视频核实持卡人身份');
    await shot(page, 'risk-02-release-reason');
    await release.getByRole('button', { name: '放行' }).click();
    await release.waitFor({ state: 'detached' });
    await page.getByText(/处理：放行/).waitFor();
    await page.close();

    // released: the 补卡 asked again goes through; rejected: nothing moved and the decisions are audited
    const replaced = (await t.http.post(`/me/cards/${lost.card.id}/replacement`).set(bearer(lost.consumer)).expect(200)).body as CardReplacementView;
    expect(replaced.moved.totalFen).toBe(60_000);
    const cases = ((await t.http.get('/operator/risk/cases').set(bearer(ops)).expect(200)).body as RiskCaseList).items;
    const decided = cases.filter((c) => c.cardId === sale.card.id || c.cardId === lost.card.id).map((c) => [c.cardId, c.status, c.notes.map((n) => n.note)]);
    expect(decided).toEqual(
      expect.arrayContaining([
        [sale.card.id, 'REJECTED', ['同一会员码短时大额消费，店员无法核实']],
        [lost.card.id, 'RELEASED', ['已视频核实持卡人身份']],
      ]),
    );
    for (const found of cases.filter((c) => c.cardId === sale.card.id || c.cardId === lost.card.id)) {
      const trail = (await t.http.get(`/operator/audit?targetType=risk_case&targetId=${found.id}`).set(bearer(ops)).expect(200)).body as AuditPage;
      expect(trail.items.map((e) => e.action)).toContain(found.status === 'REJECTED' ? 'risk.case_rejected' : 'risk.case_released');
    }
    expect(pageErrors).toEqual([]);
  });
});
