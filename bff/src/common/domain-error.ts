import { ERRORS, type ErrorCode } from '@jucard/shared';

/** A failure with a stable code; the exception filter turns it into the error envelope. */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    /** Optional detail for the log and the English message; the Chinese message stays the catalogue's. */
    readonly detail?: string,
    readonly fieldErrors?: Record<string, string[]>,
    /** For RATE_LIMITED and other refusals that pass: when to try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
    /** The per-field messages in Chinese, by the same paths; a field without one gets a general sentence. */
    readonly fieldErrorsZh?: Record<string, string[]>,
  ) {
    super(detail ? `${ERRORS[code].en}: ${detail}` : ERRORS[code].en);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}
