import type { CardKind } from '../status';

/**
 * Standard clauses a prepaid card's terms may not carry (docs/compliance.md §8). 法释〔2025〕4号 Art. 9 (as widely
 * reported; research/cards.md §5.3) holds "no refunds", "no reissue" and "final interpretation belongs to the
 * merchant" void; 单用途商业预付卡管理办法 forbids any expiry on a named card, so "expired balance is forfeited" is void
 * there (on an anonymous card the balance is reactivated or moved, never forfeited, but the clause is not refused).
 * The BFF refuses them (422 TERMS_VOID_CLAUSE); the back office's product form checks with the same list as one types.
 */
export interface VoidClauseRule {
  /** The clause as the merchant will recognise it, shown in the refusal. */
  clause: string;
  /** Why it is void, in the merchant's language. */
  reason: string;
  pattern: RegExp;
  kinds: readonly CardKind[];
}

const BOTH: readonly CardKind[] = ['NAMED', 'ANONYMOUS'];

export const VOID_CLAUSES: readonly VoidClauseRule[] = [
  {
    clause: '不退不换',
    reason: '消费者有权要求退还未消费的余额，"不退不换""概不退还"一类条款无效',
    pattern: /不退不换|概不退[换款还]|不予退[款卡还]|一经(?:售出|办理|充值)[，,]?\s*(?:概)?不(?:予)?退/,
    kinds: BOTH,
  },
  {
    clause: '最终解释权归商家所有',
    reason: '格式条款的解释不能由商家单方决定，"最终解释权归商家所有"一类条款无效',
    pattern: /最终解释权/,
    kinds: BOTH,
  },
  {
    clause: '过期作废',
    reason: '记名卡的本金永久有效，不能约定余额过期作废',
    pattern: /过期(?:后)?(?:余额)?(?:作废|清零|失效)|逾期(?:余额)?(?:作废|清零)|到期(?:后)?(?:余额)?(?:作废|清零)/,
    kinds: ['NAMED'],
  },
  {
    clause: '不挂失不补办',
    reason: '记名卡的持卡人有权挂失和补卡，"不挂失、不补办"一类条款无效',
    pattern: /不(?:予|能|可)?挂失|不(?:予|能|可)?补(?:办|卡)/,
    kinds: ['NAMED'],
  },
];

export interface VoidClauseFound {
  clause: string;
  reason: string;
  /** The words of the text that matched. */
  matched: string;
}

/** The void clauses in `text` for a card of `kind`, in the order of the list. */
export function findVoidClauses(text: string, kind: CardKind): VoidClauseFound[] {
  const compact = text.replace(/\s+/g, '');
  return VOID_CLAUSES.filter((rule) => rule.kinds.includes(kind)).flatMap((rule) => {
    const match = rule.pattern.exec(compact);
    return match ? [{ clause: rule.clause, reason: rule.reason, matched: match[0] }] : [];
  });
}
