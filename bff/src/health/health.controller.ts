import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { KeyValueStore } from '../kv/key-value-store';

interface HealthReport {
  status: 'ok';
  database: { status: 'up'; type: string };
  keyValueStore: { status: 'up'; type: string };
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: TransactionRunner,
    @Inject(KeyValueStore) private readonly store: KeyValueStore,
  ) {}

  /** Liveness: the process answers, touching nothing else (also the benchmarks' trivial route). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when the database and the key-value store answer; 503 naming what is down otherwise. */
  @Get()
  async check(): Promise<HealthReport> {
    const down: string[] = [];
    await this.database.ping().catch(() => down.push('database'));
    await withTimeout(this.store.ping(), 1000).catch(() => down.push('key-value store'));
    if (down.length > 0) throw new DomainError('DEPENDENCY_UNAVAILABLE', `${down.join(' and ')} not answering`);
    return {
      status: 'ok',
      database: { status: 'up', type: this.database.databaseType },
      keyValueStore: { status: 'up', type: this.store.kind },
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
