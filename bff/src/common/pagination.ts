import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { Page } from '@jucard/shared';
import { DomainError } from './domain-error';

export class PageQuery {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  cursor?: string;
}

/** Cursors are opaque to clients: base64url of a positive sequence number. */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,15}$/.test(text)) throw new DomainError('VALIDATION_FAILED', 'cursor', { cursor: ['cursor is not valid'] });
  return Number(text);
}

/**
 * A page from up to `limit + 1` items read in cursor order: the extra one is not returned, it only tells that
 * there is a next page (whose cursor is the last returned item's sequence).
 */
export function pageOf<T>(items: T[], limit: number, cursorOf: (item: T) => number): Page<T> {
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: items.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
