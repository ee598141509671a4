import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { KeyValueStore } from '../kv/key-value-store';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/**
 * Access tokens are not looked up, so a revoked session (logout, a refresh token reused) would keep its access
 * tokens for their whole life. Revoking a family leaves a mark in the key-value store for as long as any of its
 * access tokens can live; the guard checks it with one GET. The database (refresh_tokens.revoked_at) is the
 * truth: when the store cannot answer, the guard asks it instead.
 */
@Injectable()
export class AccessRevocations {
  private readonly logger = new Logger(AccessRevocations.name);

  constructor(
    private readonly store: KeyValueStore,
    private readonly tokens: RefreshTokensRepository,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Called after the revocation is committed. */
  async revokeFamily(familyId: string): Promise<void> {
    // a token signed a moment before the revocation lives ACCESS_TOKEN_TTL_SECONDS from then; a second of slack for clocks
    const ttlMs = (this.config.ACCESS_TOKEN_TTL_SECONDS + 1) * 1000;
    await this.store.set(key(familyId), '1', { ttlMs }).catch((error: unknown) => {
      this.logger.error(`access tokens of a revoked session stay valid until they expire: key-value store unavailable (${String(error)})`);
    });
  }

  async isRevoked(familyId: string): Promise<boolean> {
    try {
      return (await this.store.get(key(familyId))) !== null;
    } catch {
      return this.tokens.familyRevoked(this.dataSource.manager, familyId);
    }
  }
}

const key = (familyId: string) => `revoked-family:${familyId}`;
