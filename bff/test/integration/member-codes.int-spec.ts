import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { CryptoIdGenerator } from '../../src/common/ids';
import { loadConfig } from '../../src/config/app-config';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { MemoryKeyValueStore } from '../../src/kv/memory-key-value-store';
import { RateLimiter } from '../../src/kv/rate-limiter';
import { MemberCodeSigner } from '../../src/member-codes/member-code-signer';
import { MemberCodesRepository } from '../../src/member-codes/member-codes.repository';
import { MemberCodesService } from '../../src/member-codes/member-codes.service';
import { CardEntity } from '../../src/cards/card.entity';
import { CardsRepository } from '../../src/cards/cards.repository';
import { testDataSource } from '../support/database';

class FakeClock extends Clock {
  constructor(public current: number) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
}

/** Expiry edges with a controlled clock: valid 60 s, plus a 5 s grace for a scan at the last second. */
describe('member code expiry and single use (integration, real database)', () => {
  let dataSource: DataSource;
  let clock: FakeClock;
  let sut: MemberCodesService;
  let tx: TransactionRunner;
  const config = loadConfig({ ...process.env, MEMBER_CODE_TTL_SECONDS: '60', MEMBER_CODE_GRACE_SECONDS: '5' });
  const consumer = { kind: 'consumer' as const, consumerId: randomUUID() };
  let cardId: string;

  beforeAll(async () => {
    dataSource = testDataSource();
    await dataSource.initialize();
    clock = new FakeClock(Date.parse('2026-11-25T08:00:00.000Z'));
    tx = new TransactionRunner(dataSource);
    const store = new MemoryKeyValueStore();
    const noReceipts = { receiptOf: () => Promise.reject(new Error('no redemption in this test')) };
    sut = new MemberCodesService(new MemberCodesRepository(dataSource), new CardsRepository(dataSource), noReceipts, tx, new MemberCodeSigner(config), store, new RateLimiter(store), clock, new CryptoIdGenerator(), config);
    cardId = randomUUID();
    await dataSource.getRepository(CardEntity).insert({
      id: cardId,
      cardNo: `88${Date.now().toString().slice(-13)}0`.slice(0, 16),
      consumerId: consumer.consumerId,
      merchantId: randomUUID(),
      productId: randomUUID(),
      status: 'ACTIVE',
      principalAccountId: 0,
      bonusAccountId: 0,
      pointsAccountId: 0,
      expiresAt: null,
      createdAt: clock.now(),
    });
  });
  afterAll(() => dataSource.destroy());

  async function issuedAt(ms: number) {
    clock.current = ms;
    return sut.issue(consumer, cardId);
  }

  it.each([
    ['just issued', 0, 'accepted'],
    ['at expiry', 60_000, 'accepted'],
    ['at the last millisecond of the grace', 65_000, 'accepted'],
    ['one millisecond after the grace', 65_001, 'MEMBER_CODE_EXPIRED'],
    ['a minute late', 120_000, 'MEMBER_CODE_EXPIRED'],
  ])('should judge a code presented %s (%d ms after issue) as %s, in verification and in the consuming UPDATE alike', async (_label, after, outcome) => {
    const start = Date.parse('2026-11-25T09:00:00.000Z');
    const code = await issuedAt(start);
    clock.current = start + after;

    const verified = await sut.verify(code.numericCode).then(() => 'accepted', (e: { code: string }) => e.code);
    const consumed = await tx.run((em) => sut.consume(em, code.codeId, randomUUID())).then(() => 'accepted', (e: { code: string }) => e.code);
    expect(verified).toBe(outcome);
    expect(consumed).toBe(outcome);
  });

  it('should consume a code once on the database alone (no fast-path claim, as after a key-value store restart)', async () => {
    const code = await issuedAt(Date.parse('2026-11-25T10:00:00.000Z'));
    await tx.run((em) => sut.consume(em, code.codeId, randomUUID()));
    await expect(tx.run((em) => sut.consume(em, code.codeId, randomUUID()))).rejects.toMatchObject({ code: 'MEMBER_CODE_USED' });
    await expect(sut.verify(code.numericCode)).rejects.toMatchObject({ code: 'MEMBER_CODE_USED' });
  });

  it('should let only one of many concurrent consumers of one code win', async () => {
    const code = await issuedAt(Date.parse('2026-11-25T11:00:00.000Z'));
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => tx.run((em) => sut.consume(em, code.codeId, randomUUID()))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('should answer each claim of a batch on its own: a code claimed twice in one batch is consumed by the first claim only', async () => {
    clock.current = Date.parse('2026-11-25T12:00:00.000Z');
    const [a, b] = [await sut.issue(consumer, cardId), await sut.issue(consumer, cardId)];
    const [first, second, other] = [randomUUID(), randomUUID(), randomUUID()];
    const answers = await tx.run((em) =>
      sut.consumeMany(em, [
        { codeId: a.codeId, redemptionId: first },
        { codeId: a.codeId, redemptionId: second },
        { codeId: b.codeId, redemptionId: other },
      ]),
    );
    expect(answers).toEqual(['CONSUMED', 'MEMBER_CODE_USED', 'CONSUMED']);
    const rows = await dataSource.query('SELECT id, redemption_id FROM member_codes WHERE id IN (?, ?) ORDER BY id', [a.codeId, b.codeId]);
    expect(Object.fromEntries((rows as Array<{ id: string; redemption_id: string }>).map((r) => [String(r.id), r.redemption_id]))).toEqual({ [a.codeId]: first, [b.codeId]: other });
  });

  it('should answer a batch whose codes are all free without reading them back, and refuse the same batch again', async () => {
    clock.current = Date.parse('2026-11-25T13:00:00.000Z');
    const codes = [await sut.issue(consumer, cardId), await sut.issue(consumer, cardId), await sut.issue(consumer, cardId)];
    const claims = codes.map((c) => ({ codeId: c.codeId, redemptionId: randomUUID() }));
    expect(await tx.run((em) => sut.consumeMany(em, claims))).toEqual(['CONSUMED', 'CONSUMED', 'CONSUMED']);
    const again = claims.map((c) => ({ ...c, redemptionId: randomUUID() }));
    expect(await tx.run((em) => sut.consumeMany(em, again))).toEqual(['MEMBER_CODE_USED', 'MEMBER_CODE_USED', 'MEMBER_CODE_USED']);
  });
});
