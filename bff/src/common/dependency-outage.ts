/** Seconds a client is told to wait (Retry-After) when the database or Redis is down. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

// mysql2 / Node socket codes that mean "the database is not there", not "the query is wrong"
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_SERVER_OFFLINE_MODE',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);

// node-redis raises these (by name) while the server is gone; ErrorReply (a command the server refused) is a bug
const REDIS_OUTAGE_NAMES = new Set([
  'KeyValueStoreUnavailableError',
  'ClientClosedError',
  'ClientOfflineError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
]);

// messages without a code: mysql2's closed connection and pool, TypeORM's pool timeouts
const OUTAGE_MESSAGES = /Connection lost|connection is in closed state|Pool is closed|Queue limit reached|Timeout acquiring a connection|connect ETIMEDOUT/i;

/**
 * Whether a failure is an outage of the database or the key-value store (anywhere in its cause chain: TypeORM
 * wraps the driver's error in `driverError`). Those are answered 503 DEPENDENCY_UNAVAILABLE, never 500.
 */
export function isDependencyOutage(error: unknown, seen = 0): boolean {
  if (!error || typeof error !== 'object' || seen > 5) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && REDIS_OUTAGE_NAMES.has(e.name)) return true;
  if (typeof e.message === 'string' && OUTAGE_MESSAGES.test(e.message)) return true;
  // an AggregateError (Node's happy-eyeballs connect) carries the real causes in `errors`
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDependencyOutage(inner, seen + 1))) return true;
  return isDependencyOutage(e.driverError, seen + 1) || isDependencyOutage(e.cause, seen + 1);
}
