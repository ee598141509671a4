import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ERRORS, type ErrorCode, type ErrorEnvelope } from '@jucard/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from './dependency-outage';
import { DomainError } from './domain-error';
import { fieldErrorsZh } from './validation-messages';

/**
 * Maps every thrown thing to the one error envelope: domain errors, Nest's HTTP errors, Fastify's own (body parser,
 * 404, 413, 415) and outages of the database or Redis (503 with Retry-After). Anything else is logged as INTERNAL.
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const envelope = toEnvelope(exception);
    envelope.requestId = request.id;
    if (envelope.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: envelope.requestId }, `${request.method} ${request.url} failed`);
    }
    if (reply.sent || reply.raw.headersSent) return; // a stream already under way: the socket is cut instead
    sendEnvelope(reply, envelope, retryAfterOf(exception, envelope));
  }
}

/**
 * What Fastify's router refuses before any hook or filter runs (a malformed percent-encoding, a path parameter over
 * maxParamLength): the same envelope, request id and headers as every other answer.
 */
export function frameworkErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const envelope = toEnvelope(error);
  envelope.requestId = request.id;
  void reply.header('x-request-id', request.id).header('cache-control', 'no-store');
  sendEnvelope(reply, envelope, undefined);
}

function sendEnvelope(reply: FastifyReply, envelope: ErrorEnvelope, retryAfterSeconds: number | undefined): void {
  if (retryAfterSeconds !== undefined && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(retryAfterSeconds));
  void reply.code(envelope.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(envelope));
}

/** 503s say when to come back; so does a 429, from the limit that refused (a minute where it did not say). */
function retryAfterOf(exception: unknown, envelope: ErrorEnvelope): number | undefined {
  if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined) return Math.max(1, Math.ceil(exception.retryAfterSeconds));
  if (envelope.statusCode === 503) return OUTAGE_RETRY_AFTER_SECONDS;
  if (envelope.statusCode === 429) return RATE_LIMITED_DEFAULT_RETRY_SECONDS;
  return undefined;
}

const RATE_LIMITED_DEFAULT_RETRY_SECONDS = 60;

function toEnvelope(exception: unknown): ErrorEnvelope {
  if (exception instanceof DomainError) return envelope(exception.code, exception.detail, exception.fieldErrors, exception.fieldErrorsZh);
  if (exception instanceof HttpException) return fromStatus(exception.getStatus(), messageOf(exception.getResponse()));
  if (isDependencyOutage(exception)) return envelope('DEPENDENCY_UNAVAILABLE');
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  // Fastify's own errors (FST_ERR_CTP_*, a JSON SyntaxError from its parser) carry a 4xx statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) return fromStatus(status, '', (exception as { code?: unknown }).code);
  return envelope('INTERNAL');
}

function envelope(code: ErrorCode, detail?: string, errors?: Record<string, string[]>, errorsZh?: Record<string, string[]>): ErrorEnvelope {
  const spec = ERRORS[code];
  return {
    statusCode: spec.status,
    code,
    message: detail ? `${spec.en}: ${detail}` : spec.en,
    messageZh: spec.zh,
    ...(errors ? { errors, errorsZh: fieldErrorsZh(errors, errorsZh) } : {}),
  };
}

function messageOf(body: string | object): string {
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : '';
}

const BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Framework-raised errors (unknown route, body parser failures, guards) get a code too. */
function fromStatus(status: number, text: string, fastifyCode?: unknown): ErrorEnvelope {
  if (status === 404 && /^(Cannot|Route) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(text)) return envelope('ROUTE_NOT_FOUND');
  if (status === 400 && (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(text))) {
    return envelope('MALFORMED_JSON');
  }
  const result = envelope(BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'));
  result.statusCode = status;
  return result;
}
