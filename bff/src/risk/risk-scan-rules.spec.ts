import type { RiskRule } from './risk-rules';
import { cardCycling, concentratedMerchants, cyclingCandidates, merchantConcentration, type CardSales, type SaleFact, type TopUpOfDay } from './risk-scan-rules';

const base = { version: 1, scope: 'platform', scopeId: null, action: 'review', reason: 'test', enabled: true, editedBy: null, createdAt: new Date(0) } as const;
const rule = (kind: RiskRule['kind'], parameters: RiskRule['parameters']): RiskRule => ({ ...base, id: kind.toLowerCase(), kind, parameters });

// the shipped defaults (migration 1766623200000-risk-scans.ts)
const concentration = rule('MERCHANT_CONCENTRATION', { thresholdFen: 200_000, minCount: 10, maxCount: 3, sharePct: 80 });
const cycling = rule('CARD_CYCLING', { thresholdFen: 50_000, minCount: 3, sharePct: 90 });
const sales = (merchantId: string, ...cards: Array<[string, number, number]>): CardSales[] => cards.map(([cardId, fen, count]) => ({ merchantId, cardId, fen, count }));

describe('the nightly scan’s batch rules', () => {
  describe('MERCHANT_CONCENTRATION', () => {
    it('should find a merchant whose sales came from at most three cards with at most three payers behind them', () => {
      const day = [...sales('m1', ['a', 150_000, 5], ['b', 100_000, 4], ['c', 10_000, 1]), ...sales('m2', ['x', 50_000, 20])];
      const [found, ...rest] = concentratedMerchants(concentration, day);
      expect(rest).toEqual([]); // m2: ¥500 is under the ¥2,000 threshold
      expect(found).toMatchObject({ merchantId: 'm1', salesFen: 260_000, sales: 10, cards: 3, sharePct: 100 });
      const finding = merchantConcentration(concentration, found!, new Map([['a', new Set(['p1'])], ['b', new Set(['p1', 'p2'])]]));
      expect(finding).toMatchObject({ subjectType: 'merchant', subjectId: 'm1', cardId: null, score: 100, amountFen: 260_000, counters: { topCards: 3, payers: 2, sharePct: 100 } });
      expect(finding!.evidence.map((e) => [e.id, e.amountFen, e.count, e.payers])).toEqual([
        ['a', 150_000, 5, 1],
        ['b', 100_000, 4, 2],
        ['c', 10_000, 1, 0],
      ]);
    });

    it('should let a merchant be whose top cards are paid for by many people, or whose sales are spread out, or too few', () => {
      const [found] = concentratedMerchants(concentration, sales('m1', ['a', 150_000, 5], ['b', 100_000, 5]));
      const payers = new Map([
        ['a', new Set(['p1', 'p2'])],
        ['b', new Set(['p3', 'p4'])],
      ]);
      expect(merchantConcentration(concentration, found!, payers)).toBeNull();
      // six equal cards: the top three carry 50 %
      expect(concentratedMerchants(concentration, sales('m1', ...['a', 'b', 'c', 'd', 'e', 'f'].map((id): [string, number, number] => [id, 50_000, 2])))).toEqual([]);
      // enough money, too few sales
      expect(concentratedMerchants(concentration, sales('m1', ['a', 300_000, 9]))).toEqual([]);
    });
  });

  describe('CARD_CYCLING', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 2, minute));
    const topUps: TopUpOfDay[] = [1, 2, 3].map((i) => ({ id: `t${i}`, cardId: 'a', merchantId: 'm1', amountFen: 20_000, at: at(i), payerRef: 'wechat:o1' }));
    const spent: SaleFact[] = [1, 2, 3].map((i) => ({ id: `s${i}`, cardId: 'a', merchantId: 'm1', amountFen: 19_000, at: at(10 + i) }));

    it('should find a card that spent 90 % or more of three or more top-ups the same day', () => {
      const [card] = cyclingCandidates(cycling, sales('m1', ['a', 57_000, 3], ['b', 40_000, 1]));
      expect(card).toMatchObject({ cardId: 'a' }); // b: ¥400 cannot be 90 % of ¥500
      const finding = cardCycling(cycling, card!, topUps, spent);
      expect(finding).toMatchObject({ subjectType: 'card', subjectId: 'a', cardId: 'a', score: 95, amountFen: 57_000, counters: { topUps: 3, topUpFen: 60_000, sales: 3, salesFen: 57_000, sharePct: 95 } });
      expect(finding!.evidence.map((e) => `${e.kind}:${e.id}`)).toEqual(['TOPUP:t1', 'TOPUP:t2', 'TOPUP:t3', 'REDEMPTION:s1', 'REDEMPTION:s2', 'REDEMPTION:s3']);
    });

    it('should let a card be that kept its money, or was topped up only twice, and cap the score at 100', () => {
      const card = { merchantId: 'm1', cardId: 'a', fen: 40_000, count: 2 };
      expect(cardCycling(cycling, card, topUps, spent)).toBeNull(); // 66 %
      expect(cardCycling(cycling, { ...card, fen: 60_000 }, topUps.slice(0, 2), spent)).toBeNull();
      expect(cardCycling(cycling, { ...card, fen: 90_000 }, topUps, spent)).toMatchObject({ score: 100, counters: expect.objectContaining({ sharePct: 150 }) });
    });
  });
});
