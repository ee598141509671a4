import type { CardProductView, CardReplacementView, CardView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CardExpiryReminderJob } from '../../src/cards/card-expiry-reminder.job';
import { Clock } from '../../src/common/clock';
import { actors, bearer, productInput } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

/** Expiry (docs/compliance.md §7): named principal never expires, anonymous ≥ 3 years, reminders, never forfeited. */
describe('card expiry (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);
  const DAY = 86_400_000;

  let realNow: () => Date;
  beforeAll(() => {
    const clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
  });

  /** The app's clock at `at` (the channel sandbox and the tokens keep real time). */
  const travelTo = (at: Date) => {
    t.app.get(Clock).now = () => new Date(at.getTime() + (realNow().getTime() - startedAt.getTime()));
  };
  let startedAt: Date;
  beforeEach(() => {
    startedAt = realNow();
  });

  afterEach(async () => {
    t.app.get(Clock).now = realNow;
    await expectLedgerSound(t);
  });

  async function holder(kind: 'NAMED' | 'ANONYMOUS', extra: Record<string, unknown> = {}) {
    const m = await a.approvedMerchant();
    const product = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind, ...extra })).expect(201)).body as CardProductView;
    const { consumer, card } = await cardHolder(t, product.claimToken, 30_000, 5_000);
    return { m, product, consumer, card };
  }

  const view = async (consumer: TokenPair, cardId: string) => (await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView;
  const sell = async (h: Awaited<ReturnType<typeof holder>>, amountFen: number) => {
    const code = (await memberCode(t, h.consumer, h.card.id)).numericCode;
    return t.http.post('/merchant/redemptions').set(bearer(h.m.owner)).send({ code, amountFen, storeId: h.m.store.id, merchantOrderNo: `ORD-${randomUUID()}` });
  };
  const reminders = async (cardId: string) =>
    Number((await t.app.get(DataSource).query<Array<{ n: unknown }>>('SELECT COUNT(*) AS n FROM card_expiry_reminders WHERE card_id = ?', [cardId]))[0]!.n);
  const runReminders = () => t.app.get(CardExpiryReminderJob).runOnce();

  it('should refuse an anonymous product valid less than 3 years, and a named product with any validity, with the field named in Chinese', async () => {
    const m = await a.approvedMerchant();
    const short = await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind: 'ANONYMOUS', validityMonths: 24 })).expect(422);
    expect(short.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { validityMonths: [expect.stringContaining('36')] } });
    expect(short.body.errorsZh.validityMonths[0]).toContain('不得少于 36 个月');
    const named = await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind: 'NAMED', validityMonths: 36 })).expect(422);
    expect(named.body.errorsZh.validityMonths[0]).toContain('永久有效');

    const anonymous = (await t.http.post('/merchant/card-products').set(bearer(m.owner)).send(productInput({ kind: 'ANONYMOUS' })).expect(201)).body as CardProductView;
    expect(anonymous.validityMonths).toBe(36);
  });

  it('should never expire a named card: no expiry, sales years later, and nothing to reactivate', async () => {
    const h = await holder('NAMED');
    expect(h.card).toMatchObject({ expiresAt: null, expiry: null });
    travelTo(new Date(startedAt.getTime() + 3650 * DAY));
    expect((await sell(h, 1_000)).status).toBe(201);
    expect((await t.http.post(`/me/cards/${h.card.id}/reactivation`).set(bearer(h.consumer)).expect(409)).body.code).toBe('CARD_NOT_EXPIRED');
    expect(await runReminders()).toBeGreaterThanOrEqual(0);
    expect(await reminders(h.card.id)).toBe(0);
  });

  it('should store one reminder 30 days before an anonymous card expires, once however often the daily job runs', async () => {
    const h = await holder('ANONYMOUS');
    const expiresAt = new Date(h.card.expiresAt!);
    expect(h.card.expiry).toMatchObject({ state: 'VALID', reminderAt: null });
    expect(expiresAt.getTime() - startedAt.getTime()).toBeGreaterThan(3 * 365 * DAY);

    travelTo(new Date(expiresAt.getTime() - 31 * DAY));
    await runReminders();
    expect(await reminders(h.card.id)).toBe(0);
    expect((await view(h.consumer, h.card.id)).expiry).toMatchObject({ state: 'VALID', reminderAt: null });

    travelTo(new Date(expiresAt.getTime() - 29 * DAY));
    await runReminders();
    const reminded = (await view(h.consumer, h.card.id)).expiry!;
    expect(reminded).toMatchObject({ state: 'EXPIRING', daysLeft: 29, reminderAt: expect.any(String) });
    travelTo(new Date(expiresAt.getTime() - 28 * DAY));
    await runReminders();
    await runReminders();
    expect(await reminders(h.card.id)).toBe(1);
    expect((await view(h.consumer, h.card.id)).expiry!.reminderAt).toBe(reminded.reminderAt);
  });

  it('should keep an expired card’s balance, refuse sales and top-ups, and reactivate it for a new validity period on request', async () => {
    const h = await holder('ANONYMOUS');
    const expiresAt = new Date(h.card.expiresAt!);
    travelTo(new Date(expiresAt.getTime() + 10 * DAY));

    // the till never gets a code for it: the card page refuses to show one
    expect((await t.http.post(`/me/cards/${h.card.id}/member-code`).set(bearer(h.consumer)).expect(409)).body.code).toBe('CARD_EXPIRED');
    const topUp = await t.http.post('/me/topups').set(bearer(h.consumer)).send({ cardId: h.card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() });
    expect(topUp.status).toBe(409);
    expect(topUp.body.code).toBe('CARD_EXPIRED');
    const expired = await view(h.consumer, h.card.id);
    expect(expired).toMatchObject({ status: 'ACTIVE', balance: { principalFen: 30_000, bonusFen: 5_000 }, expiry: { state: 'EXPIRED', daysLeft: 0 } });

    const reactivated = (await t.http.post(`/me/cards/${h.card.id}/reactivation`).set(bearer(h.consumer)).expect(200)).body as CardView;
    const renewedUntil = new Date(reactivated.expiresAt!);
    const now = t.app.get(Clock).now();
    expect(renewedUntil.getTime() - now.getTime()).toBeGreaterThan(3 * 365 * DAY - DAY);
    expect(reactivated).toMatchObject({ id: h.card.id, status: 'ACTIVE', balance: { principalFen: 30_000, bonusFen: 5_000 }, expiry: { state: 'VALID' } });

    expect((await sell(h, 1_000)).status).toBe(201);
    expect((await t.http.post(`/me/cards/${h.card.id}/reactivation`).set(bearer(h.consumer)).expect(409)).body.code).toBe('CARD_NOT_EXPIRED');
  });

  it('should replace an expired card once when asked twice at once: a new number with every balance, the old card closed', async () => {
    const h = await holder('ANONYMOUS');
    expect((await t.http.post(`/me/cards/${h.card.id}/expiry-replacement`).set(bearer(h.consumer)).expect(409)).body.code).toBe('CARD_NOT_EXPIRED');
    travelTo(new Date(new Date(h.card.expiresAt!).getTime() + DAY));

    const answers = await Promise.all([0, 1].map(() => t.http.post(`/me/cards/${h.card.id}/expiry-replacement`).set(bearer(h.consumer))));
    const bodies = answers.map((res) => {
      expect(res.status).toBe(200);
      return res.body as CardReplacementView;
    });
    expect(bodies[0]!.card.id).toBe(bodies[1]!.card.id);
    expect(bodies[0]).toMatchObject({ replacedCardId: h.card.id, moved: { principalFen: 30_000, bonusFen: 5_000, totalFen: 35_000 } });
    const replacement = bodies[0]!.card;
    expect(replacement.cardNo).not.toBe(h.card.cardNo);
    expect(replacement).toMatchObject({ status: 'ACTIVE', replacesCardId: h.card.id, balance: { principalFen: 30_000, bonusFen: 5_000 }, expiry: { state: 'VALID' } });
    expect(await view(h.consumer, h.card.id)).toMatchObject({ status: 'CLOSED', balance: { totalFen: 0 } });

    // asked again later: the same answer, nothing moved twice
    const again = (await t.http.post(`/me/cards/${h.card.id}/expiry-replacement`).set(bearer(h.consumer)).expect(200)).body as CardReplacementView;
    expect(again).toMatchObject({ card: { id: replacement.id }, moved: { totalFen: 35_000 } });
    expect((await sell({ ...h, card: replacement }, 2_000)).status).toBe(201);
  });
});
