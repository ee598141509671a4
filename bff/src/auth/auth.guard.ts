import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Audience, StaffRole } from '@jucard/shared';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import { AccessRevocations } from './access-revocations';
import type { ConsumerPrincipal, OperatorPrincipal, Principal, StaffPrincipal } from './principal';
import { StaffDirectory } from './staff-directory';
import { TokenService } from './token.service';

const AUTH_RULE = 'jucard:auth-rule';

interface AuthRule {
  audience: Audience;
  roles?: StaffRole[];
}

type AuthedRequest = FastifyRequest & { principal?: Principal };

/** Requires a bearer token of one audience (and, for staff, one of the roles). */
export function Authenticated(audience: Audience, roles?: StaffRole[]) {
  return applyDecorators(SetMetadata(AUTH_RULE, { audience, roles } satisfies AuthRule), UseGuards(AuthGuard), ApiBearerAuth());
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
    private readonly staff: StaffDirectory,
    private readonly revocations: AccessRevocations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new DomainError('UNAUTHENTICATED');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new DomainError('TOKEN_INVALID');
    const verified = this.tokens.verifyAccess(match[1]);
    const claimed = verified.principal;
    if (claimed.kind !== rule.audience) throw new DomainError('FORBIDDEN', `this endpoint is for ${rule.audience} accounts`);
    const principal = claimed.kind === 'staff' ? await this.currentStaff(claimed) : claimed;
    if (principal.kind === 'staff' && rule.roles && !rule.roles.includes(principal.role)) {
      throw new DomainError('FORBIDDEN', `requires role ${rule.roles.join(' or ')}`);
    }
    if (verified.familyId && (await this.revocations.isRevoked(verified.familyId))) throw new DomainError('TOKEN_INVALID', 'the session was ended');
    request.principal = principal;
    return true;
  }

  /**
   * A staff token is only as good as the account behind it: a deactivation, a new role or new stores apply from
   * the very next request, not when the token expires.
   */
  private async currentStaff(claimed: StaffPrincipal): Promise<StaffPrincipal> {
    const staff = await this.staff.standing(claimed.staffId);
    if (!staff || staff.merchantId !== claimed.merchantId) throw new DomainError('TOKEN_INVALID');
    if (!staff.active) throw new DomainError('STAFF_DEACTIVATED');
    return { kind: 'staff', staffId: claimed.staffId, merchantId: claimed.merchantId, role: staff.role, storeIds: staff.storeIds };
  }
}

function principalOf<K extends Principal['kind']>(kind: K, context: ExecutionContext): Extract<Principal, { kind: K }> {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal || principal.kind !== kind) throw new DomainError('UNAUTHENTICATED');
  return principal as Extract<Principal, { kind: K }>;
}

export const CurrentConsumer = createParamDecorator(
  (_: unknown, context: ExecutionContext): ConsumerPrincipal => principalOf('consumer', context),
);
export const CurrentStaff = createParamDecorator(
  (_: unknown, context: ExecutionContext): StaffPrincipal => principalOf('staff', context),
);
export const CurrentOperator = createParamDecorator(
  (_: unknown, context: ExecutionContext): OperatorPrincipal => principalOf('operator', context),
);
