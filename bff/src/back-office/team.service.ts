import { Injectable } from '@nestjs/common';
import type { StaffMemberView, StoreView, UpdateStaffRequest, UpdateStoreRequest } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import { IdentityRepository } from '../auth/identity.repository';
import type { StaffPrincipal } from '../auth/principal';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { MerchantsService } from '../merchants/merchants.service';

/** A staff member as the team screen edits them: what it shows (a stored row carries more, which the view drops). */
export type TeamMember = StaffMemberView;

/**
 * Owners and managers edit their stores and their people. The owner's role and account never change here, only
 * the owner edits managers or makes someone one, and nobody re-roles or deactivates themselves.
 */
@Injectable()
export class TeamService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly merchants: MerchantsService,
    private readonly stores: MerchantsRepository,
    private readonly identities: IdentityRepository,
    private readonly sessions: RefreshTokensRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async updateStore(staff: StaffPrincipal, storeId: string, input: UpdateStoreRequest): Promise<StoreView> {
    return this.tx.run(async (em) => {
      const store = await this.stores.findStore(staff.merchantId, storeId, em);
      if (!store) throw new DomainError('STORE_NOT_FOUND');
      await this.stores.updateStore(em, staff.merchantId, store.id, { name: input.name, address: input.address });
      await this.audit.record(em, {
        actorType: 'staff',
        actorId: staff.staffId,
        action: 'store.updated',
        targetType: 'store',
        targetId: store.id,
        detail: { before: { name: store.name, address: store.address }, after: { name: input.name, address: input.address } },
      });
      return { id: store.id, merchantId: store.merchantId, name: input.name, address: input.address };
    });
  }

  async listStaff(staff: StaffPrincipal): Promise<StaffMemberView[]> {
    const members = await this.identities.staffOfMerchant(staff.merchantId);
    return members.map(toStaffMemberView);
  }

  async updateStaff(staff: StaffPrincipal, staffId: string, input: UpdateStaffRequest): Promise<StaffMemberView> {
    const member = await this.identities.staffById(staffId, staff.merchantId);
    if (!member) throw new DomainError('STAFF_NOT_FOUND');
    requireMayEdit(staff, member, input);
    return this.tx.run(async (em) => {
      if (input.storeIds) await this.merchants.requireOwnStores(em, staff.merchantId, input.storeIds);
      const after = edited(member, input);
      await this.identities.updateStaffMember(em, staff.merchantId, member.id, after);
      // their access tokens stop at the next request (the guard reads the account); the sessions end here
      if (member.active && !after.active) await this.sessions.revokeSubject(em, member.id, 'staff', this.clock.now());
      await this.audit.record(em, {
        actorType: 'staff',
        actorId: staff.staffId,
        action: 'staff.updated',
        targetType: 'staff',
        targetId: member.id,
        detail: { before: snapshot(member), after: snapshot(after) },
      });
      return toStaffMemberView(after);
    });
  }
}

/** The edit rules, in the order they answer (a forbidden edit is refused before any store id is checked). */
export function requireMayEdit(staff: Pick<StaffPrincipal, 'staffId' | 'role'>, member: TeamMember, input: UpdateStaffRequest): void {
  const changesRole = input.role !== undefined && input.role !== member.role;
  const deactivates = input.active === false && member.active;
  if (member.role === 'OWNER' && (input.role !== undefined || input.active === false)) throw new DomainError('OWNER_PROTECTED');
  if (staff.role !== 'OWNER' && member.role !== 'CASHIER' && member.id !== staff.staffId) {
    throw new DomainError('FORBIDDEN', 'only the owner edits managers');
  }
  if (staff.role !== 'OWNER' && input.role === 'MANAGER' && member.role !== 'MANAGER') throw new DomainError('FORBIDDEN', 'only the owner appoints managers');
  if (member.id === staff.staffId && (changesRole || deactivates)) throw new DomainError('FORBIDDEN', 'you cannot change your own role or deactivate yourself');
}

/** The member after the edit: omitted fields stay, store ids lose repeats. */
export function edited<M extends TeamMember>(member: M, input: UpdateStaffRequest): M {
  return {
    ...member,
    displayName: input.displayName ?? member.displayName,
    role: input.role ?? member.role,
    storeIds: input.storeIds ? [...new Set(input.storeIds)] : member.storeIds,
    active: input.active ?? member.active,
  };
}

function snapshot(member: TeamMember): Record<string, unknown> {
  return { displayName: member.displayName, role: member.role, storeIds: member.storeIds, active: member.active };
}

export function toStaffMemberView(s: TeamMember): StaffMemberView {
  return { id: s.id, merchantId: s.merchantId, username: s.username, displayName: s.displayName, role: s.role, storeIds: s.storeIds, active: s.active };
}
