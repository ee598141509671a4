import { Injectable, Logger } from '@nestjs/common';
import type { Audience, ConsumerProfile, TokenPair } from '@jucard/shared';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { RateLimiter } from '../kv/rate-limiter';
import { IdentityRepository, type Consumer, type ConsumerIdentity, type StaffAccount } from './identity.repository';
import { PasswordHasher, UNKNOWN_USER_HASH } from './password-hasher';
import { OneTimeCodes } from './one-time-codes';
import type { Principal } from './principal';
import { RefreshTokenStore } from './refresh-token.store';
import { TokenService } from './token.service';
import { normalizeUsername } from './username';
import { WechatLoginClient } from './wechat-login.client';

const LOGIN_WINDOW_MS = 15 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly identities: IdentityRepository,
    private readonly tx: TransactionRunner,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly passwords: PasswordHasher,
    private readonly wechat: WechatLoginClient,
    private readonly codes: OneTimeCodes,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  async loginWithWechat(code: string): Promise<TokenPair> {
    await this.limiter.consume(`login:wechat:${sha256(code)}`, this.config.LOGIN_RATE_LIMIT, LOGIN_WINDOW_MS);
    const openid = await this.wechat.openidFor(code);
    const consumer = await this.findOrCreateConsumer({ wechatOpenid: openid });
    return this.issue({ kind: 'consumer', consumerId: consumer.id });
  }

  sendPhoneCode(phone: string): Promise<{ resendAfterSeconds: number }> {
    return this.codes.send(phone, 'login', (code) => ({ text: `【聚卡】您的登录验证码是 ${code}，5分钟内有效。请勿告诉他人。`, templateParams: [code, '5'] }));
  }

  async loginWithPhone(phone: string, code: string): Promise<TokenPair> {
    if (!(await this.codes.consume(phone, 'login', code))) throw new DomainError('OTP_INVALID');
    const consumer = await this.findOrCreateConsumer({ phone });
    return this.issue({ kind: 'consumer', consumerId: consumer.id });
  }

  async loginStaff(rawUsername: string, password: string): Promise<TokenPair> {
    const username = normalizeUsername(rawUsername);
    const staff = await this.identities.staffByUsername(username);
    const bucket = `login:staff:${staff ? staff.id : `unknown:${username}`}`;
    await this.limiter.consume(bucket, this.config.LOGIN_RATE_LIMIT, LOGIN_WINDOW_MS);
    const valid = await this.passwords.verify(password, staff?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!staff || !valid.ok || !staff.active) throw new DomainError('INVALID_CREDENTIALS');
    await this.limiter.reset(bucket);
    if (valid.rehash) await this.identities.updateStaffPasswordHash(staff.id, staff.passwordHash, await this.passwords.hash(password));
    return this.issue(staffPrincipal(staff));
  }

  async loginOperator(rawUsername: string, password: string): Promise<TokenPair> {
    const username = normalizeUsername(rawUsername);
    const operator = await this.identities.operatorByUsername(username);
    const bucket = `login:operator:${operator ? operator.id : `unknown:${username}`}`;
    await this.limiter.consume(bucket, this.config.LOGIN_RATE_LIMIT, LOGIN_WINDOW_MS);
    const valid = await this.passwords.verify(password, operator?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!operator || !valid.ok) throw new DomainError('INVALID_CREDENTIALS');
    await this.limiter.reset(bucket);
    if (valid.rehash) await this.identities.updateOperatorPasswordHash(operator.id, operator.passwordHash, await this.passwords.hash(password));
    return this.issue({ kind: 'operator', operatorId: operator.id });
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.refreshTokens.rotate(refreshToken);
    switch (outcome.kind) {
      case 'invalid':
        throw new DomainError('TOKEN_INVALID');
      case 'expired':
        throw new DomainError('TOKEN_EXPIRED');
      case 'reused':
        this.logger.warn('a used refresh token was presented again; its family is revoked');
        throw new DomainError('REFRESH_TOKEN_REUSED');
      case 'rotated': {
        const principal = await this.currentPrincipal(outcome.subjectId, outcome.audience);
        return this.pair(principal, outcome.token, outcome.familyId);
      }
    }
  }

  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.revoke(refreshToken);
  }

  async profile(consumerId: string): Promise<ConsumerProfile> {
    const consumer = await this.identities.consumerById(consumerId);
    if (!consumer) throw new DomainError('UNAUTHENTICATED');
    return {
      id: consumer.id,
      nickname: consumer.nickname,
      phoneMasked: consumer.phone ? `${consumer.phone.slice(0, 3)}****${consumer.phone.slice(-4)}` : null,
    };
  }

  /** Roles, stores and account state are read again at every refresh, so a change reaches the next access token. */
  private async currentPrincipal(subjectId: string, audience: Audience): Promise<Principal> {
    switch (audience) {
      case 'consumer': {
        const consumer = await this.identities.consumerById(subjectId);
        if (!consumer) throw new DomainError('TOKEN_INVALID');
        return { kind: 'consumer', consumerId: consumer.id };
      }
      case 'staff': {
        const staff = await this.identities.staffById(subjectId);
        if (!staff?.active) throw new DomainError('TOKEN_INVALID');
        return staffPrincipal(staff);
      }
      case 'operator': {
        const operator = await this.identities.operatorById(subjectId);
        if (!operator) throw new DomainError('TOKEN_INVALID');
        return { kind: 'operator', operatorId: operator.id };
      }
    }
  }

  private async issue(principal: Principal): Promise<TokenPair> {
    const subject = principal.kind === 'consumer' ? principal.consumerId : principal.kind === 'staff' ? principal.staffId : principal.operatorId;
    const session = await this.refreshTokens.issue(subject, principal.kind);
    return this.pair(principal, session.token, session.familyId);
  }

  private pair(principal: Principal, refreshToken: string, familyId: string): TokenPair {
    return {
      accessToken: this.tokens.signAccess(principal, familyId),
      expiresIn: this.tokens.accessTtlSeconds,
      refreshToken,
      tokenType: 'Bearer',
    };
  }

  private async findOrCreateConsumer(identity: ConsumerIdentity): Promise<Consumer> {
    const existing = await this.identities.consumerByIdentity(identity);
    if (existing) return existing;
    const consumer: Consumer = {
      id: this.ids.uuid(),
      wechatOpenid: 'wechatOpenid' in identity ? identity.wechatOpenid : null,
      phone: 'phone' in identity ? identity.phone : null,
      nickname: null,
      createdAt: this.clock.now(),
    };
    try {
      await this.tx.run((em) => this.identities.insertConsumer(em, consumer));
      this.logger.log(`new consumer ${consumer.id} (${'phone' in identity ? 'phone' : 'wechat'})`);
      return consumer;
    } catch (error) {
      // two first logins racing: the other one created the consumer
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.identities.consumerByIdentity(identity);
      if (!winner) throw error;
      return winner;
    }
  }
}

function staffPrincipal(staff: StaffAccount): Principal {
  return { kind: 'staff', staffId: staff.id, merchantId: staff.merchantId, role: staff.role, storeIds: staff.storeIds };
}
