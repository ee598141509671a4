import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ERRORS, type ErrorCode, type ErrorEnvelope } from '@jucard/shared';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';

/** Maps every thrown thing to the one error envelope. Unknown errors are logged and reported as INTERNAL. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const envelope = this.toEnvelope(exception);
    envelope.requestId = typeof request.id === 'string' ? request.id : undefined;
    if (envelope.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: envelope.requestId }, `${request.method} ${request.url} failed`);
    }
    response.status(envelope.statusCode).json(envelope);
  }

  private toEnvelope(exception: unknown): ErrorEnvelope {
    if (exception instanceof DomainError) {
      return envelope(exception.code, exception.detail, exception.fieldErrors);
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    return envelope('INTERNAL');
  }
}

function envelope(code: ErrorCode, detail?: string, errors?: Record<string, string[]>): ErrorEnvelope {
  const spec = ERRORS[code];
  return {
    statusCode: spec.status,
    code,
    message: detail ? `${spec.en}: ${detail}` : spec.en,
    messageZh: spec.zh,
    ...(errors ? { errors } : {}),
  };
}

/** Framework-raised HTTP errors (unknown route, body parser failures, guards) get a code too. */
function fromHttpException(exception: HttpException): ErrorEnvelope {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  // Nest's own bodies carry a string, or a list of strings for validation pipes
  const text = typeof message === 'string' ? message : Array.isArray(message) ? message.join(',') : '';
  const cause = exception.cause as { type?: string } | undefined;
  if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(text)) return envelope('ROUTE_NOT_FOUND');
  if (status === 400 && (cause?.type === 'entity.parse.failed' || /JSON/i.test(text))) return envelope('MALFORMED_JSON');
  if (status === 413) return envelope('PAYLOAD_TOO_LARGE');
  const byStatus: Partial<Record<number, ErrorCode>> = {
    400: 'VALIDATION_FAILED',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    422: 'VALIDATION_FAILED',
    429: 'RATE_LIMITED',
    503: 'SERVICE_UNAVAILABLE',
  };
  const code = byStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
  const result = envelope(code);
  result.statusCode = status;
  return result;
}
