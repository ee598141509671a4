import { QueryFailedError, type EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { BatchConflict } from '../common/batch-conflict';
import type { Clock } from '../common/clock';
import type { TransactionRunner } from '../database/transaction-runner';
import type { LedgerService } from '../ledger/ledger.service';
import type { AccountRow } from '../ledger/ledger.types';
import { CouponsAtTill } from '../marketing/coupons-at-till';
import { CouponsRepository } from '../marketing/coupons.repository';
import { CouponUsesRepository } from '../marketing/coupon-uses.repository';
import type { MemberCodesService } from '../member-codes/member-codes.service';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';
import type { RedemptionRepository } from './redemption.repository';
import type { CheckedSale } from './sale';
import { SaleCommitStage } from './sale-commit.stage';

function sale(orderNo: string): CheckedSale {
  return {
    till: { merchantId: 'm1', storeIds: null, operatorType: 'staff', operatorId: 'staff-1' },
    request: { code: '930000000000000000', amountFen: 100, storeId: 's1', merchantOrderNo: orderNo },
    requestHash: 'hash',
    redemptionId: `r-${orderNo}`,
    hot: { payable: 900, bonusPool: 901, pointsPool: 902 },
    store: { id: 's1', name: '静安店' },
    codeId: `code-${orderNo}`,
    card: { id: 'c1', cardNo: '6200000000000001', merchantId: 'm1', consumerId: 'u1', productId: 'p1', status: 'ACTIVE', expiresAt: null, principalAccountId: 1, bonusAccountId: 2, pointsAccountId: 3, storeIds: [], deductionRule: 'PRINCIPAL_FIRST', pointsPerYuan: 0, level: null },
  };
}

const account = (id: number, credits: number): AccountRow => ({ id, ledger: 1, code: 1, ownerRef: 'c1', flags: 0, debitsPosted: 0, creditsPosted: credits, debitsPending: 0, creditsPending: 0 });

function mysqlError(errno: number): QueryFailedError {
  const driverError = Object.assign(new Error(`errno ${errno}`), { errno });
  return new QueryFailedError('INSERT …', [], driverError);
}

describe('SaleCommitStage', () => {
  let post: jest.Mock;
  let sut: SaleCommitStage;

  beforeEach(() => {
    post = jest.fn().mockResolvedValue(undefined);
    const tx = { run: jest.fn((work: (em: EntityManager) => Promise<unknown>) => work({} as EntityManager)) } as unknown as TransactionRunner;
    const ledger = {
      lockAccounts: jest.fn().mockResolvedValue(new Map([[1, account(1, 10_000)], [2, account(2, 0)], [3, account(3, 0)]])),
      postBatchInTransaction: post,
    } as unknown as LedgerService;
    const codes = {
      consumeMany: jest.fn((_em: EntityManager, claims: unknown[]) => Promise.resolve(claims.map(() => 'CONSUMED'))),
      consumption: jest.fn(() => ({ sql: 'UPDATE member_codes …', parameters: [] })),
    } as unknown as MemberCodesService;
    const redemptions = { redemptionsInsert: jest.fn(() => ({ sql: 'insert redemptions (stub statement)', parameters: [] })) } as unknown as RedemptionRepository;
    const audit = { entriesInsert: jest.fn(() => ({ sql: 'insert audit_log (stub statement)', parameters: [] })) } as unknown as AuditService;
    const clock: Clock = { now: () => new Date('2026-12-03T08:00:00Z') };
    const outbox = { eventsInsert: jest.fn(() => ({ sql: 'insert webhook_messages (stub statement)', parameters: [] })) } as unknown as WebhookOutbox;
    // the coupon statements are the repository's own (no database touched: they are only built)
    const coupons = new CouponsAtTill(new CouponsRepository({} as never), new CouponUsesRepository({} as never), clock);
    sut = new SaleCommitStage(tx, ledger, codes, redemptions, audit, clock, outbox, coupons);
  });

  it('should commit a batch in one posting', async () => {
    const outcomes = await sut.commit([sale('a'), sale('b')]);

    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(post).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a conflict', new BatchConflict('a code was consumed meanwhile')],
    ['a unique key', mysqlError(1062)],
    ['a deadlock', mysqlError(1213)],
  ])('should take the sales one by one after %s', async (_what, failure) => {
    post.mockRejectedValueOnce(failure);

    const outcomes = await sut.commit([sale('a'), sale('b')]);

    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(post).toHaveBeenCalledTimes(3);
  });

  it('should send the coupons of a batch alongside its posting, expecting every coupon to be used, and none for a sale without', async () => {
    const withCoupon = (orderNo: string): CheckedSale => ({ ...sale(orderNo), coupon: { couponId: `cp-${orderNo}`, templateId: 'tpl-1', discountFen: 10 } });

    await sut.commit([withCoupon('a'), sale('b'), withCoupon('c')]);
    await sut.commit([sale('d'), sale('e')]);

    const [, , withCoupons] = post.mock.calls[0] as [unknown, unknown, { alongside: Array<{ sql: string; expectedRows?: number }> }];
    expect(withCoupons.alongside.filter((s) => s.sql.startsWith('UPDATE coupons')).map((s) => s.expectedRows)).toEqual([2]);
    expect(withCoupons.alongside.filter((s) => s.sql.includes('coupon_redemptions'))).toHaveLength(1);
    const [, , without] = post.mock.calls[1] as [unknown, unknown, { alongside: Array<{ sql: string }> }];
    expect(without.alongside.filter((s) => s.sql.includes('coupon'))).toEqual([]);
  });

  it('should fail a batch loudly on anything else, without retrying it sale by sale', async () => {
    post.mockRejectedValueOnce(new TypeError('a bug'));

    await expect(sut.commit([sale('a'), sale('b')])).rejects.toThrow('a bug');
    expect(post).toHaveBeenCalledTimes(1);
  });
});
