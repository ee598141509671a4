import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Level, type Logger as Pino } from 'pino';

/** What one request's log lines carry: every line written while it is handled names it. */
interface RequestScope {
  reqId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

export interface LoggingOptions {
  level: string;
  format: 'json' | 'pretty';
}

/** The process's one pino logger: JSON lines, or pino-pretty's single lines for a developer's terminal. */
export function createRootLogger(options: LoggingOptions, destination?: DestinationStream): Pino {
  const settings = {
    level: options.level,
    // the id of the request being handled, on every line written for it (services log without passing it along)
    mixin: () => {
      const current = scope.getStore();
      return current ? { reqId: current.reqId } : {};
    },
    ...(options.format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { singleLine: true, ignore: 'pid,hostname,req,res,responseTime,reqId,context', messageFormat: '{context} {msg} {req.method} {req.url} {res.statusCode}' },
          },
        }
      : {}),
  };
  return destination && options.format === 'json' ? pino(settings, destination) : pino(settings);
}

/**
 * Nest's LoggerService over pino: `new Logger('Ctx').warn('text')` and `.error({ err, … }, 'text')` become one JSON
 * line each, with `context`. Nest appends the logger's context as the last argument; an object first is merged.
 */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  // Nest's levels onto pino's (verbose is pino's trace)
  log = (message: unknown, ...params: unknown[]): void => this.write('info', message, params);
  error = (message: unknown, ...params: unknown[]): void => this.write('error', message, params);
  warn = (message: unknown, ...params: unknown[]): void => this.write('warn', message, params);
  debug = (message: unknown, ...params: unknown[]): void => this.write('debug', message, params);
  verbose = (message: unknown, ...params: unknown[]): void => this.write('trace', message, params);
  fatal = (message: unknown, ...params: unknown[]): void => this.write('fatal', message, params);

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest's Logger instances add their context last (after an `undefined` stack for error() without one)
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    while (rest.length > 0 && rest[rest.length - 1] === undefined) rest.pop();
    const fields: Record<string, unknown> = context ? { context } : {};
    let text: string | undefined;
    if (message instanceof Error) fields.err = message;
    else if (message !== null && typeof message === 'object') Object.assign(fields, message);
    else text = String(message);
    for (const param of rest) {
      if (typeof param === 'string' && /\n\s+at /.test(param)) fields.stack = param;
      else if (typeof param === 'string') text = text === undefined ? param : `${text} ${param}`;
      else if (param instanceof Error) fields.err = param;
    }
    this.pino[level](fields, text);
  }
}

export interface RequestLogOptions {
  /** Lines not worth writing at all (health probes, metrics scrapes). */
  ignore: (request: { method: string; url: string }) => boolean;
  /** A level below info for a healthy answer that is asked for very often (polls). */
  quiet: (request: { method: string; url: string }) => boolean;
}

/**
 * One line per answered request, at info (warn for 4xx, error for 5xx), naming the request by id, method, URL,
 * client address and user agent only: no other header, so no token or cookie reaches a log.
 */
export function logRequests(fastify: FastifyInstance, logger: Pino, options: RequestLogOptions): void {
  const scopes = new WeakMap<FastifyRequest, RequestScope>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const current = { reqId: String(request.id) };
    scopes.set(request, current);
    scope.run(current, done);
  });
  // reading the body leaves the request's async context (stream events run in the socket's): enter it again
  fastify.addHook('preHandler', (request, _reply, done) => {
    const current = scopes.get(request);
    if (current) scope.run(current, done);
    else done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    if (!options.ignore(request)) {
      const status = reply.statusCode;
      const level: Level = status >= 500 ? 'error' : status >= 400 ? 'warn' : options.quiet(request) ? 'debug' : 'info';
      if (logger.isLevelEnabled(level)) {
        logger[level](
          {
            req: { id: request.id, method: request.method, url: request.url, remoteAddress: request.ip, userAgent: request.headers['user-agent'] },
            res: { statusCode: status },
            responseTime: Math.round(reply.elapsedTime),
          },
          'request completed',
        );
      }
    }
    done();
  });
}
