import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The token of a template's claim link: `<template id>.<HMAC-SHA256 of it, base64url>`. Signed rather than stored,
 * so a link names its template and cannot be made up for another one; a stopped template stops its link.
 */
export class CouponClaimLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'jucard', 'coupon-claim-links', 32));
  }

  tokenFor(templateId: string): string {
    return `${templateId}.${this.sign(templateId)}`;
  }

  /** The template id the token was signed for, or null for anything else. */
  templateOf(token: string): string | null {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const templateId = token.slice(0, dot);
    const expected = Buffer.from(this.sign(templateId));
    const given = Buffer.from(token.slice(dot + 1));
    return given.length === expected.length && timingSafeEqual(given, expected) ? templateId : null;
  }

  private sign(templateId: string): string {
    return createHmac('sha256', this.key).update(templateId).digest('base64url');
  }
}
