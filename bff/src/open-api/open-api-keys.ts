import { createHash } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { hashOf } from '../redemption/redemption.service';
import { IDEMPOTENCY_KEY } from './open-api.dto';
import type { OpenApiRequestsRepository } from './open-api-requests.repository';

/** The Idempotency-Key header of a write: required, 8–64 of [A-Za-z0-9_-:.]. */
export function requireIdempotencyKey(header: string | undefined): string {
  if (!header) throw new DomainError('IDEMPOTENCY_KEY_REQUIRED');
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key', { 'Idempotency-Key': ['Idempotency-Key must be 8–64 letters, digits, _ - : .'] });
  }
  return header;
}

/**
 * Binds the key to this operation and body merchant-wide (open_api_requests) and answers the key the context's own
 * idempotency takes: derived from merchant and key, so one merchant's keys never meet another's (or a consumer's).
 */
export async function bindOnce(
  requests: OpenApiRequestsRepository,
  merchantId: string,
  idempotencyKey: string,
  operation: string,
  body: unknown,
  now: Date,
): Promise<string> {
  const requestHash = hashOf(body);
  const bound = await requests.bind(merchantId, idempotencyKey, operation, requestHash, now);
  if (bound.operation !== operation || bound.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${idempotencyKey}`);
  return `open-${createHash('sha256').update(`${merchantId}|${idempotencyKey}`).digest('base64url')}`;
}
