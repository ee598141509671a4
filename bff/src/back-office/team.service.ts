import { Injectable } from '@nestjs/common';
import type { StaffMemberView, StoreView, UpdateStaffRequest, UpdateStoreRequest } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { execute, TransactionRunner } from '../database/transaction-runner';
import { sqlTime } from '../database/sql-values';
import { StaffUserEntity, StoreEntity } from '../merchants/merchant.entity';
import { MerchantsService } from '../merchants/merchants.service';

/**
 * Owners and managers edit their stores and their people. The owner's role and account never change here, only
 * the owner edits managers or makes someone one, and nobody re-roles or deactivates themselves.
 */
@Injectable()
export class TeamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly merchants: MerchantsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async updateStore(staff: StaffPrincipal, storeId: string, input: UpdateStoreRequest): Promise<StoreView> {
    return this.tx.run(async (em) => {
      const store = await em.getRepository(StoreEntity).findOneBy({ id: storeId, merchantId: staff.merchantId });
      if (!store) throw new DomainError('STORE_NOT_FOUND');
      await em.getRepository(StoreEntity).update({ id: store.id, merchantId: staff.merchantId }, { name: input.name, address: input.address });
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
    const members = await this.dataSource.getRepository(StaffUserEntity).find({ where: { merchantId: staff.merchantId }, order: { createdAt: 'ASC' } });
    return members.map(toStaffMemberView);
  }

  async updateStaff(staff: StaffPrincipal, staffId: string, input: UpdateStaffRequest): Promise<StaffMemberView> {
    return this.tx.run(async (em) => {
      const member = await em.getRepository(StaffUserEntity).findOneBy({ id: staffId, merchantId: staff.merchantId });
      if (!member) throw new DomainError('STAFF_NOT_FOUND');
      requireMayEdit(staff, member, input);
      if (input.storeIds) await this.merchants.requireOwnStores(em, staff.merchantId, input.storeIds);

      const after: StaffUserEntity = {
        ...member,
        displayName: input.displayName ?? member.displayName,
        role: input.role ?? member.role,
        storeIds: input.storeIds ? [...new Set(input.storeIds)] : member.storeIds,
        active: input.active ?? member.active,
      };
      await execute(em, 'UPDATE staff_users SET display_name = ?, role = ?, store_ids = ?, active = ? WHERE id = ? AND merchant_id = ?', [
        after.displayName,
        after.role,
        JSON.stringify(after.storeIds),
        after.active ? 1 : 0,
        member.id,
        staff.merchantId,
      ]);
      // their access tokens stop at the next request (the guard reads the account); the sessions end here
      if (member.active && !after.active) await this.revokeSessions(em, member.id);
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

  private async revokeSessions(em: EntityManager, staffId: string): Promise<void> {
    await execute(em, "UPDATE refresh_tokens SET revoked_at = ? WHERE subject_id = ? AND audience = 'staff' AND revoked_at IS NULL", [
      sqlTime(this.clock.now()),
      staffId,
    ]);
  }
}

function requireMayEdit(staff: StaffPrincipal, member: StaffUserEntity, input: UpdateStaffRequest): void {
  const changesRole = input.role !== undefined && input.role !== member.role;
  const deactivates = input.active === false && member.active;
  if (member.role === 'OWNER' && (input.role !== undefined || input.active === false)) throw new DomainError('OWNER_PROTECTED');
  if (staff.role !== 'OWNER' && member.role !== 'CASHIER' && member.id !== staff.staffId) {
    throw new DomainError('FORBIDDEN', 'only the owner edits managers');
  }
  if (staff.role !== 'OWNER' && input.role === 'MANAGER' && member.role !== 'MANAGER') throw new DomainError('FORBIDDEN', 'only the owner appoints managers');
  if (member.id === staff.staffId && (changesRole || deactivates)) throw new DomainError('FORBIDDEN', 'you cannot change your own role or deactivate yourself');
}

function snapshot(member: StaffUserEntity): Record<string, unknown> {
  return { displayName: member.displayName, role: member.role, storeIds: member.storeIds, active: member.active };
}

export function toStaffMemberView(s: StaffUserEntity): StaffMemberView {
  return { id: s.id, merchantId: s.merchantId, username: s.username, displayName: s.displayName, role: s.role, storeIds: s.storeIds, active: s.active };
}
