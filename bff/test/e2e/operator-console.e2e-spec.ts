import type { AuditEntryView, AuditPage, OperatorCardView, TokenPair } from '@jucard/shared';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { phoneConsumer, randomPhone } from '../factories/phone-consumer';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe("the operator's console: audit trail in names, cards by phone (e2e)", () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  async function trail(ops: TokenPair, targetType: string, targetId: string): Promise<AuditEntryView[]> {
    const page = (await t.http.get(`/operator/audit?targetType=${targetType}&targetId=${targetId}`).set(bearer(ops)).expect(200)).body as AuditPage;
    return page.items;
  }

  const find = (entries: AuditEntryView[], action: string): AuditEntryView => {
    const entry = entries.find((e) => e.action === action);
    if (!entry) throw new Error(`no ${action} in ${entries.map((e) => e.action).join(', ')}`);
    return entry;
  };

  it("should name each entry's actor, target and store, and keep the raw ids and fields", async () => {
    const m = await a.approvedMerchant();
    const cashier = await a.cashier(m.owner, [m.store.id], '收银员小王');
    const phone = randomPhone();
    const consumer = await phoneConsumer(t, phone);
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 5_000);
    const code = await memberCode(t, consumer, card.id);
    await t.http.post('/merchant/redemptions').set(bearer(cashier)).send({ code: code.numericCode, amountFen: 1_200, storeId: m.store.id, merchantOrderNo: unique('ORD') }).expect(201);
    const ops = await a.operator();
    await t.http.post(`/operator/cards/${card.cardNo}/freeze`).set(bearer(ops)).send({ reason: '顾客来电挂失' }).expect(201);

    const onCard = await trail(ops, 'card', card.id);
    expect(onCard.map((e) => e.action)).toEqual(['card.frozen', 'card.redeemed', 'card.claimed']);
    expect(find(onCard, 'card.frozen')).toMatchObject({ actorType: 'operator', actorName: '运营', actorMerchant: null, targetId: card.id, targetLabel: card.cardNo });
    expect(find(onCard, 'card.redeemed')).toMatchObject({
      actorType: 'staff',
      actorName: '收银员小王',
      actorMerchant: '测试商户',
      targetLabel: card.cardNo,
      storeName: '一号店',
      detail: { amountFen: 1_200, storeId: m.store.id },
    });
    expect(find(onCard, 'card.claimed')).toMatchObject({ actorType: 'consumer', actorName: `${phone.slice(0, 3)}****${phone.slice(-4)}`, storeName: null });

    const onMerchant = await trail(ops, 'merchant', m.merchant.id);
    expect(find(onMerchant, 'merchant.approved')).toMatchObject({ actorName: '运营', targetLabel: '测试商户', detail: { feeRateBps: null } });
    expect(find(onMerchant, 'merchant.kyc_submitted')).toMatchObject({ actorType: 'staff', actorName: '测试商户', actorMerchant: '测试商户', targetLabel: '测试商户' });
    expect(find(await trail(ops, 'store', m.store.id), 'store.created')).toMatchObject({ targetLabel: '测试商户 · 一号店' });
    expect(find(await trail(ops, 'card_product', m.product.id), 'product.created')).toMatchObject({ targetLabel: m.product.name });
  });

  it("should list a consumer's cards by phone with the holder masked and the merchant, and [] for a phone nobody has", async () => {
    const mine = await a.approvedMerchant();
    const theirs = await a.approvedMerchant();
    const phone = randomPhone();
    const consumer = await phoneConsumer(t, phone);
    const first = await claimCard(t, consumer, mine.product.claimToken);
    const second = await claimCard(t, consumer, theirs.product.claimToken);
    await claimCard(t, await a.consumer(), mine.product.claimToken); // someone else's card, not listed
    const ops = await a.operator();

    const found = (await t.http.get(`/operator/cards?phone=${phone}`).set(bearer(ops)).expect(200)).body as OperatorCardView[];
    expect(found.map((c) => c.cardNo).sort()).toEqual([first.cardNo, second.cardNo].sort());
    for (const card of found) {
      expect(card.holder).toEqual({ nameMasked: null, phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
      expect(card.merchant.displayName).toBe('测试商户');
      expect(JSON.stringify(card)).not.toContain(phone);
    }
    expect(found.map((c) => c.merchant.id).sort()).toEqual([mine.merchant.id, theirs.merchant.id].sort());

    expect((await t.http.get(`/operator/cards?phone=${randomPhone()}`).set(bearer(ops)).expect(200)).body).toEqual([]);
  });

  it.each([
    ['a consumer', 'consumer'],
    ['a merchant owner', 'owner'],
  ] as const)('should refuse the phone search to %s with 403 and to nobody with 401', async (_label, who) => {
    const phone = randomPhone();
    const consumer = await phoneConsumer(t, phone);
    const m = await a.approvedMerchant();
    await claimCard(t, consumer, m.product.claimToken);
    const token = who === 'consumer' ? consumer : m.owner;
    const refused = await t.http.get(`/operator/cards?phone=${phone}`).set(bearer(token)).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', requestId: expect.any(String) });
    expect(JSON.stringify(refused.body)).not.toContain(phone.slice(-4));
    expect((await t.http.get(`/operator/cards?phone=${phone}`).expect(401)).body.code).toBeDefined();
  });

  it('should refuse a malformed phone with 422 naming the field, in Chinese too', async () => {
    const ops = await a.operator();
    const res = await t.http.get('/operator/cards?phone=12345').set(bearer(ops)).expect(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: '请求内容有误，请检查后重试', errors: { phone: expect.anything() }, errorsZh: { phone: ['请填写 11 位手机号'] } });
  });
});
