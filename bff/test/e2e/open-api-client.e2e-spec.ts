import { JuCardOpenApi, OpenApiError, signature } from '@jucard/open-api-client';
import type { ApiKeyCreated } from '@jucard/shared';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actors, bearer, unique } from '../factories/actors';
import { couponTemplate } from '../factories/marketing';
import { cardHolder, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

const ROOT = join(__dirname, '..', '..', '..');

describe('the typed open API client (@jucard/open-api-client) against the BFF', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  async function integrator(scopes: string[]) {
    const m = await a.approvedMerchant();
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 50_000);
    const key = (await t.http.post('/merchant/api-keys').set(bearer(m.owner)).send({ name: 'ERP', scopes, storeIds: [m.store.id] }).expect(201)).body as ApiKeyCreated;
    const client = new JuCardOpenApi({ baseUrl: await t.app.getUrl(), appKey: key.appKey, appSecret: key.appSecret });
    return { ...m, consumer, card, key, client };
  }

  it('should look a member up, redeem and reverse with signed requests', async () => {
    const s = await integrator(['read_cards', 'redeem']);

    const member = await s.client.member({ cardNo: s.card.cardNo });
    expect(member.cards).toEqual([expect.objectContaining({ cardNo: s.card.cardNo, balance: expect.objectContaining({ totalFen: 50_000 }) })]);
    expect((await s.client.card(s.card.cardNo)).status).toBe('ACTIVE');

    const code = await memberCode(t, s.consumer, s.card.id);
    const sale = { code: code.numericCode, amountFen: 3_000, merchantOrderNo: unique('ERP') };
    const receipt = await s.client.redeem(sale);
    expect(receipt).toMatchObject({ amountFen: 3_000, replayed: false, balanceAfter: { totalFen: 47_000 } });
    expect(await s.client.redeem(sale)).toMatchObject({ redemptionId: receipt.redemptionId, replayed: true });

    const reversal = await s.client.reverse(receipt.redemptionId, { amountFen: 1_000, reversalNo: unique('RV'), reason: '退菜' });
    expect(reversal).toMatchObject({ redemptionId: receipt.redemptionId, amountFen: 1_000, remainingFen: 2_000 });
    const events = await s.client.events(s.card.cardNo, { limit: 10 });
    expect(events.items.map((e) => e.kind).slice(0, 2)).toEqual(['REVERSAL', 'REDEMPTION']);
  });

  it('should create a top-up order once for one idempotency key', async () => {
    const s = await integrator(['topup_orders']);
    const body = { cardNo: s.card.cardNo, amountFen: 10_000, channel: 'ALIPAY' as const };
    const key = randomUUID();

    const order = await s.client.createTopUpOrder(body, key);
    expect(order).toMatchObject({ cardId: s.card.id, status: 'PAYING', amountFen: 10_000 });
    expect((await s.client.createTopUpOrder(body, key)).orderId).toBe(order.orderId);
    await expect(s.client.createTopUpOrder({ ...body, amountFen: 20_000 }, key)).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('should follow a counter top-up, quote and give the card back, issue and check a coupon', async () => {
    const s = await integrator(['topup_orders', 'refunds', 'coupons']);
    const order = await s.client.createTopUpOrder({ cardNo: s.card.cardNo, amountFen: 10_000, channel: 'ALIPAY' }, randomUUID());
    expect(await s.client.topUpOrder(order.orderId)).toMatchObject({ orderId: order.orderId, status: 'PAYING' });
    await expect(s.client.topUpOrder(randomUUID())).rejects.toMatchObject({ status: 404, code: 'TOPUP_NOT_FOUND' });

    const template = await couponTemplate(t, s.owner);
    const issueKey = randomUUID();
    const coupon = await s.client.issueCoupon(template.id, { cardNo: s.card.cardNo }, issueKey);
    expect((await s.client.issueCoupon(template.id, { cardNo: s.card.cardNo }, issueKey)).id).toBe(coupon.id);
    expect(await s.client.checkCoupon(coupon.id, { cardNo: s.card.cardNo, amountFen: 12_000 })).toMatchObject({ usable: true, discountFen: 1_000, payFen: 11_000 });

    // credited without a channel payment: nothing can go back "the original way"
    await expect(s.client.refundQuote(s.card.cardNo)).rejects.toMatchObject({ status: 409, code: 'REFUND_NOT_POSSIBLE' });
    await expect(s.client.refund(s.card.cardNo, {}, randomUUID())).rejects.toMatchObject({ status: 409, code: 'REFUND_NOT_POSSIBLE' });
    await expect(s.client.refundStatus(s.card.cardNo, randomUUID())).rejects.toMatchObject({ status: 404, code: 'REFUND_NOT_FOUND' });
  });

  it('should sign docs/open-api.md’s worked example to its signature', () => {
    const body = '{"code":"931234567890123456","amountFen":1000,"merchantOrderNo":"POS1-20261203-0001"}';
    expect(signature('s3cr3t-example-not-real-0123456789abcdef', 'POST', '/pos/redemptions', '1764748800', 'n0nce-0123456789ab', body)).toBe(
      'zehfu7XCfgC6qq3ABbCGBT8cv5jv8SBD9W4rwu9C06g=',
    );
  });

  it('should surface a refusal as an OpenApiError with the envelope', async () => {
    const s = await integrator(['read_cards']);
    const forged = new JuCardOpenApi({ baseUrl: await t.app.getUrl(), appKey: s.key.appKey, appSecret: `${s.key.appSecret}x` });
    const refused = await forged.card(s.card.cardNo).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenApiError);
    expect(refused).toMatchObject({ status: 401, code: 'POS_SIGNATURE_INVALID', envelope: { requestId: expect.any(String) } });
    await expect(s.client.redeem({ code: '931234567890123456', amountFen: 100, merchantOrderNo: unique('ERP') })).rejects.toMatchObject({ status: 403, code: 'API_KEY_SCOPE_MISSING' });
  });

  it('should have the types the spec gives today (npm run openapi:client rewrites them)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'open-api-client-'));
    try {
      writeFileSync(join(dir, 'spec.json'), JSON.stringify((await t.http.get('/docs-json').expect(200)).body));
      const committed = join(ROOT, 'clients', 'open-api', 'src', 'schema.d.ts');
      const out = process.env.OPENAPI_WRITE === '1' ? committed : join(dir, 'schema.d.ts');
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'openapi-client.mjs'), join(dir, 'spec.json'), out], { stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(committed, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
