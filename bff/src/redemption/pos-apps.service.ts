import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { PosAppCreated } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { IdGenerator } from '../common/ids';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsService } from '../merchants/merchants.service';
import type { PosAppEntity } from './redemption.entities';
import { RedemptionRepository } from './redemption.repository';

/** POS app secrets as stored: sealed with SECRETS_KEY (common/secret-box.ts); the guard opens one per request. */
@Injectable()
export class PosSecrets {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.SECRETS_KEY, config.JWT_SECRET);
  }

  seal(clear: string): string {
    return this.box.seal(clear);
  }

  /** A value still in clear (a row written by an instance older than sealing, until the next boot seals it) is its own secret. */
  open(stored: string): string {
    return SecretBox.isSealed(stored) ? this.box.open(stored) : stored;
  }
}

@Injectable()
export class PosAppsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PosAppsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly redemptions: RedemptionRepository,
    private readonly tx: TransactionRunner,
    private readonly merchants: MerchantsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly secrets: PosSecrets,
  ) {}

  /** Rows from before sealing are sealed once, at boot. */
  async onApplicationBootstrap(): Promise<void> {
    const clear = await this.redemptions.posAppsWithClearSecret();
    for (const app of clear) await this.redemptions.sealPosAppSecret(app.appKey, app.secret, this.secrets.seal(app.secret));
    if (clear.length > 0) this.logger.log(`sealed ${clear.length} POS app secret(s) stored in clear`);
  }

  /** Registers a merchant's POS server for one store; the secret is shown once. */
  async create(staff: StaffPrincipal, storeId: string, name: string): Promise<PosAppCreated> {
    await this.merchants.requireOperating(staff);
    await this.merchants.requireOwnStores(this.dataSource.manager, staff.merchantId, [storeId]);
    const secret = this.ids.token(32);
    const app: PosAppEntity = {
      appKey: `pos_${this.ids.token(12)}`,
      secret: this.secrets.seal(secret),
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
    return { appKey: app.appKey, appSecret: secret, storeId, name };
  }
}
