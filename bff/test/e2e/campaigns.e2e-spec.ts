import type { CampaignInput, CampaignOfferView, CampaignResultsView, CampaignView, CardView, CouponView, TokenPair, TopUpView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer } from '../factories/actors';
import { couponTemplate } from '../factories/marketing';
import { claimCard, sandboxControl } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { until } from '../support/until';
import { loadWechatpayKeys, paymentNotification } from '../../../scripts/bench/lib/wechatpay-notify.mjs';

const HOUR = 3_600_000;

/** 充300送30 + 100积分 for the next day, a budget of ¥1,000; override any field. */
const campaignInput = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
  name: '周末充值送',
  startsAt: new Date(Date.now() - HOUR).toISOString(),
  endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
  channelScope: 'ALL',
  storeIds: [],
  budgetFen: 100_000,
  quantity: null,
  tiers: [{ payFen: 30_000, bonusFen: 3_000, points: 100, couponTemplateIds: [] }],
  ...overrides,
});

describe('top-up campaigns (充值活动, e2e)', () => {
  const t = useTestApp({ PAYMENT_POLL_INTERVAL_MS: '0' }); // only the payments below credit a card
  const a = actors(t);
  const ds = () => t.app.get(DataSource);

  afterEach(() => expectLedgerSound(t));

  const create = (owner: TokenPair, input: CampaignInput) => t.http.post('/merchant/campaigns').set(bearer(owner)).send(input);
  const campaign = async (owner: TokenPair, overrides: Partial<CampaignInput> = {}) => (await create(owner, campaignInput(overrides)).expect(201)).body as CampaignView;
  const outTradeNoOf = (view: TopUpView) => new URL(view.cashierUrl!).pathname.split('/').pop()!;

  async function member(m: { product: { claimToken: string } }) {
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    return { consumer, card };
  }

  const order = async (consumer: TokenPair, cardId: string, amountFen: number) =>
    (await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen, channel: 'WECHATPAY', idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;

  async function pay(consumer: TokenPair, view: TopUpView): Promise<TopUpView> {
    await sandboxControl(t, `orders/wechatpay/${outTradeNoOf(view)}/pay`, {});
    return until(`top-up ${view.orderId} PAID`, async () => (await t.http.get(`/me/topups/${view.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView, (v) => v.status === 'PAID', { everyMs: 50 });
  }

  const cardOf = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;
  async function grantOf(orderId: string) {
    const [row] = await ds().query<Array<Record<string, unknown>>>('SELECT status, reason, version, bonus_fen, points FROM campaign_grants WHERE order_id = ?', [orderId]);
    return row && { status: row.status, reason: row.reason, version: Number(row.version), bonusFen: Number(row.bonus_fen), points: Number(row.points) };
  }

  it('should grant a tier\'s bonus, points and coupon with the top-up, and keep the product\'s tiers for other amounts', async () => {
    const m = await a.approvedMerchant();
    const template = await couponTemplate(t, m.owner, { name: '满100减10', totalQuantity: 10 });
    const created = await campaign(m.owner, { tiers: [{ payFen: 30_000, bonusFen: 3_000, points: 100, couponTemplateIds: [template.id] }] });
    expect(created).toMatchObject({ state: 'RUNNING', version: 1, spentFen: 0, grantedCount: 0, budgetFen: 100_000 });
    const { consumer, card } = await member(m);

    const offer = (await t.http.get(`/me/cards/${card.id}/campaign-offer`).set(bearer(consumer)).expect(200)).body as CampaignOfferView;
    expect(offer).toMatchObject({ campaignId: created.id, name: '周末充值送', tiers: [{ payFen: 30_000, bonusFen: 3_000, points: 100, coupons: [{ templateId: template.id, name: '满100减10' }] }] });

    const under = await order(consumer, card.id, 30_000);
    expect(under.bonusFen).toBe(3_000);
    await pay(consumer, under);
    // the product's tier (充500送50) where the campaign has none
    await pay(consumer, await order(consumer, card.id, 50_000));

    const view = await cardOf(consumer, card.id);
    expect(view.balance).toMatchObject({ principalFen: 80_000, bonusFen: 8_000, points: 100 });
    const coupons = (await t.http.get('/me/coupons').set(bearer(consumer)).expect(200)).body as CouponView[];
    expect(coupons).toMatchObject([{ templateId: template.id, status: 'AVAILABLE', source: 'ISSUED' }]);
    expect(await grantOf(under.orderId)).toEqual({ status: 'GRANTED', reason: null, version: 1, bonusFen: 3_000, points: 100 });
    const after = (await t.http.get(`/merchant/campaigns/${created.id}`).set(bearer(m.owner)).expect(200)).body as CampaignView;
    expect(after).toMatchObject({ spentFen: 3_000, grantedCount: 1 });
    const [orderRow] = await ds().query('SELECT campaign_id, campaign_version FROM topup_orders WHERE id = ?', [under.orderId]);
    expect({ campaignId: orderRow.campaign_id, version: Number(orderRow.campaign_version) }).toEqual({ campaignId: created.id, version: 1 });
  });

  it('should pay a top-up what its version offered even after the rewards change, and new top-ups the new version', async () => {
    const m = await a.approvedMerchant();
    const created = await campaign(m.owner);
    const { consumer, card } = await member(m);
    const before = await order(consumer, card.id, 30_000);

    const changed = (await t.http.put(`/merchant/campaigns/${created.id}/rewards`).set(bearer(m.owner)).send({ tiers: [{ payFen: 30_000, bonusFen: 6_000, points: 0, couponTemplateIds: [] }] }).expect(200)).body as CampaignView;
    expect(changed).toMatchObject({ version: 2, tiers: [{ payFen: 30_000, bonusFen: 6_000, points: 0 }] });
    const afterChange = await order(consumer, card.id, 30_000);
    expect(afterChange.bonusFen).toBe(6_000);
    await pay(consumer, afterChange);
    await pay(consumer, before);

    expect((await cardOf(consumer, card.id)).balance).toMatchObject({ principalFen: 60_000, bonusFen: 9_000, points: 100 });
    expect(await grantOf(before.orderId)).toMatchObject({ version: 1, bonusFen: 3_000 });
    expect(await grantOf(afterChange.orderId)).toMatchObject({ version: 2, bonusFen: 6_000 });
  });

  it('should stop offering while paused and offer again once resumed; a scheduled campaign offers nothing yet', async () => {
    const m = await a.approvedMerchant();
    const created = await campaign(m.owner);
    const { consumer, card } = await member(m);
    expect(((await t.http.post(`/merchant/campaigns/${created.id}/pause`).set(bearer(m.owner)).expect(200)).body as CampaignView).state).toBe('PAUSED');
    expect((await t.http.post(`/merchant/campaigns/${created.id}/pause`).set(bearer(m.owner)).expect(409)).body.code).toBe('CAMPAIGN_NOT_RUNNING');
    expect((await order(consumer, card.id, 30_000)).bonusFen).toBe(0); // a custom amount of the product
    expect((await t.http.get(`/me/cards/${card.id}/campaign-offer`).set(bearer(consumer)).expect(200)).body).toBeNull();
    expect(((await t.http.post(`/merchant/campaigns/${created.id}/resume`).set(bearer(m.owner)).expect(200)).body as CampaignView).state).toBe('RUNNING');
    expect((await order(consumer, card.id, 30_000)).bonusFen).toBe(3_000);

    const later = await campaign(m.owner, { startsAt: new Date(Date.now() + 2 * HOUR).toISOString(), tiers: [{ payFen: 20_000, bonusFen: 2_000, points: 0, couponTemplateIds: [] }] });
    expect(later.state).toBe('SCHEDULED');
    expect((await order(consumer, card.id, 20_000)).bonusFen).toBe(0);
  });

  it('should claw back a refunded top-up\'s campaign bonus, points and unused coupon in the cooling-off refund', async () => {
    const m = await a.approvedMerchant();
    const template = await couponTemplate(t, m.owner, { name: '满100减10', totalQuantity: 10 });
    const created = await campaign(m.owner, { tiers: [{ payFen: 30_000, bonusFen: 3_000, points: 100, couponTemplateIds: [template.id] }] });
    const { consumer, card } = await member(m);
    const paid = await pay(consumer, await order(consumer, card.id, 30_000));
    expect((await cardOf(consumer, card.id)).balance).toMatchObject({ principalFen: 30_000, bonusFen: 3_000, points: 100 });

    const refund = await t.http.post(`/me/cards/${card.id}/cooling-off-refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID(), quotedRefundFen: 30_000 }).expect(201);
    expect(refund.body).toMatchObject({ principalFen: 30_000, bonusForfeitedFen: 3_000 });
    expect((await cardOf(consumer, card.id)).balance).toMatchObject({ principalFen: 0, bonusFen: 0, points: 0 });
    const coupons = (await t.http.get('/me/coupons').set(bearer(consumer)).expect(200)).body as CouponView[];
    expect(coupons.map((c) => c.status)).toEqual(['EXPIRED']);
    expect((await grantOf(paid.orderId))!.status).toBe('CLAWED_BACK');
    const results = (await t.http.get(`/merchant/campaigns/${created.id}/results`).set(bearer(m.owner)).expect(200)).body as CampaignResultsView;
    expect(results.totals).toMatchObject({ grants: 1, clawedBack: 1, costFen: 0, points: 0, coupons: 0, topUpFen: 30_000 });
  });

  it.each([
    ['an end before the start', { endsAt: new Date(Date.now() - 2 * HOUR).toISOString() }, 'endsAt'],
    ['neither a budget nor a quantity', { budgetFen: null, quantity: null }, 'budgetFen'],
    ['a tier with no reward', { tiers: [{ payFen: 30_000, bonusFen: 0, points: 0, couponTemplateIds: [] }] }, 'tiers'],
    ['two tiers of one amount', { tiers: [{ payFen: 30_000, bonusFen: 100, points: 0, couponTemplateIds: [] }, { payFen: 30_000, bonusFen: 200, points: 0, couponTemplateIds: [] }] }, 'tiers'],
    ['a negative bonus', { tiers: [{ payFen: 30_000, bonusFen: -1, points: 0, couponTemplateIds: [] }] }, 'tiers'],
  ])('should refuse %s with 422 naming the field, creating nothing', async (_name, overrides, field) => {
    const m = await a.approvedMerchant();
    const res = await create(m.owner, campaignInput(overrides as Partial<CampaignInput>)).expect(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(Object.keys(res.body.errors as object).join(' ')).toContain(field);
    expect(res.body.messageZh).toEqual(expect.any(String));
    expect((await t.http.get('/merchant/campaigns').set(bearer(m.owner)).expect(200)).body).toEqual([]);
  });

  it('should answer another merchant\'s campaign and coupon as not found', async () => {
    const m = await a.approvedMerchant();
    const other = await a.approvedMerchant();
    const theirs = await couponTemplate(t, other.owner);
    const mine = await campaign(m.owner);
    expect((await t.http.get(`/merchant/campaigns/${mine.id}`).set(bearer(other.owner)).expect(404)).body.code).toBe('CAMPAIGN_NOT_FOUND');
    expect((await t.http.post(`/merchant/campaigns/${mine.id}/pause`).set(bearer(other.owner)).expect(404)).body.code).toBe('CAMPAIGN_NOT_FOUND');
    const res = await create(m.owner, campaignInput({ tiers: [{ payFen: 30_000, bonusFen: 0, points: 0, couponTemplateIds: [theirs.id] }] })).expect(404);
    expect(res.body.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
  });

  it('should grant exactly a budget of 100 grants to a storm of 500 concurrent paid notifications, crediting every principal', async () => {
    const m = await a.approvedMerchant();
    // ¥10 送 ¥1: a budget of ¥100 is exactly 100 grants
    const created = await campaign(m.owner, { budgetFen: 10_000, tiers: [{ payFen: 1_000, bonusFen: 100, points: 5, couponTemplateIds: [] }] });
    const holders = await Promise.all(Array.from({ length: 10 }, () => member(m)));
    const opened: Array<{ consumer: TokenPair; card: CardView; view: TopUpView }> = [];
    for (let round = 0; round < 50; round++) {
      opened.push(...(await Promise.all(holders.map(async (h) => ({ ...h, view: await order(h.consumer, h.card.id, 1_000) })))));
    }
    expect(opened.every((o) => o.view.bonusFen === 100)).toBe(true);

    const keys = loadWechatpayKeys(process.env.SANDBOX_DATA_DIR!);
    const notifications = opened.map(({ view }) => paymentNotification(keys, { outTradeNo: outTradeNoOf(view), amountFen: 1_000 }));
    const answers = await Promise.all(notifications.map((n) => t.http.post('/payments/notify/wechatpay').set(n.headers).send(n.body)));
    expect(answers.filter((r) => r.status !== 204).map((r) => r.status)).toEqual([]);

    const ids = opened.map((o) => o.view.orderId);
    const paid: Array<{ n: unknown }> = await ds().query(`SELECT COUNT(*) AS n FROM topup_orders WHERE status = 'PAID' AND id IN (${ids.map(() => '?').join(', ')})`, ids);
    expect(Number(paid[0]!.n)).toBe(500);
    const grants: Array<{ status: string; reason: string | null; n: unknown }> = await ds().query('SELECT status, reason, COUNT(*) AS n FROM campaign_grants WHERE campaign_id = ? GROUP BY status, reason ORDER BY status', [created.id]);
    expect(grants.map((g) => ({ ...g, n: Number(g.n) }))).toEqual([
      { status: 'GRANTED', reason: null, n: 100 },
      { status: 'REFUSED', reason: 'BUDGET_EXHAUSTED', n: 400 },
    ]);
    const after = (await t.http.get(`/merchant/campaigns/${created.id}`).set(bearer(m.owner)).expect(200)).body as CampaignView;
    expect(after).toMatchObject({ spentFen: 10_000, grantedCount: 100, state: 'EXHAUSTED' });

    // every principal credited; the bonus and points exactly the 100 grants, wherever they landed
    const balances = await Promise.all(holders.map((h) => cardOf(h.consumer, h.card.id)));
    expect(balances.reduce((sum, v) => sum + v.balance.principalFen, 0)).toBe(500_000);
    expect(balances.reduce((sum, v) => sum + v.balance.bonusFen, 0)).toBe(10_000);
    expect(balances.reduce((sum, v) => sum + v.balance.points, 0)).toBe(500);
    const bonusOnOrders: Array<{ s: unknown }> = await ds().query(`SELECT SUM(bonus_fen) AS s FROM topup_orders WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    expect(Number(bonusOnOrders[0]!.s)).toBe(10_000);

    const results = (await t.http.get(`/merchant/campaigns/${created.id}/results`).set(bearer(m.owner)).expect(200)).body as CampaignResultsView;
    expect(results.totals).toEqual({ grants: 100, refused: 400, clawedBack: 0, costFen: 10_000, points: 500, coupons: 0, topUpFen: 100_000 });
    const csv = await t.http.get(`/merchant/campaigns/${created.id}/results.csv`).set(bearer(m.owner)).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('合计,100,400,0,100.00,500,0,1000.00');
  }, 180_000);
});
