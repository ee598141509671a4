import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ApiKeyCreated, ApiKeyView, PosAppCreated } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SecretBox } from '../common/secret-box';
import { SecretsAtRest } from '../common/secrets-at-rest';
import { IdGenerator } from '../common/ids';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsService } from '../merchants/merchants.service';
import type { CreateApiKeyDto } from './pos-apps.dto';
import { PosAppsRepository, toApiKeyView, type ApiKeyRow } from './pos-apps.repository';
import type { PosAppEntity } from './redemption.entities';
import { RedemptionRepository } from './redemption.repository';

/** POS app secrets as stored: sealed with SECRETS_KEY (common/secrets-at-rest.ts); the guard opens one per request. */
@Injectable()
export class PosSecrets extends SecretsAtRest {
  /** A value still in clear (a row written by an instance older than sealing, until the next boot seals it) is its own secret. */
  override open(stored: string): string {
    return SecretBox.isSealed(stored) ? super.open(stored) : stored;
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
    private readonly keys: PosAppsRepository,
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

  /** A merchant API key with scopes and stores; the secret is shown once. */
  async createKey(staff: StaffPrincipal, input: CreateApiKeyDto): Promise<ApiKeyCreated> {
    await this.merchants.requireOperating(staff);
    const storeIds = [...new Set(input.storeIds)];
    await this.merchants.requireOwnStores(this.dataSource.manager, staff.merchantId, storeIds);
    const secret = this.ids.token(32);
    const row: ApiKeyRow = {
      appKey: `pos_${this.ids.token(12)}`,
      merchantId: staff.merchantId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      storeIds,
      secret: this.secrets.seal(secret),
      previousSecret: null,
      previousSecretUntil: null,
      active: true,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: this.clock.now(),
    };
    await this.tx.run(async (em) => {
      await this.keys.insert(em, row);
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'api_key.created', targetType: 'pos_app', targetId: row.appKey, detail: { scopes: row.scopes, storeIds } });
    });
    return { ...toApiKeyView(row, this.clock.now()), appSecret: secret };
  }

  async listKeys(staff: StaffPrincipal): Promise<ApiKeyView[]> {
    const now = this.clock.now();
    return (await this.keys.listOfMerchant(staff.merchantId)).map((row) => toApiKeyView(row, now));
  }

  /** A new secret; the previous one keeps signing for `overlapSeconds` (0: it stops at once). */
  async rotateKey(staff: StaffPrincipal, appKey: string, overlapSeconds: number): Promise<ApiKeyCreated> {
    await this.own(staff, appKey);
    const secret = this.ids.token(32);
    const until = new Date(this.clock.now().getTime() + overlapSeconds * 1000);
    await this.tx.run(async (em) => {
      if (!(await this.keys.rotate(em, staff.merchantId, appKey, this.secrets.seal(secret), until))) throw new DomainError('API_KEY_REVOKED');
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'api_key.rotated', targetType: 'pos_app', targetId: appKey, detail: { overlapSeconds } });
    });
    return { ...toApiKeyView(await this.own(staff, appKey), this.clock.now()), appSecret: secret };
  }

  /** Revokes a key: it fails on its very next request (the guard reads the key on every request). */
  async revokeKey(staff: StaffPrincipal, appKey: string): Promise<ApiKeyView> {
    await this.own(staff, appKey);
    await this.tx.run(async (em) => {
      if (!(await this.keys.revoke(em, staff.merchantId, appKey, this.clock.now()))) return;
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'api_key.revoked', targetType: 'pos_app', targetId: appKey });
    });
    return toApiKeyView(await this.own(staff, appKey), this.clock.now());
  }

  /** The key if it is this merchant's; another merchant's is answered exactly like an unknown one. */
  private async own(staff: StaffPrincipal, appKey: string): Promise<ApiKeyRow> {
    const row = await this.keys.findOfMerchant(staff.merchantId, appKey);
    if (!row) throw new DomainError('API_KEY_NOT_FOUND');
    return row;
  }
}
