import type { EntityManager } from 'typeorm';
import type { ConsumerPrincipal } from '../auth/principal';
import type { Card, CardsRepository } from '../cards/cards.repository';
import type { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { IdGenerator } from '../common/ids';
import { loadConfig } from '../config/app-config';
import type { TransactionRunner } from '../database/transaction-runner';
import type { KeyValueStore } from '../kv/key-value-store';
import type { CodeClaim } from './member-codes.repository';
import type { RateLimiter } from '../kv/rate-limiter';
import type { CodeReceipt, CodeReceipts } from './code-receipts.port';
import { MemberCodeSigner } from './member-code-signer';
import type { MemberCode, MemberCodesRepository } from './member-codes.repository';
import { MemberCodesService } from './member-codes.service';

const t0 = Date.parse('2026-11-25T08:00:00.000Z');
const config = loadConfig({ JWT_SECRET: 'j'.repeat(32), MEMBER_CODE_KEYS: `2:${'n'.repeat(32)}`, MEMBER_CODE_TTL_SECONDS: '60', MEMBER_CODE_GRACE_SECONDS: '5' });
const signer = new MemberCodeSigner(config);
const consumer: ConsumerPrincipal = { kind: 'consumer', consumerId: 'c1' };
const em = {} as EntityManager;
const code = (overrides: Partial<MemberCode> = {}): MemberCode => ({
  id: '123456789',
  cardId: 'card-1',
  consumerId: 'c1',
  keyId: signer.activeKeyId,
  expiresAt: new Date(t0 + 60_000),
  usedAt: null,
  redemptionId: null,
  createdAt: new Date(t0),
  ...overrides,
});
const card = (overrides: Partial<Card> = {}) => ({ id: 'card-1', status: 'ACTIVE', expiresAt: null, ...overrides }) as Card;
const shown = (c: MemberCode) => signer.render({ ...c, codeId: c.id }).numericCode;
const answerOf = (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: unknown) => (error instanceof DomainError ? error.code : error));

describe('MemberCodesService', () => {
  let now: number;
  let codes: jest.Mocked<Pick<MemberCodesRepository, 'insert' | 'findOwned' | 'findById' | 'findByIds' | 'consumption' | 'usage'>>;
  let cards: jest.Mocked<Pick<CardsRepository, 'findOwned'>>;
  let receipts: jest.Mocked<CodeReceipts>;
  let store: jest.Mocked<Pick<KeyValueStore, 'set' | 'delete'>>;
  let executed: number;
  let sut: MemberCodesService;

  beforeEach(() => {
    now = t0;
    executed = 0;
    codes = {
      insert: jest.fn().mockResolvedValue(undefined),
      findOwned: jest.fn().mockResolvedValue(code()),
      findById: jest.fn().mockResolvedValue(code()),
      findByIds: jest.fn().mockResolvedValue(new Map()),
      consumption: jest.fn((claims: CodeClaim[], _now: Date, _notBefore: Date) => ({ sql: 'UPDATE', parameters: [] as unknown[], expectedRows: claims.length })),
      usage: jest.fn().mockResolvedValue(new Map()),
    };
    cards = { findOwned: jest.fn().mockResolvedValue(card()) };
    receipts = { receiptOf: jest.fn() };
    store = { set: jest.fn().mockResolvedValue(true), delete: jest.fn().mockResolvedValue(undefined) };
    // execute() asks the manager's query runner for the number of rows the UPDATE changed
    const manager = { queryRunner: { query: async () => ({ affected: executed }) } } as unknown as EntityManager;
    Object.assign(em, manager);
    const tx = { run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) };
    const clock: Clock = { now: () => new Date(now) };
    const ids = { digits: () => '123456789' } as unknown as IdGenerator;
    const limiter = { consume: jest.fn().mockResolvedValue(undefined) } as unknown as RateLimiter;
    sut = new MemberCodesService(
      codes as unknown as MemberCodesRepository,
      cards as unknown as CardsRepository,
      receipts,
      tx as unknown as TransactionRunner,
      signer,
      store as unknown as KeyValueStore,
      limiter,
      clock,
      ids,
      config,
    );
  });

  it.each([
    ['a frozen card', 'CARD_NOT_ACTIVE', card({ status: 'FROZEN' })],
    ['an expired card', 'CARD_EXPIRED', card({ expiresAt: new Date(t0) })],
    ["another consumer's card", 'CARD_NOT_FOUND', null],
    ['an active card', 'accepted', card()],
  ])('should answer a code asked for %s with: %s', async (_name, answer, found) => {
    cards.findOwned.mockResolvedValue(found);
    expect(await answerOf(sut.issue(consumer, 'card-1'))).toBe(answer);
  });

  it.each([
    ['at issue', 'accepted', 0],
    ['at the last millisecond of the grace', 'accepted', 65_000],
    ['a millisecond after the grace', 'MEMBER_CODE_EXPIRED', 65_001],
  ])('should judge a code presented %s as %s', async (_name, answer, after) => {
    now = t0 + after;
    expect(await answerOf(sut.verify(shown(code())))).toBe(answer);
  });

  it('should refuse a used code and answer a forged one like an unknown one', async () => {
    codes.findById.mockResolvedValue(code({ usedAt: new Date(t0) }));
    expect(await answerOf(sut.verify(shown(code())))).toBe('MEMBER_CODE_USED');
    codes.findById.mockResolvedValue(code({ cardId: 'card-2' }));
    expect(await answerOf(sut.verify(shown(code())))).toBe('MEMBER_CODE_INVALID');
  });

  it('should show a used code with the receipt its redemption tells', async () => {
    const receipt: CodeReceipt = { redemptionId: 'r1', amountFen: 1_000, storeName: '一号店', balance: { principalFen: 9_000, bonusFen: 0, totalFen: 9_000, points: 10 }, redeemedAt: new Date(t0).toISOString() };
    codes.findOwned.mockResolvedValue(code({ usedAt: new Date(t0), redemptionId: 'r1' }));
    receipts.receiptOf.mockResolvedValue(receipt);
    expect(await sut.status(consumer, '123456789')).toEqual({ codeId: '123456789', state: 'USED', redemption: receipt });
    expect(receipts.receiptOf).toHaveBeenCalledWith('r1');
  });

  it('should show an unused code as expired once its expiry has passed', async () => {
    now = t0 + 60_000;
    expect(await sut.status(consumer, '123456789')).toEqual({ codeId: '123456789', state: 'EXPIRED', redemption: null });
    expect(receipts.receiptOf).not.toHaveBeenCalled();
  });

  it('should consume a batch without reading it back when every claim wins', async () => {
    executed = 2;
    const answers = await sut.consumeMany(em, [{ codeId: 'a', redemptionId: 'r1' }, { codeId: 'b', redemptionId: 'r2' }]);
    expect(answers).toEqual(['CONSUMED', 'CONSUMED']);
    expect(codes.usage).not.toHaveBeenCalled();
  });

  it('should tell each losing claim why: used by another redemption, or expired', async () => {
    executed = 1;
    codes.usage.mockResolvedValue(new Map([['a', { used: true, redemptionId: 'r1' }], ['b', { used: true, redemptionId: 'other' }], ['c', { used: false, redemptionId: null }]]));
    const answers = await sut.consumeMany(em, [{ codeId: 'a', redemptionId: 'r1' }, { codeId: 'b', redemptionId: 'r2' }, { codeId: 'c', redemptionId: 'r3' }]);
    expect(answers).toEqual(['CONSUMED', 'MEMBER_CODE_USED', 'MEMBER_CODE_EXPIRED']);
  });

  it('should build the consuming UPDATE with the grace taken off the current time', () => {
    sut.consumption([{ codeId: 'a', redemptionId: 'r1' }]);
    expect(codes.consumption).toHaveBeenCalledWith([{ codeId: 'a', redemptionId: 'r1' }], new Date(t0), new Date(t0 - 5_000));
  });
});
