import type { RedemptionView, TokenPair } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { LedgerService } from '../../src/ledger/ledger.service';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';

// Group commit exists where there is a connection pool (MySQL/MariaDB); the embedded SQLite profile redeems one by one.
const onMysql = /^mysql|^mariadb/.test(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '');

(onMysql ? describe : describe.skip)('redemptions taken in batches (e2e, MariaDB)', () => {
  const t = useTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);

  it('should decide sales on one card on the balances the batch holds, consume only the codes that paid, and answer a repeated order number once', async () => {
    const m = await a.approvedMerchant();
    const holders: Array<{ consumer: TokenPair; cardId: string }> = [];
    for (const principal of [1_000, 500, 300]) {
      const consumer = await a.consumer();
      const card = await claimCard(t, consumer, m.product.claimToken);
      await creditCard(t, card.id, principal);
      holders.push({ consumer, cardId: card.id });
    }
    const [rich, poor, other] = holders as [(typeof holders)[0], (typeof holders)[0], (typeof holders)[0]];
    const codesOf = async (h: typeof rich, n: number) => Promise.all(Array.from({ length: n }, () => memberCode(t, h.consumer, h.cardId)));
    const richCodes = await codesOf(rich, 14);
    const poorCodes = await codesOf(poor, 5);
    const [otherCode] = await codesOf(other, 1);
    const batches = jest.spyOn(t.app.get(LedgerService), 'postBatchInTransaction');

    const sale = (numericCode: string, merchantOrderNo = unique('B')) =>
      t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: numericCode, amountFen: 100, storeId: m.store.id, merchantOrderNo });
    const repeated = unique('SAME');
    const answers = await Promise.all([
      ...richCodes.slice(0, 14).map((c) => sale(c.numericCode)),
      ...poorCodes.map((c) => sale(c.numericCode)),
      sale(otherCode!.numericCode, repeated),
      sale(otherCode!.numericCode, repeated),
    ]);

    const richAnswers = answers.slice(0, 14);
    expect(richAnswers.filter((r) => r.status === 201)).toHaveLength(10); // ¥10.00 at ¥1.00 a sale
    expect(richAnswers.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(4).fill('INSUFFICIENT_BALANCE'));
    expect(answers.slice(14, 19).map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    // the same order number sent twice at once: one sale; the other answer is that sale, or "in use" while it commits
    const pair = answers.slice(19);
    const soldAt = pair.findIndex((r) => r.status === 201 && !(r.body as RedemptionView).replayed);
    const sold = pair[soldAt]!.body as RedemptionView;
    const twin = pair[1 - soldAt]!;
    if (twin.status === 201) expect(twin.body).toMatchObject({ redemptionId: sold.redemptionId, replayed: true });
    else expect([twin.status, twin.body.code]).toEqual([409, 'MEMBER_CODE_USED']);
    const again = await sale(otherCode!.numericCode, repeated).expect(201);
    expect(again.body).toMatchObject({ redemptionId: sold.redemptionId, replayed: true });

    expect(batches.mock.calls.some(([, commands]) => commands.length > 1)).toBe(true);
    batches.mockRestore();

    const db = t.app.get(DataSource);
    const used = await db.query<Array<{ n: number | string }>>(
      `SELECT COUNT(*) AS n FROM member_codes WHERE card_id = ? AND used_at IS NOT NULL`,
      [rich.cardId],
    );
    expect(Number(used[0]!.n)).toBe(10); // the 4 refused codes were released
    const balanceOf = async (h: typeof rich) =>
      ((await t.http.get(`/me/cards/${h.cardId}`).set(bearer(h.consumer)).expect(200)).body as { balance: { principalFen: number } }).balance.principalFen;
    expect([await balanceOf(rich), await balanceOf(poor), await balanceOf(other)]).toEqual([0, 0, 200]);

    // a refused code was not consumed: after a top-up it pays
    const refusedIndex = richAnswers.findIndex((r) => r.status === 409);
    await creditCard(t, rich.cardId, 1_000);
    await sale(richCodes[refusedIndex]!.numericCode).expect(201);
    expect(await balanceOf(rich)).toBe(900);

    await expectLedgerSound(t);
  });
});
