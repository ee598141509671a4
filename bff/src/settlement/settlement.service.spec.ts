import type { ReconDayView, SettlementRunView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { CardsRepository } from '../cards/cards.repository';
import type { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import type { LedgerService } from '../ledger/ledger.service';
import type { LedgerSettlementRepository } from '../ledger/ledger-settlement.repository';
import type { PlatformAccounts } from '../ledger/platform-accounts';
import type { Merchant, MerchantsRepository } from '../merchants/merchants.repository';
import type { ReconciliationService } from '../reconciliation/reconciliation.service';
import type { RedemptionRepository } from '../redemption/redemption.repository';
import type { PayoutsService } from './payouts.service';
import type { Leases } from '../jobs/leases';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';
import type { SettlementRepository } from './settlement.repository';
import { SettlementRunJob } from './settlement-run.job';
import { SettlementService } from './settlement.service';

const day = '2026-11-24';
// the day after: the business day is over, so the cut-off is the day's end
const now = new Date('2026-11-25T02:00:00.000Z');
const dayEnd = new Date('2026-11-24T16:00:00.000Z');
const em = {} as EntityManager;
const accounts = { fee: 11, payout: 12, payable: 13 };
const kyc = { companyName: '聚卡咖啡', creditCode: 'X', legalRepresentative: '张三', contactName: '李四', contactPhone: '13800000000', settlementAccountName: '聚卡咖啡有限公司', settlementAccountNo: '6222000011112222', settlementBankName: '招商银行', businessLicenceFileId: 'f1', legalRepIdFileId: 'f2' };
const merchant: Merchant = { id: 'm1', displayName: '聚卡咖啡', status: 'APPROVED', kyc, rejectReason: null, feeRateBps: 60, paymentChannels: null, reviewedBy: null, reviewedAt: null, createdAt: now, updatedAt: now };
const reconciled: ReconDayView = { businessDate: day, runs: [], reconciled: true, openDifferences: 0 };
const runView = (id: number) => ({ id, businessDate: day, status: 'RUNNING' }) as SettlementRunView;

describe('SettlementService', () => {
  let repository: jest.Mocked<Pick<SettlementRepository, 'runningRunId' | 'oldestRunningRunId' | 'insertRun' | 'run' | 'setMerchantsToSettle' | 'countMerchantDone' | 'completeRun' | 'failRun' | 'insertStatement' | 'setTotals'>>;
  let ledgerSettlement: jest.Mocked<Pick<LedgerSettlementRepository, 'unsettledMerchants' | 'markForSettlement' | 'statementTotals'>>;
  let merchants: jest.Mocked<Pick<MerchantsRepository, 'merchantById'>>;
  let ledger: jest.Mocked<Pick<LedgerService, 'postInTransaction'>>;
  let reconciliation: jest.Mocked<Pick<ReconciliationService, 'day'>>;
  let payouts: jest.Mocked<Pick<PayoutsService, 'payRun'>>;
  let audit: jest.Mocked<Pick<AuditService, 'record'>>;
  let outbox: jest.Mocked<Pick<WebhookOutbox, 'record'>>;
  let leases: jest.Mocked<Pick<Leases, 'isHeld'>>;
  let sut: SettlementService;

  beforeEach(() => {
    repository = {
      runningRunId: jest.fn().mockResolvedValue(null),
      // the job takes the RUNNING run start() left, then finds none
      oldestRunningRunId: jest.fn().mockResolvedValueOnce(1).mockResolvedValue(null),
      insertRun: jest.fn().mockResolvedValue(1),
      run: jest.fn((id: number) => Promise.resolve({ run: runView(id), cutoff: dayEnd })),
      setMerchantsToSettle: jest.fn().mockResolvedValue(undefined),
      countMerchantDone: jest.fn().mockResolvedValue(undefined),
      completeRun: jest.fn().mockResolvedValue(undefined),
      failRun: jest.fn().mockResolvedValue(undefined),
      insertStatement: jest.fn().mockResolvedValue(501),
      setTotals: jest.fn().mockResolvedValue(undefined),
    };
    ledgerSettlement = {
      unsettledMerchants: jest.fn().mockResolvedValue(['m1']),
      markForSettlement: jest.fn().mockResolvedValue(3),
      statementTotals: jest.fn().mockResolvedValue(
        new Map([
          [TRANSFER_CODES.REDEMPTION, { count: 2, totalFen: 15_000 }],
          [TRANSFER_CODES.REVERSAL, { count: 1, totalFen: 2_000 }],
        ]),
      ),
    };
    merchants = { merchantById: jest.fn().mockResolvedValue(merchant) };
    ledger = { postInTransaction: jest.fn().mockResolvedValue(undefined) };
    reconciliation = { day: jest.fn().mockResolvedValue(reconciled) };
    payouts = { payRun: jest.fn().mockResolvedValue(1) };
    audit = { record: jest.fn().mockResolvedValue(undefined) };
    outbox = { record: jest.fn().mockResolvedValue(undefined) };
    const tx = { isSqlite: true, run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) };
    const platform = { feeRevenue: async () => accounts.fee, payoutClearing: async () => accounts.payout, merchantPayable: async () => accounts.payable };
    const clock: Clock = { now: () => now };
    leases = { isHeld: jest.fn().mockResolvedValue(false) };
    // the job without leases (unleased, plain transactions): the lease has its own tests
    const runner = new SettlementRunJob(
      repository as unknown as SettlementRepository,
      ledgerSettlement as unknown as LedgerSettlementRepository,
      merchants as unknown as MerchantsRepository,
      tx as unknown as TransactionRunner,
      ledger as unknown as LedgerService,
      platform as unknown as PlatformAccounts,
      payouts as unknown as PayoutsService,
      { DEFAULT_FEE_RATE_BPS: 30 } as AppConfig,
      clock,
      outbox as unknown as WebhookOutbox,
    );
    sut = new SettlementService(
      repository as unknown as SettlementRepository,
      ledgerSettlement as unknown as LedgerSettlementRepository,
      merchants as unknown as MerchantsRepository,
      {} as RedemptionRepository,
      {} as CardsRepository,
      tx as unknown as TransactionRunner,
      reconciliation as unknown as ReconciliationService,
      runner,
      audit as unknown as AuditService,
      clock,
      leases as unknown as Leases,
    );
  });

  it("should settle a merchant's net (redeemed − reversed) once, posting the fee and the payout from its payable", async () => {
    const { completion } = await sut.start({ day, trigger: 'MANUAL', requestedBy: 'op1', overrideReason: null });
    await completion;

    expect(repository.insertRun).toHaveBeenCalledWith(em, expect.objectContaining({ day, partialDay: false, cutoff: dayEnd, overrideReason: null }));
    expect(repository.insertStatement).toHaveBeenCalledWith(em, {
      merchantId: 'm1',
      day,
      runId: 1,
      feeRateBps: 60,
      payee: { accountNo: '6222000011112222', accountName: '聚卡咖啡有限公司', bankName: '招商银行' },
      createdAt: now,
    });
    expect(ledgerSettlement.markForSettlement).toHaveBeenCalledWith(em, 'm1', dayEnd, 501);
    // net ¥130.00; fee 0.60% = ¥0.78; payout ¥129.22
    expect(repository.setTotals).toHaveBeenCalledWith(em, 501, {
      redeemedFen: 15_000,
      reversedFen: 2_000,
      netFen: 13_000,
      feeFen: 78,
      payoutFen: 12_922,
      redemptionCount: 2,
      reversalCount: 1,
    });
    expect(ledger.postInTransaction).toHaveBeenCalledWith(em, {
      operationId: 'settlement:501',
      kind: 'SETTLEMENT',
      merchantId: 'm1',
      platformInternal: true,
      legs: [
        { debitAccountId: accounts.payable, creditAccountId: accounts.fee, amount: 78, ledger: LEDGERS.CNY, code: TRANSFER_CODES.FEE },
        { debitAccountId: accounts.payable, creditAccountId: accounts.payout, amount: 12_922, ledger: LEDGERS.CNY, code: TRANSFER_CODES.PAYOUT },
      ],
    });
    // the statement.settled event, in the statement's own transaction
    expect(outbox.record).toHaveBeenCalledWith(em, {
      merchantId: 'm1',
      type: 'statement.settled',
      subjectId: '501',
      occurredAt: now,
      data: {
        statementId: 501,
        businessDate: day,
        redeemedPrincipalFen: 15_000,
        reversedPrincipalFen: 2_000,
        netFen: 13_000,
        feeRateBps: 60,
        feeFen: 78,
        payoutFen: 12_922,
        redemptionCount: 2,
        reversalCount: 1,
        settledAt: now.toISOString(),
      },
    });
    expect(payouts.payRun).toHaveBeenCalledWith(1, expect.anything());
    expect(repository.completeRun).toHaveBeenCalledWith(em, 1, now);
  });

  it('should carry the lines forward when reversals leave nothing owed', async () => {
    ledgerSettlement.statementTotals.mockResolvedValue(new Map([[TRANSFER_CODES.REVERSAL, { count: 1, totalFen: 2_000 }]]));
    await (await sut.start({ day, trigger: 'SCHEDULED', requestedBy: null, overrideReason: null })).completion;

    expect(repository.setTotals).not.toHaveBeenCalled();
    expect(ledger.postInTransaction).not.toHaveBeenCalled();
    expect(outbox.record).not.toHaveBeenCalled();
    expect(repository.countMerchantDone).toHaveBeenCalledWith(em, 1);
    expect(repository.completeRun).toHaveBeenCalled();
  });

  it('should take the default fee rate when the merchant has none', async () => {
    merchants.merchantById.mockResolvedValue({ ...merchant, feeRateBps: null });
    await (await sut.start({ day, trigger: 'SCHEDULED', requestedBy: null, overrideReason: null })).completion;
    expect(repository.setTotals).toHaveBeenCalledWith(em, 501, expect.objectContaining({ netFen: 13_000, feeFen: 39, payoutFen: 12_961 }));
  });

  it('should resume an interrupted run rather than open a second one', async () => {
    repository.runningRunId.mockResolvedValue(7);
    repository.oldestRunningRunId.mockReset().mockResolvedValueOnce(7).mockResolvedValue(null);
    const { run, completion } = await sut.start({ day, trigger: 'MANUAL', requestedBy: 'op1', overrideReason: null });
    await completion;

    expect(run.id).toBe(7);
    expect(repository.insertRun).not.toHaveBeenCalled();
    expect(repository.insertStatement).toHaveBeenCalledWith(em, expect.objectContaining({ runId: 7 }));
    expect(repository.completeRun).toHaveBeenCalledWith(em, 7, now);
  });

  it("should refuse to start a day's run while an instance holds the settlement lease", async () => {
    let release!: (ids: string[]) => void;
    ledgerSettlement.unsettledMerchants.mockReturnValue(new Promise((resolve) => (release = resolve)));
    const first = await sut.start({ day, trigger: 'MANUAL', requestedBy: 'op1', overrideReason: null });
    repository.runningRunId.mockResolvedValue(first.run.id);
    leases.isHeld.mockResolvedValue(true);

    await expect(sut.start({ day, trigger: 'MANUAL', requestedBy: 'op1', overrideReason: null })).rejects.toMatchObject({ code: 'SETTLEMENT_RUNNING' });
    release([]);
    await first.completion;
  });

  it('should refuse an unreconciled day unless an override reason is given, and audit the override', async () => {
    reconciliation.day.mockResolvedValue({ ...reconciled, reconciled: false, openDifferences: 2 });
    await expect(sut.start({ day, trigger: 'MANUAL', requestedBy: 'op1', overrideReason: null })).rejects.toMatchObject({ code: 'DAY_NOT_RECONCILED' });
    expect(repository.insertRun).not.toHaveBeenCalled();

    await (await sut.start({ day, trigger: 'MANUAL', requestedBy: 'op1', overrideReason: '渠道账单延迟' })).completion;
    expect(repository.insertRun).toHaveBeenCalledWith(em, expect.objectContaining({ overrideReason: '渠道账单延迟' }));
    expect(audit.record).toHaveBeenCalledWith(em, expect.objectContaining({ action: 'settlement.override_unreconciled', targetId: '1' }));
  });

  it('should mark the run FAILED, to be resumed, when a merchant cannot be settled', async () => {
    merchants.merchantById.mockResolvedValue(null);
    await (await sut.start({ day, trigger: 'MANUAL', requestedBy: 'op1', overrideReason: null })).completion;
    expect(repository.failRun).toHaveBeenCalledWith(em, 1, 'transfers name merchant m1, which does not exist', now);
    expect(repository.completeRun).not.toHaveBeenCalled();
  });
});
