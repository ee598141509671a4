import { actors, bearer, unique } from '../factories/actors';
import { cardHolder, memberCode } from '../factories/money';
import { useTestAppOnRedis } from '../support/app-hooks';
import { describeWithPrivateRedis } from '../support/private-redis';

describeWithPrivateRedis('a Redis outage at the till (e2e, private redis-server)', (redis) => {
  const t = useTestAppOnRedis(redis);

  it('should still refuse a replayed member code when Redis is down, and keep taking payments', async () => {
    const a = actors(t);
    const m = await a.approvedMerchant();
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 10_000);
    const first = await memberCode(t, consumer, card.id);
    const second = await memberCode(t, consumer, card.id);
    const redeem = (code: string) =>
      t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code, amountFen: 100, storeId: m.store.id, merchantOrderNo: unique('ORD') });
    await redeem(first.numericCode).expect(201);

    redis.kill();
    await new Promise((r) => setTimeout(r, 300));

    const health = await t.http.get('/health').expect(503);
    expect(health.body.message).toMatch(/key-value store/);
    const replay = await redeem(first.numericCode).expect(409);
    expect(replay.body.code).toBe('MEMBER_CODE_USED');
    await redeem(second.numericCode).expect(201);
    const again = await redeem(second.numericCode).expect(409);
    expect(again.body.code).toBe('MEMBER_CODE_USED');
  });

  it('should let a code presented at two stores at once succeed at exactly one while Redis is down (the database decides)', async () => {
    const a = actors(t);
    const m = await a.approvedMerchant();
    const other = (await t.http.post('/merchant/stores').set(bearer(m.owner)).send({ name: '二号店', address: '北京' }).expect(201)).body as { id: string };
    const { consumer, card } = await cardHolder(t, m.product.claimToken, 10_000);
    redis.kill(); // no fast path: both presentations reach the same batch of the group commit
    const redeemAt = (code: string, storeId: string) =>
      t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code, amountFen: 100, storeId, merchantOrderNo: unique('ORD') });
    for (let round = 0; round < 5; round++) {
      const code = await memberCode(t, consumer, card.id);
      const answers = await Promise.all([redeemAt(code.numericCode, m.store.id), redeemAt(code.numericCode, other.id)]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(answers.find((r) => r.status === 409)!.body.code).toBe('MEMBER_CODE_USED');
    }
    const view = await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200);
    expect(view.body.balance.totalFen).toBe(10_000 - 5 * 100);
  }, 30_000);
});
