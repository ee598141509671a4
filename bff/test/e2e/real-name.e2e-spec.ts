import { maskResidentIdNo, residentIdCheckChar, type CardProductView, type CardView, type RealNameView, type TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer, productInput } from '../factories/actors';
import { claimCard, paidTopUp, sandboxControl } from '../factories/money';
import { residentIdNo, verifyRealName } from '../factories/real-name';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

/** 实名 (docs/compliance.md §6) over HTTP, against the channel sandbox's identity-verification service. */
describe('real-name verification (e2e)', () => {
  // the sandbox's "timeout" numbers hang for 30 s: the BFF gives up after one
  const t = useTestApp({ IDENTITY_VERIFICATION_TIMEOUT_MS: '1000' });
  const a = actors(t);

  afterEach(async () => {
    await expectLedgerSound(t);
  });

  const topUp = (consumer: TokenPair, cardId: string, amountFen: number) =>
    t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen, channel: 'WECHATPAY', idempotencyKey: randomUUID() });
  const verify = (consumer: TokenPair, idNo: string, name = '张三') => t.http.post('/me/real-name').set(bearer(consumer)).send({ name, idNo });
  const status = async (consumer: TokenPair) => (await t.http.get('/me/real-name').set(bearer(consumer)).expect(200)).body as RealNameView;
  const count = async (sql: string, params: unknown[]) => Number((await t.app.get(DataSource).query(sql, params))[0].n);
  const rowsOf = (consumerId: string) => count('SELECT COUNT(*) AS n FROM real_name_verifications WHERE consumer_id = ?', [consumerId]);
  const consumerIdOf = (consumer: TokenPair) => (JSON.parse(Buffer.from(consumer.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

  async function unverifiedHolder(kind: 'NAMED' | 'ANONYMOUS' = 'NAMED') {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer({ realName: false });
    const product = kind === 'NAMED' ? m.product : ((await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind, tiers: [] })).expect(201)).body as CardProductView);
    return { m, consumer, consumerId: consumerIdOf(consumer), card: await claimCard(t, consumer, product.claimToken) };
  }

  it('should refuse a top-up to an unverified named card with its code and no order, and take it once verified', async () => {
    const { consumer, consumerId, card } = await unverifiedHolder();
    const refused = await topUp(consumer, card.id, 10_000).expect(409);
    expect(refused.body).toMatchObject({ code: 'REAL_NAME_REQUIRED', messageZh: expect.stringContaining('实名'), requestId: expect.any(String) });
    expect(await count('SELECT COUNT(*) AS n FROM topup_orders WHERE card_id = ?', [card.id])).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM risk_decisions WHERE card_id = ?', [card.id])).toBe(0);
    expect(await status(consumer)).toEqual({ verified: false, maskedName: null, maskedIdNo: null, verifiedAt: null });

    const idNo = residentIdNo();
    const verified = (await verify(consumer, idNo, '王小明').expect(200)).body as RealNameView;
    expect(verified).toMatchObject({ verified: true, maskedName: '王**', maskedIdNo: maskResidentIdNo(idNo) });
    expect(await rowsOf(consumerId)).toBe(1);

    await paidTopUp(t, consumer, card.id, 10_000);
    const view = (await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView;
    expect(view.balance.principalFen).toBe(10_000);
  });

  it('should refuse a number with a bad check digit with 422 before asking anyone, storing nothing', async () => {
    const { consumer, consumerId } = await unverifiedHolder();
    const good = residentIdNo();
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const refused = await verify(consumer, bad).expect(422);
    expect(refused.body).toMatchObject({ code: 'REAL_NAME_ID_INVALID', errors: { idNo: expect.any(Array) }, errorsZh: { idNo: [expect.stringContaining('身份证')] } });
    expect(await rowsOf(consumerId)).toBe(0);
    expect((await sandboxControl<{ calls: unknown[] }>(t, `identity/calls?idNo=${bad}`)).calls).toHaveLength(0);
  });

  it.each([
    ['a name that does not match the number', '998'],
    ['a number with no record', '997'],
  ])('should refuse %s with REAL_NAME_MISMATCH, and the card stays closed to top-ups', async (_case, sequence) => {
    const { consumer, consumerId, card } = await unverifiedHolder();
    expect((await verify(consumer, residentIdNo(sequence)).expect(422)).body).toMatchObject({ code: 'REAL_NAME_MISMATCH', messageZh: expect.stringContaining('不一致') });
    expect(await rowsOf(consumerId)).toBe(0);
    expect((await topUp(consumer, card.id, 10_000).expect(409)).body.code).toBe('REAL_NAME_REQUIRED');
  });

  it('should answer a timeout of the identity service with a retryable 503 and store nothing; a retry passes', async () => {
    const { consumer, consumerId } = await unverifiedHolder();
    const idNo = residentIdNo('999');
    const started = Date.now();
    const timedOut = await verify(consumer, idNo).expect(503);
    expect(timedOut.body).toMatchObject({ code: 'REAL_NAME_UNAVAILABLE', requestId: expect.any(String) });
    expect(Number(timedOut.headers['retry-after'])).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await rowsOf(consumerId)).toBe(0);

    // the service is back for this number: the same request now verifies
    await sandboxControl(t, 'identity', { idNo, outcome: 'consistent' });
    expect((await verify(consumer, idNo).expect(200)).body).toMatchObject({ verified: true });
  });

  it('should answer a failing identity service with a 503, never a 500', async () => {
    const { consumer, consumerId } = await unverifiedHolder();
    expect((await verify(consumer, residentIdNo('996')).expect(503)).body.code).toBe('REAL_NAME_UNAVAILABLE');
    expect(await rowsOf(consumerId)).toBe(0);
  });

  it('should require 实名 once a consumer’s anonymous purchases reach ¥10,000 in a day (aml.real-name.daily)', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer({ realName: false });
    const cards: CardView[] = [];
    for (let i = 0; i < 10; i++) {
      const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind: 'ANONYMOUS', name: `礼品卡${i}`, tiers: [] })).expect(201)).body as CardProductView;
      cards.push(await claimCard(t, consumer, product.claimToken));
    }
    // nine ¥1,000 cards bought: below the threshold, no real-name asked
    for (const card of cards.slice(0, 9)) await topUp(consumer, card.id, 100_000).expect(201);
    const tenth = cards[9]!;
    const refused = await topUp(consumer, tenth.id, 100_000).expect(409);
    expect(refused.body).toMatchObject({ code: 'REAL_NAME_REQUIRED_FOR_AMOUNT', message: expect.stringContaining('aml.real-name.daily') });
    expect(await count('SELECT COUNT(*) AS n FROM topup_orders WHERE card_id = ?', [tenth.id])).toBe(0);

    await verifyRealName(t, consumer);
    await topUp(consumer, tenth.id, 100_000).expect(201);
  });

  it('should apply a product’s own real-name threshold (a rule scoped to the product)', async () => {
    const { consumer, card } = await unverifiedHolder('ANONYMOUS');
    const ops = await a.operator();
    const rule = { kind: 'REAL_NAME_SINGLE', parameters: { thresholdFen: 50_000 }, action: 'review', scope: 'product', scopeId: card.productId, reason: '本产品单笔 ¥500 起需实名' };
    await t.http.post('/operator/risk/rules').set(bearer(ops)).send(rule).expect(201);
    await topUp(consumer, card.id, 49_900).expect(201);
    expect((await topUp(consumer, card.id, 50_000).expect(409)).body.code).toBe('REAL_NAME_REQUIRED_FOR_AMOUNT');
  });

  it('should keep the ID number sealed at rest and masked in every answer', async () => {
    const { consumer, consumerId, card } = await unverifiedHolder();
    const first17 = '11010519491231002';
    const idNo = first17 + residentIdCheckChar(first17)!;
    const answers = [(await verify(consumer, `${idNo.slice(0, 17)}x`, '欧阳娜娜').expect(200)).body, await status(consumer)];
    // the same identity again answers as before; another one is refused
    answers.push((await verify(consumer, idNo, '欧阳娜娜').expect(200)).body);
    expect((await verify(consumer, residentIdNo(), '欧阳娜娜').expect(409)).body.code).toBe('REAL_NAME_ALREADY_VERIFIED');
    answers.push((await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body);
    for (const body of answers) {
      const text = JSON.stringify(body);
      expect(text).not.toContain(idNo);
      expect(text).not.toContain('19491231');
      expect(text).not.toContain('欧阳娜娜');
    }
    expect(answers[1]).toMatchObject({ maskedIdNo: '1101**********002X', maskedName: '欧***' });

    const [row] = await t.app.get(DataSource).query<Array<Record<string, unknown>>>('SELECT * FROM real_name_verifications WHERE consumer_id = ?', [consumerId]);
    expect(String(row!.id_no_sealed)).toMatch(/^sbx1:/);
    expect(String(row!.name_sealed)).toMatch(/^sbx1:/);
    expect(JSON.stringify(row)).not.toContain(idNo);
    expect(JSON.stringify(row)).not.toContain('19491231');
    const retainYears = (new Date(String(row!.retain_until)).getTime() - new Date(String(row!.verified_at)).getTime()) / (365.25 * 86_400_000);
    expect(Math.round(retainYears)).toBe(5);
    const audit = await t.app.get(DataSource).query("SELECT detail FROM audit_log WHERE action = 'real_name.verified' AND target_id = ?", [consumerId]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(idNo);
  });
});
