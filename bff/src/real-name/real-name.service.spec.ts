import type { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import type { TransactionRunner } from '../database/transaction-runner';
import type { RealNameThreshold } from '../risk/real-name-threshold';
import type { IdentityVerificationClient } from './identity-verification.client';
import type { RealNameRepository, RealNameRow } from './real-name.repository';
import { RealNameService } from './real-name.service';

const operation = { kind: 'TOPUP', id: 'o1', consumerId: 'u1', cardId: 'c1', merchantId: 'm1', productId: 'p1', amountFen: 100_000 } as const;

describe('RealNameService', () => {
  let repository: jest.Mocked<Pick<RealNameRepository, 'findByConsumer' | 'insert'>>;
  let identity: jest.Mocked<Pick<IdentityVerificationClient, 'verify'>>;
  let threshold: jest.Mocked<Pick<RealNameThreshold, 'tripped'>>;
  let sut: RealNameService;

  beforeEach(() => {
    repository = { findByConsumer: jest.fn().mockResolvedValue(null), insert: jest.fn() };
    identity = { verify: jest.fn() };
    threshold = { tripped: jest.fn().mockResolvedValue([]) };
    const tx = { run: jest.fn((work: (em: unknown) => Promise<unknown>) => work({})) };
    sut = new RealNameService(
      repository as unknown as RealNameRepository,
      identity as unknown as IdentityVerificationClient,
      threshold as unknown as RealNameThreshold,
      tx as unknown as TransactionRunner,
      { record: jest.fn() } as unknown as AuditService,
      { now: () => new Date('2026-12-01T00:00:00Z') },
      { JWT_SECRET: 'x'.repeat(32) } as AppConfig,
    );
  });

  it('should refuse an unverified holder’s named card without asking the risk rules', async () => {
    await expect(sut.requireForTopUp(operation, 'NAMED')).rejects.toMatchObject({ code: 'REAL_NAME_REQUIRED' });
    expect(threshold.tripped).not.toHaveBeenCalled();
  });

  it.each([
    [[], null],
    [['aml.real-name.daily'], 'REAL_NAME_REQUIRED_FOR_AMOUNT'],
  ])('should judge an anonymous purchase by the real-name rules it trips (%j)', async (tripped, code) => {
    threshold.tripped.mockResolvedValue(tripped);
    const outcome = sut.requireForTopUp(operation, 'ANONYMOUS');
    if (code) await expect(outcome).rejects.toMatchObject({ code });
    else await expect(outcome).resolves.toBeUndefined();
  });

  it('should let a verified consumer through whatever the card', async () => {
    repository.findByConsumer.mockResolvedValue({ consumerId: 'u1' } as RealNameRow);
    await expect(sut.requireForTopUp(operation, 'NAMED')).resolves.toBeUndefined();
    await expect(sut.requireForTopUp(operation, 'ANONYMOUS')).resolves.toBeUndefined();
    expect(threshold.tripped).not.toHaveBeenCalled();
  });

  it('should store nothing and call no one for a number failing its check digit', async () => {
    await expect(sut.verify({ kind: 'consumer', consumerId: 'u1' }, { name: '张三', idNo: '110101199003074478' })).rejects.toMatchObject({ code: 'REAL_NAME_ID_INVALID' });
    expect(identity.verify).not.toHaveBeenCalled();
    expect(repository.insert).not.toHaveBeenCalled();
  });

  it('should store a sealed identity only when the service confirms it', async () => {
    identity.verify.mockResolvedValueOnce({ result: 'INCONSISTENT', requestId: 'r1' });
    await expect(sut.verify({ kind: 'consumer', consumerId: 'u1' }, { name: '张三', idNo: '110101199003074477' })).rejects.toMatchObject({ code: 'REAL_NAME_MISMATCH' });
    expect(repository.insert).not.toHaveBeenCalled();

    identity.verify.mockResolvedValueOnce({ result: 'CONSISTENT', requestId: 'r2' });
    const view = await sut.verify({ kind: 'consumer', consumerId: 'u1' }, { name: '张三', idNo: '110101199003074477' });
    expect(view).toMatchObject({ verified: true, maskedIdNo: '1101**********4477', maskedName: '张*' });
    const row = repository.insert.mock.calls[0]![1];
    expect(row.idNoSealed).toMatch(/^sbx1:/);
    expect(row.idNoSealed).not.toContain('110101199003074477');
    expect(row.retainUntil.toISOString()).toBe('2031-12-01T00:00:00.000Z');
  });
});
