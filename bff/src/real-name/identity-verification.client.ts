import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';

/** What the public-security records say of a name and a number; a fault is REAL_NAME_UNAVAILABLE, never an answer. */
export type IdentityAnswer = { result: 'CONSISTENT' | 'INCONSISTENT' | 'NO_RECORD'; requestId: string };

const RESULTS = ['CONSISTENT', 'INCONSISTENT', 'NO_RECORD'] as const;

/**
 * 身份证二要素核验 over HTTP: `POST <IDENTITY_VERIFICATION_BASE_URL>/identity/v1/verify {name, idNo}`. The channel
 * sandbox plays it (scripts/sandbox/identity.mjs: the number's sequence code picks the answer). A timeout
 * (IDENTITY_VERIFICATION_TIMEOUT_MS), a 5xx or an answer it cannot read is an outage the consumer retries.
 */
@Injectable()
export class IdentityVerificationClient {
  private readonly logger = new Logger(IdentityVerificationClient.name);

  constructor(private readonly config: AppConfig) {}

  async verify(name: string, idNo: string): Promise<IdentityAnswer> {
    const url = new URL('/identity/v1/verify', this.config.endpoints.identityVerificationBaseUrl);
    let reply: { result?: unknown; requestId?: unknown };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, idNo }),
        signal: AbortSignal.timeout(this.config.IDENTITY_VERIFICATION_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      reply = (await response.json()) as typeof reply;
    } catch (error) {
      this.logger.warn(`identity verification unavailable: ${(error as Error).message}`);
      throw new DomainError('REAL_NAME_UNAVAILABLE', (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable');
    }
    const result = RESULTS.find((r) => r === reply.result);
    if (!result || typeof reply.requestId !== 'string') {
      this.logger.warn(`identity verification answered something unreadable: ${JSON.stringify(reply).slice(0, 200)}`);
      throw new DomainError('REAL_NAME_UNAVAILABLE', 'unreadable answer');
    }
    return { result, requestId: reply.requestId.slice(0, 64) };
  }
}
