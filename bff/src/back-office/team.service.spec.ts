import type { StaffRole, UpdateStaffRequest } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { IdentityRepository } from '../auth/identity.repository';
import type { StaffPrincipal } from '../auth/principal';
import type { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import type { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { TransactionRunner } from '../database/transaction-runner';
import type { MerchantsRepository } from '../merchants/merchants.repository';
import type { MerchantsService } from '../merchants/merchants.service';
import { requireMayEdit, TeamService, type TeamMember } from './team.service';

const now = new Date('2026-11-25T08:00:00.000Z');
const em = {} as EntityManager;
const member = (id: string, role: StaffRole, extra: Partial<TeamMember> = {}): TeamMember => ({
  id,
  merchantId: 'm1',
  username: id,
  displayName: id,
  role,
  storeIds: ['st1'],
  active: true,
  ...extra,
});
const actor = (staffId: string, role: StaffRole) => ({ staffId, role });
const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('requireMayEdit', () => {
  it.each<[string, ReturnType<typeof actor>, TeamMember, UpdateStaffRequest, string | null]>([
    ['the owner renames a manager', actor('o', 'OWNER'), member('m', 'MANAGER'), { displayName: 'x' }, null],
    ['the owner appoints a cashier manager', actor('o', 'OWNER'), member('c', 'CASHIER'), { role: 'MANAGER' }, null],
    ['a manager edits a cashier', actor('m', 'MANAGER'), member('c', 'CASHIER'), { storeIds: ['st2'], active: false }, null],
    ['a manager renames themselves', actor('m', 'MANAGER'), member('m', 'MANAGER'), { displayName: 'x' }, null],
    ['the owner is never re-roled', actor('o', 'OWNER'), member('o', 'OWNER'), { role: 'MANAGER' }, 'OWNER_PROTECTED'],
    ['the owner is never deactivated', actor('m', 'MANAGER'), member('o', 'OWNER'), { active: false }, 'OWNER_PROTECTED'],
    ['a manager does not edit another manager', actor('m', 'MANAGER'), member('m2', 'MANAGER'), { displayName: 'x' }, 'FORBIDDEN'],
    ['a manager does not appoint managers', actor('m', 'MANAGER'), member('c', 'CASHIER'), { role: 'MANAGER' }, 'FORBIDDEN'],
    ['nobody re-roles themselves', actor('m', 'MANAGER'), member('m', 'MANAGER'), { role: 'CASHIER' }, 'FORBIDDEN'],
    ['nobody deactivates themselves', actor('m', 'MANAGER'), member('m', 'MANAGER'), { active: false }, 'FORBIDDEN'],
  ])('%s', (_, staff, target, input, expected) => {
    expect(codeOf(() => requireMayEdit(staff, target, input))).toBe(expected);
  });
});

describe('TeamService.updateStaff', () => {
  let identities: jest.Mocked<Pick<IdentityRepository, 'staffById' | 'updateStaffMember'>>;
  let sessions: jest.Mocked<Pick<RefreshTokensRepository, 'revokeSubject'>>;
  let merchants: jest.Mocked<Pick<MerchantsService, 'requireOwnStores'>>;
  let audit: jest.Mocked<Pick<AuditService, 'record'>>;
  let tx: { run: jest.Mock };
  let sut: TeamService;
  const owner = { staffId: 'o', merchantId: 'm1', role: 'OWNER' } as StaffPrincipal;

  beforeEach(() => {
    identities = {
      staffById: jest.fn().mockResolvedValue({ ...member('c', 'CASHIER', { storeIds: ['st1'] }), passwordHash: 'h', createdAt: now }),
      updateStaffMember: jest.fn().mockResolvedValue(undefined),
    };
    sessions = { revokeSubject: jest.fn().mockResolvedValue(undefined) };
    merchants = { requireOwnStores: jest.fn().mockResolvedValue(undefined) };
    audit = { record: jest.fn().mockResolvedValue(undefined) };
    tx = { run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) };
    const clock: Clock = { now: () => now };
    sut = new TeamService(
      tx as unknown as TransactionRunner,
      merchants as unknown as MerchantsService,
      {} as MerchantsRepository,
      identities as unknown as IdentityRepository,
      sessions as unknown as RefreshTokensRepository,
      audit as unknown as AuditService,
      clock,
    );
  });

  it("should answer another merchant's member like an unknown one", async () => {
    identities.staffById.mockResolvedValue(null);
    await expect(sut.updateStaff(owner, 'x', { displayName: 'x' })).rejects.toMatchObject({ code: 'STAFF_NOT_FOUND' });
    expect(identities.staffById).toHaveBeenCalledWith('x', 'm1');
    expect(tx.run).not.toHaveBeenCalled();
  });

  it('should end the sessions of a deactivated member in the same transaction, and audit before and after', async () => {
    const view = await sut.updateStaff(owner, 'c', { active: false, storeIds: ['st2', 'st2'] });
    expect(merchants.requireOwnStores).toHaveBeenCalledWith(em, 'm1', ['st2', 'st2']);
    expect(identities.updateStaffMember).toHaveBeenCalledWith(em, 'm1', 'c', expect.objectContaining({ active: false, storeIds: ['st2'] }));
    expect(sessions.revokeSubject).toHaveBeenCalledWith(em, 'c', 'staff', now);
    expect(audit.record).toHaveBeenCalledWith(em, expect.objectContaining({
      action: 'staff.updated',
      targetId: 'c',
      detail: { before: { displayName: 'c', role: 'CASHIER', storeIds: ['st1'], active: true }, after: { displayName: 'c', role: 'CASHIER', storeIds: ['st2'], active: false } },
    }));
    expect(view).toEqual({ id: 'c', merchantId: 'm1', username: 'c', displayName: 'c', role: 'CASHIER', storeIds: ['st2'], active: false });
  });

  it('should keep the sessions of a member who stays active', async () => {
    await sut.updateStaff(owner, 'c', { displayName: '小王' });
    expect(sessions.revokeSubject).not.toHaveBeenCalled();
    expect(merchants.requireOwnStores).not.toHaveBeenCalled();
  });

  it('should refuse a forbidden edit before checking stores or writing', async () => {
    const manager = { staffId: 'm', merchantId: 'm1', role: 'MANAGER' } as StaffPrincipal;
    await expect(sut.updateStaff(manager, 'c', { role: 'MANAGER', storeIds: ['elsewhere'] })).rejects.toBeInstanceOf(DomainError);
    expect(merchants.requireOwnStores).not.toHaveBeenCalled();
    expect(identities.updateStaffMember).not.toHaveBeenCalled();
  });
});
