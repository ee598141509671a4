import { Injectable } from '@nestjs/common';
import { STAFF_ROLES, type Audience, type StaffRole } from '@jucard/shared';
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import type { Principal } from './principal';

const ALGORITHM = 'HS256' as const;
const ISSUER = 'jucard';

interface AccessClaims {
  sub: string;
  aud: Audience;
  mid?: string;
  role?: StaffRole;
  stores?: string[];
  /** The refresh family the token was issued with: revoking the family revokes the token (access-revocations.ts). */
  fam?: string;
}

/** A verified access token: who, and the session (refresh family) it belongs to, when it names one. */
export interface VerifiedAccess {
  principal: Principal;
  familyId: string | null;
  /** Unix seconds. */
  expiresAt: number;
}

/** Short-lived access tokens: HS256 only (the verifier names its one algorithm), issuer and audience checked. */
@Injectable()
export class TokenService {
  // a KeyObject built once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on
  // every verification, which cost about 15% of the BFF's CPU per authenticated request (bench:redeem)
  private readonly key: KeyObject;

  constructor(private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
  }

  get accessTtlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  signAccess(principal: Principal, familyId: string): string {
    const claims: Omit<AccessClaims, 'sub' | 'aud'> = {
      fam: familyId,
      ...(principal.kind === 'staff' ? { mid: principal.merchantId, role: principal.role, stores: principal.storeIds } : {}),
    };
    return jwt.sign(claims, this.key, {
      algorithm: ALGORITHM,
      issuer: ISSUER,
      audience: principal.kind,
      subject: subjectOf(principal),
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
    });
  }

  verifyAccess(token: string): VerifiedAccess {
    let claims: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER });
      if (typeof decoded === 'string') throw new DomainError('TOKEN_INVALID');
      claims = decoded;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new DomainError('TOKEN_EXPIRED');
      throw new DomainError('TOKEN_INVALID');
    }
    return { principal: toPrincipal(claims), familyId: typeof claims.fam === 'string' ? claims.fam : null, expiresAt: claims.exp ?? 0 };
  }
}

function subjectOf(principal: Principal): string {
  switch (principal.kind) {
    case 'consumer':
      return principal.consumerId;
    case 'staff':
      return principal.staffId;
    case 'operator':
      return principal.operatorId;
  }
}

function toPrincipal(claims: jwt.JwtPayload): Principal {
  const sub = claims.sub;
  if (typeof sub !== 'string' || !sub) throw new DomainError('TOKEN_INVALID');
  switch (claims.aud) {
    case 'consumer':
      return { kind: 'consumer', consumerId: sub };
    case 'operator':
      return { kind: 'operator', operatorId: sub };
    case 'staff': {
      const role = claims.role as StaffRole;
      if (typeof claims.mid !== 'string' || !STAFF_ROLES.includes(role) || !Array.isArray(claims.stores)) {
        throw new DomainError('TOKEN_INVALID');
      }
      return { kind: 'staff', staffId: sub, merchantId: claims.mid, role, storeIds: claims.stores.map(String) };
    }
    default:
      throw new DomainError('TOKEN_INVALID');
  }
}
