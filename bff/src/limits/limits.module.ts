import { Global, Module, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import { KeyValueStore } from '../kv/key-value-store';
import { budgetsFrom, type BudgetName } from './budgets';
import { clientIp, type AddressedRequest } from './client-ip';
import { KvThrottlerStorage } from './kv-throttler.storage';
import { BUDGET, GLOBAL_TRACKER, LimitsGuard } from './limits.guard';

/**
 * Per-address and platform-wide budgets for the routes marked @Limited(name): @nestjs/throttler with two named
 * throttlers ("ip", "global") whose limit and window come from the route's budget, counted per route.
 */
@Global()
@Module({})
export class LimitsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const budgets = budgetsFrom(config);
    const budgetOf = (context: ExecutionContext) => budgets[(Reflect.getMetadata(BUDGET, context.getHandler()) as BudgetName | undefined) ?? 'login'];
    return {
      module: LimitsModule,
      imports: [
        ThrottlerModule.forRootAsync({
          inject: [KeyValueStore],
          useFactory: (store: KeyValueStore) => ({
            storage: new KvThrottlerStorage(store),
            setHeaders: false,
            throttlers: [
              {
                name: 'ip',
                limit: (context) => budgetOf(context).ip.limit,
                ttl: (context) => budgetOf(context).ip.ttlMs,
                getTracker: (request) => clientIp(request as AddressedRequest, config.TRUST_PROXY),
              },
              {
                name: 'global',
                limit: (context) => budgetOf(context).global.limit,
                ttl: (context) => budgetOf(context).global.ttlMs,
                getTracker: () => GLOBAL_TRACKER,
              },
            ],
          }),
        }),
      ],
      providers: [LimitsGuard],
      exports: [LimitsGuard, ThrottlerModule],
    };
  }
}
