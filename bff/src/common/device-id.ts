import { DomainError } from './domain-error';

/**
 * The X-Device-Id header the app sends (an id it made up once: letters, digits, '-' and '_'), for risk control's
 * per-device counts; null when none was sent, a 422 when it is malformed.
 */
export function deviceIdOf(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  if (/^[A-Za-z0-9_-]{8,64}$/.test(header)) return header;
  const en = 'X-Device-Id must be 8–64 letters, digits, - or _';
  throw new DomainError('VALIDATION_FAILED', en, { 'X-Device-Id': [en] }, undefined, { 'X-Device-Id': ['设备标识格式不正确'] });
}
