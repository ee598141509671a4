import { DomainError } from './domain-error';

/** No request of ours nests deeper than a handful of levels; 32 leaves room and keeps recursion cheap. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * One linear pass over the raw bytes before JSON.parse: a body nested deeper than `max` is refused here, so neither
 * the parser nor class-transformer's recursive walk ever sees it (2000 nested arrays overflowed the stack, issue 13).
 * Brackets inside strings do not count; malformed JSON is left for JSON.parse to report.
 */
export function exceedsJsonDepth(body: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

export function assertJsonDepth(body: Buffer): void {
  if (exceedsJsonDepth(body)) throw new DomainError('BODY_TOO_DEEP', `more than ${MAX_JSON_DEPTH} levels`);
}
