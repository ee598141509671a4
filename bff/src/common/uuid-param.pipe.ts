import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error';

/** A path id must be a UUID; anything else is a 422 naming the parameter. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new DomainError('VALIDATION_FAILED', name, { [name]: [`${name} must be a UUID`] }),
  });
}
