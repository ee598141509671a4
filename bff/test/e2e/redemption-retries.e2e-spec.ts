import type { CardView, RedemptionView, TokenPair } from '@jucard/shared';
import { CardsRepository } from '../../src/cards/cards.repository';
import { KeyValueStore } from '../../src/kv/key-value-store';
import { LedgerRollupService } from '../../src/ledger/ledger-rollup.service';
import { LedgerVerifier } from '../../src/ledger/ledger-verifier';
import { claimOwner, STALE_CLAIM_MS } from '../../src/redemption/code-claims.step';
import { hashOf } from '../../src/redemption/redemption.service';
import { SaleCommitStage } from '../../src/redemption/sale-commit.stage';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode } from '../factories/money';
import { startTestApp, type TestApp } from '../support/test-app';

// A till that times out resends the same sale (same order number, same body); a process may die between taking a
// member code's claim and committing. Neither may tell the cashier 会员码已使用 for a code that was never charged.
describe('retries at the till (e2e)', () => {
  let t: TestApp;
  let a: ReturnType<typeof actors>;

  beforeAll(async () => {
    t = await startTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
    a = actors(t);
  });
  afterAll(() => t.close());

  afterEach(async () => {
    await t.app.get(LedgerRollupService).runOnce();
    expect((await t.app.get(LedgerVerifier).verify()).violations).toEqual([]);
  });

  async function till() {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 50_000, 0);
    return { ...m, consumer, card };
  }

  const redeem = (staff: TokenPair, body: Record<string, unknown>) => t.http.post('/merchant/redemptions').set(bearer(staff)).send(body);
  const balance = async (consumer: TokenPair, cardId: string) => ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer))).body as CardView).balance.totalFen;

  /** The claim a process that died after taking it, before committing, leaves behind. */
  async function leaveClaim(codeId: string, owner: string, takenAt: number) {
    await t.app.get(KeyValueStore).set(`mc:claim:${codeId}`, `${owner}|${takenAt}`, { ttlMs: 120_000 });
  }

  it('should answer 20 simultaneous sends of one sale with one receipt, charged once', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const body = { code: code.numericCode, amountFen: 1_200, storeId: s.store.id, merchantOrderNo: unique('ORD') };

    // the first send's commit is held for a moment, so the other 19 arrive while it is still in flight
    const stage = t.app.get(SaleCommitStage);
    const commit = stage.commit.bind(stage);
    const spy = jest.spyOn(stage, 'commit').mockImplementationOnce(async (sales) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return commit(sales);
    });

    const answers = await Promise.all(Array.from({ length: 20 }, () => redeem(s.owner, body)));
    spy.mockRestore();

    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(new Set(answers.map((r) => (r.body as RedemptionView).redemptionId)).size).toBe(1);
    expect(answers.filter((r) => !(r.body as RedemptionView).replayed)).toHaveLength(1);
    expect(await balance(s.consumer, s.card.id)).toBe(50_000 - 1_200);
  });

  // two BFF instances share the claims only through Redis (the embedded store is per process)
  (process.env.REDIS_URL ? it : it.skip)('should answer one sale sent to two instances at once with one receipt, charged once', async () => {
    const s = await till();
    const other = await startTestApp({ MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
    try {
      const code = await memberCode(t, s.consumer, s.card.id);
      const body = { code: code.numericCode, amountFen: 900, storeId: s.store.id, merchantOrderNo: unique('ORD') };

      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : t).http.post('/merchant/redemptions').set(bearer(s.owner)).send(body)));

      expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 201));
      expect(new Set(answers.map((r) => (r.body as RedemptionView).redemptionId)).size).toBe(1);
      expect(await balance(s.consumer, s.card.id)).toBe(50_000 - 900);
    } finally {
      await other.close();
    }
  });

  it('should let the retry of a sale take back the claim its crashed first attempt left', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const body = { code: code.numericCode, amountFen: 1_500, storeId: s.store.id, merchantOrderNo: unique('ORD') };
    const requestHash = hashOf({ code: body.code, amountFen: body.amountFen, storeId: body.storeId });
    await leaveClaim(code.codeId, claimOwner({ till: { merchantId: s.merchant.id, storeIds: null, operatorType: 'staff', operatorId: '' }, request: body, requestHash }), Date.now());

    const retry = await redeem(s.owner, body).expect(201);

    expect((retry.body as RedemptionView).replayed).toBe(false);
    expect(await balance(s.consumer, s.card.id)).toBe(50_000 - 1_500);
  });

  it('should let the database decide over a stale claim of another sale, and refuse at once while that claim is fresh', async () => {
    const s = await till();
    const stale = await memberCode(t, s.consumer, s.card.id);
    await leaveClaim(stale.codeId, `${s.merchant.id}|ORD-dead|x`, Date.now() - STALE_CLAIM_MS - 1_000);
    await redeem(s.owner, { code: stale.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: unique('ORD') }).expect(201);

    const fresh = await memberCode(t, s.consumer, s.card.id);
    await leaveClaim(fresh.codeId, `${s.merchant.id}|ORD-live|x`, Date.now());
    const refused = await redeem(s.owner, { code: fresh.numericCode, amountFen: 100, storeId: s.store.id, merchantOrderNo: unique('ORD') }).expect(409);
    expect(refused.body.code).toBe('MEMBER_CODE_USED');
  });

  it('should give the claim back when the card read fails after it was taken, so the same sale goes through next time', async () => {
    const s = await till();
    const code = await memberCode(t, s.consumer, s.card.id);
    const body = { code: code.numericCode, amountFen: 800, storeId: s.store.id, merchantOrderNo: unique('ORD') };
    const cards = t.app.get(CardsRepository);
    const spy = jest.spyOn(cards, 'forSale').mockRejectedValueOnce(new Error('connection lost'));

    const failed = await redeem(s.owner, { ...body, merchantOrderNo: unique('ORD') });
    spy.mockRestore();

    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await t.app.get(KeyValueStore).get(`mc:claim:${code.codeId}`)).toBeNull();
    await redeem(s.owner, body).expect(201);
    expect(await balance(s.consumer, s.card.id)).toBe(50_000 - 800);
  });
});
