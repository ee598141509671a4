import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/** MySQL/MariaDB errors after which the whole transaction may be retried unchanged (ids stay the same). */
const RETRYABLE_MYSQL_ERRNOS = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);
const MAX_ATTEMPTS = 5;

/**
 * Opens every write transaction of the BFF.
 * - MySQL/MariaDB: READ COMMITTED (money is decided by conditional UPDATEs, never by snapshot reads) and a
 *   retry of the whole unit on deadlock or lock timeout — safe because every money write carries its own unique id.
 *   The isolation level is set once per pooled connection (for its session), so a transaction costs no extra
 *   round trip for it.
 * - SQLite (embedded profile): one connection, so transactions are queued in-process; TypeORM would otherwise
 *   interleave two transactions on the same connection.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private queue: Promise<unknown> = Promise.resolve();
  /** Pooled MySQL connections whose session is already READ COMMITTED. */
  private readonly readCommitted = new WeakSet<object>();

  constructor(private readonly dataSource: DataSource) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /** The database's kind as configured (for the health report). */
  get databaseType(): string {
    return this.dataSource.options.type;
  }

  /** Resolves when the database answers a trivial query (the health check's probe). */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.isSqlite) {
      const next = this.queue.then(() => this.dataSource.transaction(work));
      this.queue = next.catch(() => undefined);
      return next;
    }
    return this.runWithRetry(work);
  }

  private async runWithRetry<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        this.logger.warn(`transaction retry ${attempt} after ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
      }
    }
  }

  private async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const connection = (runner as unknown as { databaseConnection: object }).databaseConnection; // the pooled mysql2 connection
      if (!this.readCommitted.has(connection)) {
        await runner.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        this.readCommitted.add(connection);
      }
      await runner.startTransaction();
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

function isRetryable(error: unknown): boolean {
  const errno = (error as { driverError?: { errno?: number } }).driverError?.errno;
  return error instanceof QueryFailedError && errno !== undefined && RETRYABLE_MYSQL_ERRNOS.has(errno);
}

/** True when a write hit a unique key (MySQL ER_DUP_ENTRY or SQLite's UNIQUE/PRIMARY KEY constraint). */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { errno?: number; code?: string } }).driverError;
  return (
    driverError?.errno === 1062 ||
    driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True when the database gave up on a lock: a deadlock (1213) or a lock wait past its timeout (1205). */
export function isDeadlock(error: unknown): boolean {
  const errno = (error as { driverError?: { errno?: number } }).driverError?.errno;
  return errno === 1213 || errno === 1205;
}

/** Runs a write and returns the number of rows it matched, on both MySQL and SQLite. */
export async function execute(em: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const runner = em.queryRunner;
  if (runner) return (await runner.query(sql, parameters, true)).affected ?? 0;
  const own = em.connection.createQueryRunner();
  try {
    return (await own.query(sql, parameters, true)).affected ?? 0;
  } finally {
    await own.release();
  }
}

/** Runs an INSERT into a table with an auto-increment key and returns the new id, on both MySQL and SQLite. */
export async function insertReturningId(em: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const runner = em.queryRunner;
  if (!runner) throw new Error('insertReturningId needs a transaction');
  const raw = (await runner.query(sql, parameters, true)).raw as { insertId?: number | string } | number | bigint;
  const id = typeof raw === 'object' && raw !== null ? raw.insertId : raw;
  if (id === undefined || id === null) throw new Error('the driver returned no insert id');
  return Number(id);
}
