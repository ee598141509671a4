import type { CouponClaimPreview, CouponTemplateView, CouponView, TokenPair } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { actors, bearer, unique } from '../factories/actors';
import { couponTemplate, couponTemplateInput } from '../factories/marketing';
import { claimCard } from '../factories/money';
import { useTestApp } from '../support/app-hooks';

describe('coupon templates, issuing and claiming (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  const issue = (owner: TokenPair, template: CouponTemplateView, body: Record<string, unknown>) =>
    t.http.post(`/merchant/coupon-templates/${template.id}/issues`).set(bearer(owner)).send({ requestNo: unique('ISSUE'), ...body });
  const claim = (consumer: TokenPair, token: string) => t.http.post('/me/coupons/claims').set(bearer(consumer)).send({ token });

  /** An approved merchant and a member holding its card, with a phone on file. */
  async function member() {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await t.app.get(DataSource).query('UPDATE consumers SET phone = ? WHERE id = (SELECT consumer_id FROM cards WHERE id = ?)', [phone, card.id]);
    return { ...m, consumer, card, phone };
  }

  it('should create a 满减 template and list it with its quantity and a claim link', async () => {
    const m = await a.approvedMerchant();
    const created = await couponTemplate(t, m.owner, { totalQuantity: 50 });
    expect(created).toMatchObject({ kind: 'AMOUNT_OFF', amountOffFen: 1_000, thresholdFen: 10_000, validDays: 30, totalQuantity: 50, issuedCount: 0, status: 'ACTIVE' });
    expect(created.claimToken).toMatch(new RegExp(`^${created.id}\\.[\\w-]{43}$`));
    const listed = (await t.http.get('/merchant/coupon-templates').set(bearer(m.owner)).expect(200)).body as CouponTemplateView[];
    expect(listed.map((x) => x.id)).toEqual([created.id]);
  });

  it.each([
    ['a 满减 without its amount', { amountOffFen: null }, 'amountOffFen'],
    ['a 折扣 of 100%', { kind: 'PERCENT_OFF', amountOffFen: null, percentOff: 100 }, 'percentOff'],
    ['a limit above the quantity', { perConsumerLimit: 5, totalQuantity: 3 }, 'perConsumerLimit'],
    ['fixed dates that end before they start', { validDays: null, validFrom: '2030-02-01T00:00:00.000Z', validUntil: '2030-01-01T00:00:00.000Z' }, 'validUntil'],
    ['both fixed dates and days', { validFrom: '2030-01-01T00:00:00.000Z', validUntil: '2030-02-01T00:00:00.000Z' }, 'validDays'],
  ])('should refuse %s with a 422 naming the field, creating nothing', async (_, overrides, field) => {
    const m = await a.approvedMerchant();
    const res = await t.http.post('/merchant/coupon-templates').set(bearer(m.owner)).send(couponTemplateInput(overrides as object)).expect(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(Object.keys(res.body.errors)).toContain(field);
    expect(res.body.errorsZh[field]).toEqual([expect.any(String)]);
    expect((await t.http.get('/merchant/coupon-templates').set(bearer(m.owner)).expect(200)).body).toEqual([]);
  });

  it('should issue by phone and by card number, answer a repeated request with the first coupon, and stop at the per-consumer limit', async () => {
    const s = await member();
    const template = await couponTemplate(t, s.owner, { perConsumerLimit: 2 });
    const requestNo = unique('ISSUE');
    const first = (await issue(s.owner, template, { phone: s.phone, requestNo }).expect(201)).body as CouponView;
    expect((await issue(s.owner, template, { phone: s.phone, requestNo }).expect(201)).body).toEqual(first);
    await issue(s.owner, template, { cardNo: s.card.cardNo }).expect(201);
    expect((await issue(s.owner, template, { cardNo: s.card.cardNo }).expect(409)).body.code).toBe('COUPON_LIMIT_REACHED');

    const mine = (await t.http.get('/me/coupons').set(bearer(s.consumer)).expect(200)).body as CouponView[];
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ templateId: template.id, status: 'AVAILABLE', source: 'ISSUED', amountOffFen: 1_000, merchantName: '测试商户' });
    expect(new Date(mine[0]!.validUntil).getTime() - new Date(mine[0]!.validFrom).getTime()).toBe(30 * 86_400_000);
    expect(((await t.http.get(`/merchant/coupon-templates/${template.id}`).set(bearer(s.owner)).expect(200)).body as CouponTemplateView).issuedCount).toBe(2);
  });

  it('should refuse to issue to someone who is not a member of this merchant, and the same request number for another member', async () => {
    const s = await member();
    const other = await member();
    const template = await couponTemplate(t, s.owner);
    expect((await issue(s.owner, template, { phone: other.phone }).expect(404)).body.code).toBe('MEMBER_NOT_FOUND');
    expect((await issue(s.owner, template, { cardNo: other.card.cardNo }).expect(404)).body.code).toBe('MEMBER_NOT_FOUND');
    expect((await issue(s.owner, template, { phone: s.phone, cardNo: s.card.cardNo }).expect(422)).body.code).toBe('VALIDATION_FAILED');
    const requestNo = unique('ISSUE');
    await issue(s.owner, template, { phone: s.phone, requestNo }).expect(201);
    const reused = await issue(other.owner, template, { phone: other.phone, requestNo }).expect(404);
    expect(reused.body.code).toBe('COUPON_TEMPLATE_NOT_FOUND'); // another merchant's template reads as unknown
  });

  it('should let a consumer claim once from the signed link, refuse a forged link, and stop claims when the template stops', async () => {
    const m = await a.approvedMerchant();
    const template = await couponTemplate(t, m.owner, { kind: 'PERCENT_OFF', amountOffFen: null, percentOff: 20, capFen: 2_000, thresholdFen: 0 });
    const preview = (await t.http.get(`/coupon-claims/${template.claimToken}`).expect(200)).body as CouponClaimPreview;
    expect(preview).toMatchObject({ templateId: template.id, merchantName: '测试商户', percentOff: 20, capFen: 2_000, remaining: 100, status: 'ACTIVE' });

    const consumer = await a.consumer();
    const claimed = (await claim(consumer, template.claimToken).expect(201)).body as CouponView;
    expect(claimed).toMatchObject({ templateId: template.id, source: 'CLAIMED', status: 'AVAILABLE' });
    expect((await claim(consumer, template.claimToken).expect(409)).body.code).toBe('COUPON_ALREADY_CLAIMED');
    expect((await t.http.get(`/me/coupons/${claimed.id}`).set(bearer(consumer)).expect(200)).body).toEqual(claimed);
    expect((await t.http.get(`/me/coupons/${claimed.id}`).set(bearer(await a.consumer())).expect(404)).body.code).toBe('COUPON_NOT_FOUND');

    const other = await couponTemplate(t, m.owner);
    const forged = `${other.id}.${template.claimToken.split('.')[1]}`;
    expect((await claim(consumer, forged).expect(422)).body.code).toBe('COUPON_CLAIM_INVALID');
    expect((await t.http.get(`/coupon-claims/${forged}`).expect(422)).body.code).toBe('COUPON_CLAIM_INVALID');

    await t.http.post(`/merchant/coupon-templates/${template.id}/stop`).set(bearer(m.owner)).expect(200);
    expect((await claim(await a.consumer(), template.claimToken).expect(409)).body.code).toBe('COUPON_TEMPLATE_STOPPED');
  });

  it('should keep a cashier off the templates', async () => {
    const m = await a.approvedMerchant();
    const cashier = await a.cashier(m.owner, [m.store.id]);
    await t.http.post('/merchant/coupon-templates').set(bearer(cashier)).send(couponTemplateInput()).expect(403);
  });

  it('should grant exactly the quantity under a storm: 200 concurrent grants against 50', async () => {
    const s = await member();
    const template = await couponTemplate(t, s.owner, { perConsumerLimit: 50, totalQuantity: 50 });
    const consumers = await Promise.all(Array.from({ length: 100 }, () => a.consumer()));

    const answers = await Promise.all([
      ...Array.from({ length: 100 }, () => issue(s.owner, template, { phone: s.phone })),
      ...consumers.map((consumer) => claim(consumer, template.claimToken)),
    ]);

    const codes = answers.map((res) => (res.status === 201 ? 'GRANTED' : (res.body as { code: string }).code));
    expect(codes.filter((c) => c === 'GRANTED')).toHaveLength(50);
    expect(new Set(codes.filter((c) => c !== 'GRANTED'))).toEqual(new Set(['COUPON_SOLD_OUT']));
    const [row] = await t.app.get(DataSource).query<Array<{ n: unknown; issued: unknown }>>(
      'SELECT (SELECT COUNT(*) FROM coupons WHERE template_id = ?) AS n, (SELECT issued_count FROM coupon_templates WHERE id = ?) AS issued',
      [template.id, template.id],
    );
    expect([Number(row!.n), Number(row!.issued)]).toEqual([50, 50]);
    // 100 signed-in, real-name-verified consumers and 200 requests at once: over Jest's 5 s on a busy 2-core box
  }, 30_000);
});
