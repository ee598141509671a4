import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import { DomainError } from '../common/domain-error';
import type { BudgetName } from './budgets';

export const BUDGET = 'jucard:budget';

/** The route spends the named budget, per client address and platform-wide (limits.module.ts). */
export function Limited(budget: BudgetName) {
  return applyDecorators(SetMetadata(BUDGET, budget), UseGuards(LimitsGuard));
}

/** @nestjs/throttler's guard, answering in the project's envelope: 429 RATE_LIMITED with Retry-After. */
@Injectable()
export class LimitsGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    response.header('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    const scope = detail.tracker === GLOBAL_TRACKER ? 'the platform is busy' : 'too many requests from this address';
    throw new DomainError('RATE_LIMITED', scope, undefined, Math.max(1, detail.timeToBlockExpire));
  }
}

export const GLOBAL_TRACKER = 'platform';
