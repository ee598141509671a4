import type { RiskScoreEvidence } from '@jucard/shared';
import type { RiskRule } from './risk-rules';

/** One card's sales at one merchant over the day, net of reversals. */
export interface CardSales {
  merchantId: string;
  cardId: string;
  fen: number;
  count: number;
}

export interface SaleFact {
  id: string;
  cardId: string;
  merchantId: string;
  amountFen: number;
  at: Date;
}

export interface TopUpOfDay {
  id: string;
  cardId: string;
  merchantId: string;
  amountFen: number;
  /** When it was paid. */
  at: Date;
  payerRef: string | null;
}

/** What a batch rule found on one subject of the day: its score, the figures behind it and the rows that show it. */
export interface Finding {
  rule: RiskRule;
  subjectType: 'merchant' | 'card';
  subjectId: string;
  merchantId: string;
  cardId: string | null;
  /** 0–100. */
  score: number;
  /** The money it is about (the day's sales it concerns): the amount on its case. */
  amountFen: number;
  counters: Record<string, number>;
  evidence: RiskScoreEvidence[];
}

/** A merchant whose day's sales mostly came from a few cards (the payers behind them are asked next). */
export interface Concentration {
  merchantId: string;
  salesFen: number;
  sales: number;
  cards: number;
  top: CardSales[];
  sharePct: number;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.floor((part * 100) / whole) : 0);

function concentrationParameters(rule: RiskRule) {
  const p = rule.parameters;
  return { thresholdFen: p.thresholdFen ?? 200_000, minCount: p.minCount ?? 10, maxCount: p.maxCount ?? 3, sharePct: p.sharePct ?? 80 };
}

function cyclingParameters(rule: RiskRule) {
  const p = rule.parameters;
  return { thresholdFen: p.thresholdFen ?? 50_000, minCount: p.minCount ?? 3, sharePct: p.sharePct ?? 90 };
}

/**
 * MERCHANT_CONCENTRATION, first half: merchants with at least thresholdFen over at least minCount sales whose
 * maxCount biggest cards carry sharePct % or more of it.
 */
export function concentratedMerchants(rule: RiskRule, sales: readonly CardSales[]): Concentration[] {
  const p = concentrationParameters(rule);
  const byMerchant = new Map<string, CardSales[]>();
  for (const s of sales) byMerchant.set(s.merchantId, [...(byMerchant.get(s.merchantId) ?? []), s]);
  const found: Concentration[] = [];
  for (const [merchantId, cards] of byMerchant) {
    const salesFen = cards.reduce((sum, c) => sum + c.fen, 0);
    const count = cards.reduce((sum, c) => sum + c.count, 0);
    if (salesFen < p.thresholdFen || count < p.minCount) continue;
    const top = [...cards].sort((a, b) => b.fen - a.fen || a.cardId.localeCompare(b.cardId)).slice(0, p.maxCount);
    const sharePct = percent(
      top.reduce((sum, c) => sum + c.fen, 0),
      salesFen,
    );
    if (sharePct >= p.sharePct) found.push({ merchantId, salesFen, sales: count, cards: cards.length, top, sharePct });
  }
  return found;
}

/**
 * MERCHANT_CONCENTRATION, second half: the finding when the top cards were topped up by at most maxCount payer
 * accounts in all (`payers`: each card's payer accounts over the last 30 days); null when many people pay for them.
 */
export function merchantConcentration(rule: RiskRule, c: Concentration, payers: ReadonlyMap<string, ReadonlySet<string>>): Finding | null {
  const p = concentrationParameters(rule);
  const behind = new Set(c.top.flatMap((card) => [...(payers.get(card.cardId) ?? [])]));
  if (behind.size > p.maxCount) return null;
  return {
    rule,
    subjectType: 'merchant',
    subjectId: c.merchantId,
    merchantId: c.merchantId,
    cardId: null,
    score: Math.min(100, c.sharePct),
    amountFen: c.salesFen,
    counters: { salesFen: c.salesFen, sales: c.sales, cards: c.cards, topCards: c.top.length, sharePct: c.sharePct, payers: behind.size },
    evidence: c.top.map((card) => ({ kind: 'CARD', id: card.cardId, cardNo: null, amountFen: card.fen, count: card.count, payers: payers.get(card.cardId)?.size ?? 0, at: null })),
  };
}

/** CARD_CYCLING, first half: cards whose day's sales could be sharePct % of thresholdFen or more (their top-ups are asked next). */
export function cyclingCandidates(rule: RiskRule, sales: readonly CardSales[]): CardSales[] {
  const p = cyclingParameters(rule);
  return sales.filter((s) => s.fen * 100 >= p.thresholdFen * p.sharePct);
}

/**
 * CARD_CYCLING, second half: the card was topped up at least minCount times that day at the merchant (at least
 * thresholdFen in all) and spent sharePct % or more of it there the same day; null otherwise.
 */
export function cardCycling(rule: RiskRule, card: CardSales, topUps: readonly TopUpOfDay[], sales: readonly SaleFact[]): Finding | null {
  const p = cyclingParameters(rule);
  const ofCard = topUps.filter((t) => t.cardId === card.cardId && t.merchantId === card.merchantId);
  const topUpFen = ofCard.reduce((sum, t) => sum + t.amountFen, 0);
  if (ofCard.length < p.minCount || topUpFen < p.thresholdFen) return null;
  const sharePct = percent(card.fen, topUpFen);
  if (sharePct < p.sharePct) return null;
  const salesOfCard = sales.filter((s) => s.cardId === card.cardId && s.merchantId === card.merchantId);
  return {
    rule,
    subjectType: 'card',
    subjectId: card.cardId,
    merchantId: card.merchantId,
    cardId: card.cardId,
    score: Math.min(100, sharePct),
    amountFen: card.fen,
    counters: { topUps: ofCard.length, topUpFen, sales: card.count, salesFen: card.fen, sharePct },
    evidence: [
      ...ofCard.map((t): RiskScoreEvidence => ({ kind: 'TOPUP', id: t.id, cardNo: null, amountFen: t.amountFen, count: 1, payers: null, at: t.at.toISOString() })),
      ...salesOfCard.map((s): RiskScoreEvidence => ({ kind: 'REDEMPTION', id: s.id, cardNo: null, amountFen: s.amountFen, count: 1, payers: null, at: s.at.toISOString() })),
    ],
  };
}
