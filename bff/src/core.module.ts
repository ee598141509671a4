import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit/audit.service';
import { Clock, SystemClock } from './common/clock';
import { CryptoIdGenerator, IdGenerator } from './common/ids';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { TransactionRunner } from './database/transaction-runner';
import { KeyValueStore } from './kv/key-value-store';
import { MemoryKeyValueStore } from './kv/memory-key-value-store';
import { RateLimiter } from './kv/rate-limiter';
import { RedisKeyValueStore } from './kv/redis-key-value-store';
import { AuditRepository } from './audit/audit.repository';

@Injectable()
class KeyValueStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(KeyValueStore) private readonly store: KeyValueStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Config, database, key-value store and the injectable seams (clock, ids) every context uses. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config)),
      ],
      providers: [
        AuditRepository,
        { provide: AppConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
        { provide: IdGenerator, useClass: CryptoIdGenerator },
        {
          provide: KeyValueStore,
          useFactory: async (): Promise<KeyValueStore> => {
            if (!config.REDIS_URL) {
              new Logger('KeyValueStore').warn('REDIS_URL is not set: using the in-process store (single node only)');
              return new MemoryKeyValueStore();
            }
            return RedisKeyValueStore.connect(config.REDIS_URL);
          },
        },
        KeyValueStoreCloser,
        TransactionRunner,
        RateLimiter,
        AuditService,
      ],
      exports: [AuditRepository, AppConfig, Clock, IdGenerator, KeyValueStore, TransactionRunner, RateLimiter, AuditService],
    };
  }
}

/** GET /me/member-codes/:id — the member-code page's status poll (a healthy answer is logged at debug). */
export function isMemberCodePoll(req: { method?: string; url?: string }): boolean {
  return req.method === 'GET' && /^\/me\/member-codes\/[^/?]+(\?|$)/.test(req.url ?? '');
}
