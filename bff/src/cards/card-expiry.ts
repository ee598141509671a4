import type { CardExpiryView } from '@jucard/shared';

const DAY_MS = 86_400_000;

/** Expiry rules as set for the deployment (ConsumerRightsConfig; docs/compliance.md §7). */
export interface ExpiryRules {
  /** The shortest validity of an anonymous card, in months (36: 单用途商业预付卡管理办法). */
  minValidityMonths: number;
  /** The reminder window before expiry, in days (30). */
  reminderDays: number;
}

export function isExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/** Where a card stands against its expiry; null for a card that never expires (a named card's principal). */
export function expiryOf(expiresAt: Date | null, now: Date, rules: ExpiryRules, reminderAt: Date | null): CardExpiryView | null {
  if (expiresAt === null) return null;
  const leftMs = expiresAt.getTime() - now.getTime();
  const state = leftMs <= 0 ? 'EXPIRED' : leftMs <= rules.reminderDays * DAY_MS ? 'EXPIRING' : 'VALID';
  return { state, expiresAt: expiresAt.toISOString(), daysLeft: Math.max(0, Math.ceil(leftMs / DAY_MS)), reminderAt: reminderAt ? reminderAt.toISOString() : null };
}

/** A new validity period from `now`: the product's own, never shorter than the rule's minimum. */
export function renewedExpiry(now: Date, productValidityMonths: number | null, rules: ExpiryRules): Date {
  return addMonths(now, Math.max(productValidityMonths ?? 0, rules.minValidityMonths));
}

/** The end of the reminder window that starts now: cards expiring before it are due a reminder. */
export function reminderHorizon(now: Date, rules: ExpiryRules): Date {
  return new Date(now.getTime() + rules.reminderDays * DAY_MS);
}

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}
