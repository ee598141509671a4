import { Injectable } from '@nestjs/common';
import type { PosAppCreated } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { IdGenerator } from '../common/ids';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsService } from '../merchants/merchants.service';
import type { PosAppEntity } from './redemption.entities';
import { RedemptionRepository } from './redemption.repository';

@Injectable()
export class PosAppsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redemptions: RedemptionRepository,
    private readonly tx: TransactionRunner,
    private readonly merchants: MerchantsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Registers a merchant's POS server for one store; the secret is shown once. */
  async create(staff: StaffPrincipal, storeId: string, name: string): Promise<PosAppCreated> {
    await this.merchants.requireOperating(staff);
    await this.merchants.requireOwnStores(this.dataSource.manager, staff.merchantId, [storeId]);
    const app: PosAppEntity = {
      appKey: `pos_${this.ids.token(12)}`,
      secret: this.ids.token(32),
      merchantId: staff.merchantId,
      storeId,
      name,
      active: true,
      createdAt: this.clock.now(),
    };
    await this.tx.run(async (em) => {
      await this.redemptions.insertPosApp(em, app);
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'pos_app.created', targetType: 'pos_app', targetId: app.appKey });
    });
    return { appKey: app.appKey, appSecret: app.secret, storeId, name };
  }
}
