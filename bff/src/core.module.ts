import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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

/** Config, database, key-value store, logging and the injectable seams (clock, ids) every context uses. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config)),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            ...(config.logFormat === 'pretty'
              ? { transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,req,res,responseTime', messageFormat: '{context} {msg} {req.method} {req.url} {res.statusCode}' } } }
              : {}),
            // every request binds its `req` to a child logger up front, whatever the level: keep that binding to
            // what identifies the request (no headers, so no token or cookie to redact)
            serializers: {
              req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
                userAgent: req.headers?.['user-agent'],
              }),
            },
            // Fastify made the id (app.factory.ts, from X-Request-Id) and middie copied it to the raw request
            genReqId: (req: IncomingMessage & { id?: unknown }) => (typeof req.id === 'string' ? req.id : randomUUID()),
            // the member-code page asks every 1.5 s while a code is shown: a healthy answer is debug, not a line per poll
            customLogLevel: (req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : isMemberCodePoll(req) ? 'debug' : 'info',
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/health/live' || req.url === '/metrics' },
          },
        }),
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

/** GET /me/member-codes/:id — the member-code page's status poll. */
export function isMemberCodePoll(req: { method?: string; url?: string }): boolean {
  return req.method === 'GET' && /^\/me\/member-codes\/[^/?]+(\?|$)/.test(req.url ?? '');
}
