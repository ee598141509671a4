import { Injectable } from '@nestjs/common';
import { businessDayOf, businessDayRange, canManageMerchant, type ShiftSummary } from '@jucard/shared';
import { IdentityRepository } from '../auth/identity.repository';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { RedemptionRepository } from './redemption.repository';
import { ShiftRepository, type ShiftTotalsRow } from './shift.repository';

/**
 * 交班: what a staff member took at one store since their shift began. A shift begins at the last handover, or at
 * the start of the business day when there was none today. Cashiers see their own sales; owners and managers see
 * every cashier's at the store, one line each.
 */
@Injectable()
export class ShiftService {
  constructor(
    private readonly shifts: ShiftRepository,
    private readonly redemptions: RedemptionRepository,
    private readonly merchants: MerchantsRepository,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  async current(staff: StaffPrincipal, storeId: string): Promise<ShiftSummary> {
    await this.checkStore(staff, storeId);
    const now = this.clock.now();
    return this.summary(staff, storeId, await this.startOf(staff, storeId, now), now, null);
  }

  /** Ends the shift now and starts the next one; answers the ended shift. A second tap ends nothing more. */
  async handOver(staff: StaffPrincipal, storeId: string): Promise<ShiftSummary> {
    await this.checkStore(staff, storeId);
    const now = this.clock.now();
    const recorded = await this.shifts.startOf(staff.staffId, storeId);
    const start = this.effectiveStart(recorded, now);
    const moved = await this.shifts.moveStart({ staffId: staff.staffId, storeId, merchantId: staff.merchantId }, recorded, now);
    if (!moved) throw new DomainError('CONFLICT', 'shift already handed over');
    return this.summary(staff, storeId, start, now, now);
  }

  private async startOf(staff: StaffPrincipal, storeId: string, now: Date): Promise<Date> {
    return this.effectiveStart(await this.shifts.startOf(staff.staffId, storeId), now);
  }

  /** A handover from an earlier day does not stretch the shift over the night: today's shift starts today. */
  private effectiveStart(recorded: Date | null, now: Date): Date {
    const dayStart = businessDayRange(businessDayOf(now))![0];
    return recorded && recorded > dayStart ? recorded : dayStart;
  }

  private async checkStore(staff: StaffPrincipal, storeId: string): Promise<void> {
    const found = (await this.merchants.storesWithStatus([storeId])).get(storeId);
    if (!found || found.store.merchantId !== staff.merchantId) throw new DomainError('STORE_NOT_FOUND');
    if (!canManageMerchant(staff.role) && !staff.storeIds.includes(storeId)) throw new DomainError('STORE_NOT_ALLOWED');
  }

  private async summary(staff: StaffPrincipal, storeId: string, from: Date, to: Date, endedAt: Date | null): Promise<ShiftSummary> {
    // the end is exclusive: a sale in the very millisecond of the handover belongs to the next shift
    const operatorId = canManageMerchant(staff.role) ? null : staff.staffId;
    const rows = await this.shifts.totals({ merchantId: staff.merchantId, storeId, from, to: new Date(to.getTime() + (endedAt ? 0 : 1)), operatorId });
    const names = await this.namesOf(staff.merchantId, rows);
    const cashiers = rows.map((r) => ({
      operatorId: r.operatorId,
      name: names.get(r.operatorId) ?? (r.operatorType === 'pos' ? '收银机' : '已删除的员工'),
      count: r.count,
      amountFen: r.amountFen,
      refundedFen: r.refundedFen,
      netFen: r.amountFen - r.refundedFen,
    }));
    const sum = (pick: (line: (typeof cashiers)[number]) => number) => cashiers.reduce((total, line) => total + pick(line), 0);
    return {
      storeId,
      startedAt: from.toISOString(),
      endedAt: endedAt ? endedAt.toISOString() : null,
      cashiers,
      totals: { count: sum((l) => l.count), amountFen: sum((l) => l.amountFen), refundedFen: sum((l) => l.refundedFen), netFen: sum((l) => l.netFen) },
    };
  }

  private async namesOf(merchantId: string, rows: ShiftTotalsRow[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    if (rows.some((r) => r.operatorType === 'staff')) for (const s of await this.identities.staffOfMerchant(merchantId)) names.set(s.id, s.displayName);
    for (const r of rows.filter((row) => row.operatorType === 'pos')) {
      const app = await this.redemptions.findPosApp(r.operatorId);
      if (app) names.set(r.operatorId, `收银机 ${app.name}`);
    }
    return names;
  }
}
