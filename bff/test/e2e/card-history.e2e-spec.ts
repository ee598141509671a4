import type { CardEvent, CardReceipt, Page, RedemptionView, TokenPair } from '@jucard/shared';
import { actors, bearer, unique } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

describe('a card history by business event (e2e)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  afterEach(() => expectLedgerSound(t));

  /** A card topped up ¥500 + ¥50 bonus, a ¥110 sale at 一号店 by 收银员, and ¥20 of it reversed. */
  async function dayOfUse() {
    const m = await a.approvedMerchant();
    const cashier = await a.cashier(m.owner, [m.store.id], '收银员小王');
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 50_000, 5_000);
    const code = await memberCode(t, consumer, card.id);
    const merchantOrderNo = unique('ORD');
    const sale = (await t.http.post('/merchant/redemptions').set(bearer(cashier)).send({ code: code.numericCode, amountFen: 11_000, storeId: m.store.id, merchantOrderNo }).expect(201)).body as RedemptionView;
    await t.http.post(`/merchant/redemptions/${sale.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 2_000, reversalNo: unique('RV'), reason: '顾客退货' }).expect(201);
    return { consumer, card, merchantOrderNo, sale };
  }

  const events = async (consumer: TokenPair, cardId: string, query = '') =>
    (await t.http.get(`/me/cards/${cardId}/events${query}`).set(bearer(consumer)).expect(200)).body as Page<CardEvent>;

  it('should show one line per purchase with its store, split and the balance it left', async () => {
    const s = await dayOfUse();
    const page = await events(s.consumer, s.card.id);
    expect(page.items.map((e) => e.kind)).toEqual(['REVERSAL', 'REDEMPTION', 'TOPUP']);
    const [reversal, sale, topUp] = page.items as [CardEvent, CardEvent, CardEvent];
    expect(sale).toMatchObject({
      id: `redeem:${s.sale.redemptionId}`,
      amountFen: -11_000,
      principalFen: -10_000,
      bonusFen: -1_000,
      points: 110,
      storeName: '一号店',
      orderNo: s.merchantOrderNo,
      balanceAfter: { principalFen: 40_000, bonusFen: 4_000, totalFen: 44_000, points: 110 },
    });
    expect(topUp).toMatchObject({ amountFen: 55_000, principalFen: 50_000, bonusFen: 5_000, balanceAfter: { totalFen: 55_000, points: 0 } });
    expect(reversal).toMatchObject({ amountFen: 2_000, storeName: '一号店', orderNo: s.merchantOrderNo, balanceAfter: { totalFen: 46_000 } });
    expect(page.nextCursor).toBeNull();
  });

  it('should page event by event with the same balances as one page', async () => {
    const s = await dayOfUse();
    const whole = await events(s.consumer, s.card.id);
    const walked: CardEvent[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<CardEvent> = await events(s.consumer, s.card.id, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && walked.length < 10);
    expect(walked).toEqual(whole.items);
  });

  it('should open the receipt of a sale with the cashier, the store and what the card paid', async () => {
    const s = await dayOfUse();
    const id = encodeURIComponent(`redeem:${s.sale.redemptionId}`);
    const receipt = (await t.http.get(`/me/cards/${s.card.id}/events/${id}`).set(bearer(s.consumer)).expect(200)).body as CardReceipt;
    expect(receipt).toMatchObject({
      kind: 'REDEMPTION',
      orderNo: s.merchantOrderNo,
      storeName: '一号店',
      cashierName: '收银员小王',
      principalFen: -10_000,
      bonusFen: -1_000,
      coupon: null,
      channel: null,
      balanceAfter: { totalFen: 44_000 },
    });
    expect(receipt.cardNoMasked).toMatch(/\*/);
  });

  it('should report another consumer’s card and another card’s event as missing, and a malformed id as invalid', async () => {
    const s = await dayOfUse();
    const stranger = await a.consumer();
    const strangerRes = await t.http.get(`/me/cards/${s.card.id}/events`).set(bearer(stranger)).expect(404);
    expect(strangerRes.body).toMatchObject({ code: 'CARD_NOT_FOUND', requestId: expect.any(String) });

    const other = await dayOfUse();
    const foreign = await t.http.get(`/me/cards/${s.card.id}/events/${encodeURIComponent(`redeem:${other.sale.redemptionId}`)}`).set(bearer(s.consumer)).expect(404);
    expect(foreign.body).toMatchObject({ code: 'CARD_EVENT_NOT_FOUND', messageZh: '没有找到这笔记录' });

    const malformed = await t.http.get(`/me/cards/${s.card.id}/events/${encodeURIComponent('<script>')}`).set(bearer(s.consumer)).expect(422);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
