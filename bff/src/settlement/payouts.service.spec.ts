import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import type { TransactionRunner } from '../database/transaction-runner';
import { unfenced } from '../jobs/leases';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import type { LedgerService } from '../ledger/ledger.service';
import type { PlatformAccounts } from '../ledger/platform-accounts';
import type { MerchantProfile, MerchantsRepository } from '../merchants/merchants.repository';
import type { PayoutPort } from './payout.port';
import type { PayoutDue, PayoutsRepository } from './payouts.repository';
import type { RiskService } from '../risk/risk.service';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';
import { PayoutsService } from './payouts.service';

const now = new Date('2026-11-25T02:00:00.000Z');
const em = {} as EntityManager;
const payee = { accountNo: '6222000011112222', accountName: '聚卡咖啡有限公司', bankName: '招商银行' };
const due = (patch: Partial<PayoutDue> = {}): PayoutDue => ({
  id: 42,
  merchantId: 'm1',
  businessDate: '2026-11-24',
  status: 'PENDING_PAYOUT',
  payoutFen: 12_922,
  payoutAttempts: 0,
  payoutNo: null,
  payee,
  ...patch,
});
const profile = (status: MerchantProfile['status']): MerchantProfile => ({ id: 'm1', displayName: '聚卡咖啡', status, paymentChannels: null });

describe('PayoutsService', () => {
  let repository: jest.Mocked<Pick<PayoutsRepository, 'pendingOfRun' | 'find' | 'claimPayoutNo' | 'committedFen' | 'holdForFunds' | 'markPaid' | 'markFailed' | 'postpone' | 'reopenFailed'>>;
  let merchants: jest.Mocked<Pick<MerchantsRepository, 'profiles'>>;
  let ledger: jest.Mocked<Pick<LedgerService, 'postInTransaction' | 'lockAccounts' | 'balance'>>;
  let bank: jest.Mocked<PayoutPort>;
  let audit: jest.Mocked<Pick<AuditService, 'record'>>;
  let outbox: jest.Mocked<Pick<WebhookOutbox, 'record'>>;
  let risk: jest.Mocked<Pick<RiskService, 'decide'>>;
  let sut: PayoutsService;
  let tx: TransactionRunner;

  beforeEach(() => {
    repository = {
      pendingOfRun: jest.fn().mockResolvedValue([42]),
      find: jest.fn().mockResolvedValue(due()),
      claimPayoutNo: jest.fn((_em: EntityManager, _id: number, payoutNo: string, _at: Date) => Promise.resolve(payoutNo)),
      committedFen: jest.fn().mockResolvedValue(0),
      holdForFunds: jest.fn().mockResolvedValue(undefined),
      markPaid: jest.fn().mockResolvedValue(true),
      markFailed: jest.fn().mockResolvedValue(true),
      postpone: jest.fn().mockResolvedValue(undefined),
      reopenFailed: jest.fn().mockResolvedValue(true),
    };
    merchants = { profiles: jest.fn().mockResolvedValue(new Map([['m1', profile('APPROVED')]])) };
    // the reserve (an asset, so its credits − debits is negative) holds ¥1,000.00
    ledger = { postInTransaction: jest.fn().mockResolvedValue(undefined), lockAccounts: jest.fn().mockResolvedValue(new Map()), balance: jest.fn().mockResolvedValue(-100_000) };
    bank = { pay: jest.fn().mockResolvedValue({ kind: 'PAID', bankReference: 'B1', paidAt: now }), query: jest.fn() };
    audit = { record: jest.fn().mockResolvedValue(undefined) };
    outbox = { record: jest.fn().mockResolvedValue(undefined) };
    risk = { decide: jest.fn().mockResolvedValue({ outcome: 'allow', decisionId: 1, caseIds: [] }) };
    tx = { run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) } as unknown as TransactionRunner;
    const accounts = { reserve: async () => 1, payoutClearing: async () => 2 };
    const clock: Clock = { now: () => now };
    sut = new PayoutsService(
      repository as unknown as PayoutsRepository,
      merchants as unknown as MerchantsRepository,
      tx,
      ledger as unknown as LedgerService,
      accounts as unknown as PlatformAccounts,
      audit as unknown as AuditService,
      {} as AppConfig,
      clock,
      bank,
      risk as unknown as RiskService,
      outbox as unknown as WebhookOutbox,
    );
  });

  afterEach(() => jest.restoreAllMocks());

  it('should pay a statement under a stored payout number and move payout clearing to the reserve', async () => {
    await expect(sut.payRun(7, unfenced(tx))).resolves.toBe(1);
    expect(ledger.lockAccounts).toHaveBeenCalledWith(em, [1]);
    expect(repository.claimPayoutNo).toHaveBeenCalledWith(em, 42, 'JCS42N1', now);
    expect(bank.pay).toHaveBeenCalledWith(expect.objectContaining({ outPayoutNo: 'JCS42N1', amountFen: 12_922, accountNo: payee.accountNo, remark: '聚卡结算 2026-11-24' }));
    expect(repository.markPaid).toHaveBeenCalledWith(em, 42, 'B1', now, now);
    expect(ledger.postInTransaction).toHaveBeenCalledWith(em, {
      operationId: 'payout:42',
      kind: 'PAYOUT',
      platformInternal: true,
      legs: [{ debitAccountId: 2, creditAccountId: 1, amount: 12_922, ledger: LEDGERS.CNY, code: TRANSFER_CODES.PAYOUT }],
    });
    // the payout.paid event in the same transaction as PAID and its posting
    expect(outbox.record).toHaveBeenCalledWith(em, {
      merchantId: 'm1',
      type: 'payout.paid',
      subjectId: '42',
      occurredAt: now,
      data: { statementId: 42, businessDate: '2026-11-24', payoutFen: 12_922, bankReference: 'B1', paidAt: now.toISOString() },
    });
  });

  it.each([
    ['the bank refuses it', () => bank.pay.mockResolvedValue({ kind: 'FAILED', code: 'ACCOUNT_FROZEN', reason: '收款账户冻结' }), 'ACCOUNT_FROZEN', '收款账户冻结', 'refused by the bank'],
    ['risk control blocks it', () => risk.decide.mockRejectedValue(new DomainError('RISK_BLOCKED')), 'RISK_BLOCKED', '风控拒绝本次打款', 'blocked by risk control'],
    ['there is no settlement account', () => repository.find.mockResolvedValue(due({ payee: null, payoutAttempts: 2 })), 'NO_SETTLEMENT_ACCOUNT', '商户未登记结算账户', 'not sent: the merchant has no settlement account'],
  ])('should fail the payout with one payout.failed event and log the real reason when %s', async (_case, arrange, code, reason, logged) => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    repository.find.mockResolvedValue(due({ payoutAttempts: 2 }));
    arrange();
    await expect(sut.payRun(7, unfenced(tx))).resolves.toBe(0);
    expect(repository.markFailed).toHaveBeenCalledWith(em, 42, `${code}: ${reason}`, now);
    expect(outbox.record).toHaveBeenCalledTimes(1);
    expect(outbox.record).toHaveBeenCalledWith(em, {
      merchantId: 'm1',
      type: 'payout.failed',
      subjectId: '42:3',
      occurredAt: now,
      data: { statementId: 42, businessDate: '2026-11-24', payoutFen: 12_922, code, reason, attempt: 3, failedAt: now.toISOString() },
    });
    const lines = log.mock.calls.map((call) => String(call[0]));
    expect(lines).toEqual([expect.stringContaining(`payout ${logged}`)]);
    if (code !== 'ACCOUNT_FROZEN') expect(lines[0]).not.toContain('bank');
  });

  it('should write no payout.failed event when the statement was no longer waiting', async () => {
    bank.pay.mockResolvedValue({ kind: 'FAILED', code: 'ACCOUNT_FROZEN', reason: '收款账户冻结' });
    repository.markFailed.mockResolvedValue(false);
    await sut.payRun(7, unfenced(tx));
    expect(outbox.record).not.toHaveBeenCalled();
  });

  it('should ask the bank again with the outstanding payout number, never a new one', async () => {
    repository.find.mockResolvedValue(due({ payoutNo: 'JCS42N1', payoutAttempts: 1 }));
    await sut.payRun(7, unfenced(tx));
    expect(repository.claimPayoutNo).not.toHaveBeenCalled();
    expect(ledger.lockAccounts).not.toHaveBeenCalled(); // the reserve was claimed with the number
    expect(bank.pay).toHaveBeenCalledWith(expect.objectContaining({ outPayoutNo: 'JCS42N1' }));
  });

  it.each([
    ['the reserve is short', 12_921, 0, '¥129.21'],
    ['numbered payouts not yet paid take the rest', 100_000, 87_079, '¥129.21'],
    ['the reserve is overdrawn', -500, 0, '¥0.00'],
  ])('should hold a payout without a number or the bank when %s, and say why', async (_case, reserveFen, committedFen, available) => {
    ledger.balance.mockResolvedValue(-reserveFen);
    repository.committedFen.mockResolvedValue(committedFen);
    await expect(sut.payRun(7, unfenced(tx))).resolves.toBe(0);
    expect(repository.holdForFunds).toHaveBeenCalledWith(em, 42, `AWAITING_FUNDS: 等待渠道资金到账（备付金可用 ${available}，本笔打款 ¥129.22）`, now);
    expect(repository.claimPayoutNo).not.toHaveBeenCalled();
    expect(bank.pay).not.toHaveBeenCalled();
    expect(ledger.postInTransaction).not.toHaveBeenCalled();
  });

  it('should release a held payout once the reserve covers it exactly', async () => {
    repository.find.mockResolvedValue(due({ status: 'AWAITING_FUNDS' }));
    ledger.balance.mockResolvedValue(-(12_922 + 5_000));
    repository.committedFen.mockResolvedValue(5_000);
    await expect(sut.payRun(7, unfenced(tx))).resolves.toBe(1);
    expect(repository.claimPayoutNo).toHaveBeenCalledWith(em, 42, 'JCS42N1', now);
    expect(repository.holdForFunds).not.toHaveBeenCalled();
    expect(bank.pay).toHaveBeenCalledWith(expect.objectContaining({ outPayoutNo: 'JCS42N1', amountFen: 12_922 }));
  });

  it("should hold a frozen merchant's payout without calling the bank", async () => {
    merchants.profiles.mockResolvedValue(new Map([['m1', profile('FROZEN')]]));
    await expect(sut.payRun(7, unfenced(tx))).resolves.toBe(0);
    expect(bank.pay).not.toHaveBeenCalled();
    expect(repository.postpone).toHaveBeenCalledWith(em, 42, 0, 'MERCHANT_FROZEN: 商户已冻结，暂停打款', new Date(now.getTime() + 60_000), now);
  });

  it('should refuse the payout when the merchant has no settlement account on record', async () => {
    repository.find.mockResolvedValue(due({ payee: null }));
    await sut.payRun(7, unfenced(tx));
    expect(bank.pay).not.toHaveBeenCalled();
    expect(repository.markFailed).toHaveBeenCalledWith(em, 42, 'NO_SETTLEMENT_ACCOUNT: 商户未登记结算账户', now);
  });

  it('should close a zero payout as paid without the bank or a posting', async () => {
    repository.find.mockResolvedValue(due({ payoutFen: 0 }));
    await expect(sut.payRun(7, unfenced(tx))).resolves.toBe(1);
    expect(bank.pay).not.toHaveBeenCalled();
    expect(repository.markPaid).toHaveBeenCalledWith(em, 42, 'NO_PAYOUT', now, now);
    expect(ledger.postInTransaction).not.toHaveBeenCalled();
  });

  it.each([
    [{ kind: 'PROCESSING', bankReference: null } as const, null],
    [{ kind: 'UNKNOWN', reason: 'timeout' } as const, 'UNKNOWN: timeout'],
  ])('should back off and ask again when the bank answers %o', async (state, error) => {
    bank.pay.mockResolvedValue(state);
    await sut.payRun(7, unfenced(tx));
    expect(repository.postpone).toHaveBeenCalledWith(em, 42, 1, error, new Date(now.getTime() + 60_000), now);
    expect(repository.markPaid).not.toHaveBeenCalled();
  });

  it('should let an operator retry only a refused payout', async () => {
    repository.reopenFailed.mockResolvedValue(false);
    await expect(sut.retry('op1', 42)).rejects.toMatchObject({ code: 'PAYOUT_NOT_RETRYABLE' });
    expect(audit.record).not.toHaveBeenCalled();
  });
});
