import type { CardKind, Fen } from '@jucard/shared';
import { DomainError } from '../common/domain-error';
import type { CardProductDto } from './card-products.dto';

/** Regulatory defaults, which are also the caps (research/cards.md): named ¥5,000, anonymous ¥1,000. */
export const MAX_BALANCE_CAP_FEN: Record<CardKind, Fen> = { NAMED: 500_000, ANONYMOUS: 100_000 };
/** Anonymous cards must stay valid for at least three years; named principal never expires. */
export const MIN_ANONYMOUS_VALIDITY_MONTHS = 36;
/** 冷静期 (北京市单用途预付卡管理条例 Art. 23; docs/compliance.md): 7 days unless the product says otherwise; 0 = none. */
export const DEFAULT_COOLING_OFF_DAYS = 7;
export const MAX_COOLING_OFF_DAYS = 90;
/** Points live until the end of the year after the one they were earned in (docs/marketing.md, "Points expiry"); 0 = for good. */
export const DEFAULT_POINTS_VALID_YEARS = 1;
export const MAX_POINTS_VALID_YEARS = 10;

export interface NormalizedProductRules {
  maxBalanceFen: Fen;
  validityMonths: number | null;
}

/**
 * Checks the rules that span fields; returns the values with defaults applied. `minAnonymousValidityMonths` is the
 * deployment's rule (ANONYMOUS_CARD_MIN_VALIDITY_MONTHS, never below the legal 36).
 */
export function normalizeProductRules(input: CardProductDto, minAnonymousValidityMonths = MIN_ANONYMOUS_VALIDITY_MONTHS): NormalizedProductRules {
  const errors: Record<string, string[]> = {};
  const errorsZh: Record<string, string[]> = {};
  const add = (field: string, message: string, zh?: string) => {
    (errors[field] ??= []).push(message);
    if (zh) (errorsZh[field] ??= []).push(zh);
  };
  const cap = MAX_BALANCE_CAP_FEN[input.kind];
  const maxBalanceFen = input.maxBalanceFen ?? cap;
  if (maxBalanceFen > cap) add('maxBalanceFen', `a ${input.kind.toLowerCase()} card holds at most ${cap} fen`);

  let validityMonths: number | null = null;
  if (input.kind === 'NAMED') {
    if (input.validityMonths != null) add('validityMonths', 'named cards never expire: leave validityMonths empty', '记名卡的本金永久有效，不能设置有效期');
  } else {
    validityMonths = input.validityMonths ?? minAnonymousValidityMonths;
    if (validityMonths < minAnonymousValidityMonths) {
      add('validityMonths', `anonymous cards stay valid at least ${minAnonymousValidityMonths} months`, `不记名卡的有效期不得少于 ${minAnonymousValidityMonths} 个月（${minAnonymousValidityMonths / 12} 年）`);
    }
  }

  if (input.tiers.length === 0 && !input.allowCustomAmount) add('tiers', 'offer at least one tier or allow custom amounts');
  const seen = new Set<number>();
  input.tiers.forEach((tier, i) => {
    if (seen.has(tier.payFen)) add(`tiers.${i}.payFen`, 'two tiers with the same amount');
    seen.add(tier.payFen);
    if (tier.bonusFen > tier.payFen) add(`tiers.${i}.bonusFen`, 'the bonus cannot exceed the amount paid');
    if (tier.payFen + tier.bonusFen > maxBalanceFen) add(`tiers.${i}.payFen`, 'the tier would exceed the card’s maximum balance');
  });
  if (input.minTopUpFen > maxBalanceFen) add('minTopUpFen', 'the minimum top-up exceeds the maximum balance');

  if (Object.keys(errors).length > 0) throw new DomainError('VALIDATION_FAILED', 'card product rules', errors, undefined, errorsZh);
  return { maxBalanceFen, validityMonths };
}
