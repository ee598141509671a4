import type { ReconDifferenceView, ReconRunView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Clock } from '../common/clock';
import type { TransactionRunner } from '../database/transaction-runner';
import type { LedgerService } from '../ledger/ledger.service';
import type { PlatformAccounts } from '../ledger/platform-accounts';
import type { ChannelRefunds } from '../payments/channel-refunds';
import type { PaymentChannels } from '../payments/payment-channels';
import type { PaymentsRepository } from '../payments/payments.repository';
import type { PaymentRecordsRepository } from '../payments/payment-records.repository';
import type { TopUpSettlement } from '../payments/topup-settlement.service';
import type { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

const day = '2026-11-24';
const now = new Date('2026-11-25T02:00:00.000Z');
const em = {} as EntityManager;
const run = (channel: ReconRunView['channel'], status: ReconRunView['status'], openDifferences = 0) => ({ channel, status, openDifferences }) as ReconRunView;

describe('ReconciliationService', () => {
  let repository: jest.Mocked<Pick<ReconciliationRepository, 'runsOfDay' | 'resolve' | 'difference'>>;
  let audit: jest.Mocked<Pick<AuditService, 'record'>>;
  let sut: ReconciliationService;

  beforeEach(() => {
    repository = { runsOfDay: jest.fn(), resolve: jest.fn().mockResolvedValue(true), difference: jest.fn() };
    audit = { record: jest.fn().mockResolvedValue(undefined) };
    const tx = { run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) };
    const clock: Clock = { now: () => now };
    sut = new ReconciliationService(
      repository as unknown as ReconciliationRepository,
      {} as PaymentsRepository,
      {} as PaymentRecordsRepository,
      tx as unknown as TransactionRunner,
      {} as PaymentChannels,
      {} as TopUpSettlement,
      {} as ChannelRefunds,
      {} as LedgerService,
      {} as PlatformAccounts,
      audit as unknown as AuditService,
      clock,
    );
  });

  it.each([
    ['every channel completed, nothing open', [run('ALIPAY', 'COMPLETED'), run('UNIONPAY', 'COMPLETED'), run('WECHATPAY', 'COMPLETED')], true, 0],
    ['one channel never ran', [run('ALIPAY', 'COMPLETED'), run('WECHATPAY', 'COMPLETED')], false, 0],
    ['a bill download failed', [run('ALIPAY', 'COMPLETED'), run('UNIONPAY', 'FAILED'), run('WECHATPAY', 'COMPLETED')], false, 0],
    ['differences are open', [run('ALIPAY', 'COMPLETED', 2), run('UNIONPAY', 'COMPLETED'), run('WECHATPAY', 'COMPLETED', 1)], false, 3],
  ])('should call a day reconciled only when it is (%s)', async (_case, runs, reconciled, openDifferences) => {
    repository.runsOfDay.mockResolvedValue(runs);
    await expect(sut.day(day)).resolves.toEqual({ businessDate: day, runs, reconciled, openDifferences });
  });

  it('should resolve an open difference with the note and audit it', async () => {
    const resolved = { id: 9, status: 'RESOLVED' } as ReconDifferenceView;
    repository.difference.mockResolvedValue(resolved);
    await expect(sut.resolve('op1', 9, '测试交易，已线下退回')).resolves.toBe(resolved);
    expect(repository.resolve).toHaveBeenCalledWith(9, { kind: 'MANUAL', note: '测试交易，已线下退回', by: 'op1', at: now }, em);
    expect(audit.record).toHaveBeenCalledWith(em, expect.objectContaining({ action: 'recon.difference_resolved', targetId: '9' }));
  });

  it.each([
    ['already resolved', { id: 9, status: 'RESOLVED' } as ReconDifferenceView, 'DIFFERENCE_ALREADY_RESOLVED'],
    ['missing', null, 'NOT_FOUND'],
  ])('should refuse to resolve a difference that is %s', async (_case, existing, code) => {
    repository.resolve.mockResolvedValue(false);
    repository.difference.mockResolvedValue(existing);
    await expect(sut.resolve('op1', 9, 'note')).rejects.toMatchObject({ code });
    expect(audit.record).not.toHaveBeenCalled();
  });
});
