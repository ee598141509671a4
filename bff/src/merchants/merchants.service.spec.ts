import type { UploadPurpose } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { IdentityRepository } from '../auth/identity.repository';
import type { PasswordHasher } from '../auth/password-hasher';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/principal';
import type { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { IdGenerator } from '../common/ids';
import type { TransactionRunner } from '../database/transaction-runner';
import type { FilesService } from '../files/files.service';
import type { Merchant, MerchantsRepository } from './merchants.repository';
import { DEFAULT_FEE_RATE_BPS, MerchantsService } from './merchants.service';

const now = new Date('2026-11-25T08:00:00.000Z');
const em = {} as EntityManager;
const owner: StaffPrincipal = { kind: 'staff', staffId: 's1', merchantId: 'm1', role: 'OWNER', storeIds: [] };
const manager: StaffPrincipal = { ...owner, staffId: 's2', role: 'MANAGER' };
const operator: OperatorPrincipal = { kind: 'operator', operatorId: 'o1' };
const merchant = (overrides: Partial<Merchant> = {}): Merchant => ({
  id: 'm1',
  displayName: '聚卡咖啡',
  status: 'APPROVED',
  kyc: null,
  rejectReason: null,
  feeRateBps: 60,
  paymentChannels: null,
  reviewedBy: null,
  reviewedAt: null,
  createdAt: now,
  updatedAt: now,
  ...overrides,
});
const uniqueViolation = Object.assign(new Error('duplicate'), { driverError: { errno: 1062 } });
const rejection = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: unknown) => (error instanceof DomainError ? error.code : error));

describe('MerchantsService', () => {
  let merchants: jest.Mocked<Pick<MerchantsRepository, 'insertMerchant' | 'merchantById' | 'submitKyc' | 'review' | 'insertStore' | 'countOwnStores'>>;
  let identities: jest.Mocked<Pick<IdentityRepository, 'insertStaff'>>;
  let audit: jest.Mocked<Pick<AuditService, 'record'>>;
  let files: jest.Mocked<Pick<FilesService, 'requireOwn' | 'linkTo'>>;
  let sut: MerchantsService;

  beforeEach(() => {
    merchants = {
      insertMerchant: jest.fn().mockResolvedValue(undefined),
      merchantById: jest.fn().mockResolvedValue(merchant()),
      submitKyc: jest.fn().mockResolvedValue(true),
      review: jest.fn().mockResolvedValue(true),
      insertStore: jest.fn().mockResolvedValue(undefined),
      countOwnStores: jest.fn((_em: EntityManager | undefined, _m: string, ids: string[]) => Promise.resolve(ids.length)),
    };
    identities = { insertStaff: jest.fn().mockResolvedValue(undefined) };
    audit = { record: jest.fn().mockResolvedValue(undefined) };
    files = { requireOwn: jest.fn().mockResolvedValue(undefined), linkTo: jest.fn<string, [string, UploadPurpose]>((id) => `/files/${id}?signed`) };
    const tx = { run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) };
    const passwords = { hash: async (p: string) => `hashed:${p}` } as PasswordHasher;
    const clock: Clock = { now: () => now };
    let n = 0;
    const ids = { uuid: () => `id-${++n}` } as IdGenerator;
    sut = new MerchantsService(
      merchants as unknown as MerchantsRepository,
      identities as unknown as IdentityRepository,
      tx as unknown as TransactionRunner,
      passwords,
      audit as unknown as AuditService,
      clock,
      ids,
      files as unknown as FilesService,
    );
  });

  it('should register a DRAFT merchant together with its active owner account, audited in the same transaction', async () => {
    const view = await sut.register({ displayName: '聚卡咖啡', username: 'boss', password: 'pw-123456' });
    expect(view).toMatchObject({ id: 'id-1', status: 'DRAFT', feeRateBps: null });
    expect(merchants.insertMerchant).toHaveBeenCalledWith(em, expect.objectContaining({ id: 'id-1', status: 'DRAFT' }));
    expect(identities.insertStaff).toHaveBeenCalledWith(em, expect.objectContaining({ merchantId: 'id-1', role: 'OWNER', active: true, passwordHash: 'hashed:pw-123456' }));
    expect(audit.record).toHaveBeenCalledWith(em, expect.objectContaining({ action: 'merchant.register', targetId: 'id-1' }));
  });

  it('should answer a taken username with USERNAME_TAKEN', async () => {
    identities.insertStaff.mockRejectedValue(uniqueViolation);
    expect(await rejection(sut.register({ displayName: 'x', username: 'boss', password: 'pw-123456' }))).toBe('USERNAME_TAKEN');
  });

  it.each([
    ['DRAFT', 'resolved'],
    ['REJECTED', 'resolved'],
    ['PENDING_REVIEW', 'MERCHANT_STATE_INVALID'],
    ['APPROVED', 'MERCHANT_STATE_INVALID'],
    ['FROZEN', 'MERCHANT_STATE_INVALID'],
  ] as const)('should answer a KYC submission of a %s merchant with: %s', async (status, answer) => {
    merchants.merchantById.mockResolvedValue(merchant({ status }));
    expect(await rejection(sut.submitKyc(owner, {} as never))).toBe(answer);
  });

  it('should refuse a KYC submission that lost the race to another state change', async () => {
    merchants.merchantById.mockResolvedValue(merchant({ status: 'DRAFT' }));
    merchants.submitKyc.mockResolvedValue(false);
    expect(await rejection(sut.submitKyc(owner, {} as never))).toBe('MERCHANT_STATE_INVALID');
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('should approve at the default fee when the operator names none, and reject with an empty reason when none is given', async () => {
    await sut.review(operator, 'm1', { decision: 'APPROVE' });
    expect(merchants.review).toHaveBeenLastCalledWith(em, 'm1', { decision: 'APPROVE', feeRateBps: DEFAULT_FEE_RATE_BPS, operatorId: 'o1', at: now });
    await sut.review(operator, 'm1', { decision: 'REJECT' });
    expect(merchants.review).toHaveBeenLastCalledWith(em, 'm1', { decision: 'REJECT', reason: '', operatorId: 'o1', at: now });
  });

  it('should refuse a review of a merchant that is not pending review', async () => {
    merchants.review.mockResolvedValue(false);
    expect(await rejection(sut.review(operator, 'm1', { decision: 'APPROVE', feeRateBps: 30 }))).toBe('MERCHANT_STATE_INVALID');
  });

  it.each([
    ['DRAFT', 'MERCHANT_NOT_APPROVED'],
    ['FROZEN', 'MERCHANT_NOT_APPROVED'],
    ['APPROVED', 'resolved'],
  ] as const)('should answer a new store of a %s merchant with: %s', async (status, answer) => {
    merchants.merchantById.mockResolvedValue(merchant({ status }));
    expect(await rejection(sut.createStore(owner, { name: '一号店', address: '上海' }))).toBe(answer);
  });

  it('should let only the owner appoint a manager', async () => {
    const input = { username: 'm', password: 'pw-123456', displayName: '店长', role: 'MANAGER' as const, storeIds: [] };
    expect(await rejection(sut.createStaff(manager, input))).toBe('FORBIDDEN');
    expect(await rejection(sut.createStaff(owner, input))).toBe('resolved');
  });

  it("should refuse store ids that are not all the merchant's, counting each id once", async () => {
    merchants.countOwnStores.mockResolvedValue(1);
    expect(await rejection(sut.requireOwnStores(em, 'm1', ['st1', 'st1']))).toBe('resolved');
    expect(merchants.countOwnStores).toHaveBeenLastCalledWith(em, 'm1', ['st1']);
    expect(await rejection(sut.requireOwnStores(em, 'm1', ['st1', 'st2']))).toBe('STORE_NOT_FOUND');
  });
});
