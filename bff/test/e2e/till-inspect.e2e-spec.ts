import type { MemberCodeInspection, MemberCodeStatus, StoreView, TokenPair } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { actors, bearer, unique } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe('the till inspects a scanned member code (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  /** A merchant with two stores and a cashier at the first; a consumer (with phone and name) holding ¥500 + ¥50. */
  async function till() {
    const m = await a.approvedMerchant();
    const other = (await t.http.post('/merchant/stores').set(bearer(m.owner)).send({ name: '二号店', address: '上海' }).expect(201)).body as StoreView;
    const cashier = await a.cashier(m.owner, [m.store.id]);
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 50_000, 5_000);
    const phone = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await t.app.get(DataSource).query('UPDATE consumers SET phone = ?, nickname = ? WHERE id = (SELECT consumer_id FROM cards WHERE id = ?)', [phone, '林小莲', card.id]);
    return { ...m, other, cashier, consumer, card, phone };
  }

  const inspect = (staff: TokenPair, body: Record<string, unknown>) => t.http.post('/merchant/member-codes/inspect').set(bearer(staff)).send(body);

  it('should show the member masked and the balance, and leave the code usable for the sale', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);

    const res = await inspect(s.cashier, { code: code.numericCode, storeId: s.store.id }).expect(200);

    const seen = res.body as MemberCodeInspection;
    expect(seen).toMatchObject({
      codeId: code.codeId,
      productName: s.product.name,
      holder: { nameMasked: '林**', phoneMasked: `138****${s.phone.slice(-4)}` },
      balance: { principalFen: 50_000, bonusFen: 5_000, totalFen: 55_000, points: 0 },
      expiresAt: code.expiresAt,
    });
    expect(seen.cardNoMasked).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/);
    const status = (await t.http.get(`/me/member-codes/${code.codeId}`).set(bearer(s.consumer)).expect(200)).body as MemberCodeStatus;
    expect(status.state).toBe('ACTIVE');
    await t.http.post('/merchant/redemptions').set(bearer(s.cashier)).send({ code: code.qrPayload, amountFen: 1_000, storeId: s.store.id, merchantOrderNo: unique('ORD') }).expect(201);
  });

  it('should refuse a made-up 18-digit code before any amount is typed', async () => {
    const s = await till();
    const res = await inspect(s.cashier, { code: '930000000000000000', storeId: s.store.id }).expect(422);
    expect(res.body).toMatchObject({ code: 'MEMBER_CODE_INVALID', messageZh: expect.any(String), requestId: expect.any(String) });
  });

  it('should refuse a code already used, as the sale would', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    await t.http.post('/merchant/redemptions').set(bearer(s.cashier)).send({ code: code.numericCode, amountFen: 1_000, storeId: s.store.id, merchantOrderNo: unique('ORD') }).expect(201);
    expect((await inspect(s.cashier, { code: code.numericCode, storeId: s.store.id }).expect(409)).body.code).toBe('MEMBER_CODE_USED');
  });

  it("should refuse another merchant's card and a store the cashier does not work at", async () => {
    const s = await till();
    const elsewhere = await a.approvedMerchant();
    const code = await memberCode(t, s.consumer, s.card.id);
    expect((await inspect(elsewhere.owner, { code: code.numericCode, storeId: elsewhere.store.id }).expect(409)).body.code).toBe('CARD_OF_ANOTHER_MERCHANT');
    expect((await inspect(s.cashier, { code: code.numericCode, storeId: s.other.id }).expect(403)).body.code).toBe('STORE_NOT_ALLOWED');
    expect((await inspect(s.cashier, { code: code.numericCode, storeId: elsewhere.store.id }).expect(404)).body.code).toBe('STORE_NOT_FOUND');
    // refusals left the code as it was
    await inspect(s.cashier, { code: code.numericCode, storeId: s.store.id }).expect(200);
  });

  it('should refuse a request without a store as a validation error', async () => {
    const s = await till();
    const res = await inspect(s.cashier, { code: '930000000000000000' }).expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
