import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** Lower-case letters, digits, _ . - (3–64): what a till keyboard types, and the same bytes in every collation. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,63}$/;

/**
 * One spelling per account: a fullwidth letter, a trailing space or a capital are the same login as the plain
 * form (the column compares bytes since migration 1764748800000, so this is the only place they meet).
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/** A username field: normalised first, then held to the pattern (an accented letter is refused, not folded). */
export function IsUsername() {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUsername(value) : value)),
    Matches(USERNAME_PATTERN, { message: 'username must be 3–64 lower-case letters, digits, _ . or -' }),
  );
}
