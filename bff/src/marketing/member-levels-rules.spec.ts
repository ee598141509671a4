import { ladderProblems, levelDiscount, levelFor, multipliedPoints, nextLevel } from './member-levels-rules';

const ladder = [
  { name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100 },
  { name: '金卡', thresholdFen: 500_000, pointsMultiplierPct: 150 },
  { name: '钻石卡', thresholdFen: 2_000_000, pointsMultiplierPct: 200 },
];

describe('member level rules', () => {
  it('should place a total on the highest step it reaches, the threshold itself included', () => {
    expect(levelFor(ladder, 99_999)).toBeNull();
    expect(levelFor(ladder, 100_000)?.name).toBe('银卡');
    expect(levelFor(ladder, 1_999_999)?.name).toBe('金卡');
    expect(levelFor(ladder, 5_000_000)?.name).toBe('钻石卡');
    expect(levelFor([], 5_000_000)).toBeNull();
  });

  it('should say what is missing to the next step, and nothing at the top', () => {
    expect(nextLevel(ladder, 120_000)).toEqual({ level: ladder[1], missingFen: 380_000 });
    expect(nextLevel(ladder, 0)).toEqual({ level: ladder[0], missingFen: 100_000 });
    expect(nextLevel(ladder, 2_000_000)).toBeNull();
  });

  it('should accept a rising ladder and refuse steps out of order, repeated names, a lower multiplier higher up, too many', () => {
    expect(ladderProblems(ladder)).toBeNull();
    expect(ladderProblems([])).toBeNull();
    expect(ladderProblems([ladder[1]!, ladder[0]!])).toEqual({
      en: { 'levels.1.thresholdFen': ['thresholds must rise from one level to the next'], 'levels.1.pointsMultiplierPct': ['a higher level may not earn fewer points than a lower one'] },
      zh: { 'levels.1.thresholdFen': ['累计充值门槛要高于上一级「金卡」'], 'levels.1.pointsMultiplierPct': ['积分倍数不能低于上一级「金卡」'] },
    });
    expect(ladderProblems([ladder[0]!, { ...ladder[1]!, name: ' 银卡 ' }])).toEqual({ en: { 'levels.1.name': ['names must be unique in the ladder'] }, zh: { 'levels.1.name': ['等级名称不能重复'] } });
    expect(Object.keys(ladderProblems(Array.from({ length: 9 }, (_, i) => ({ name: `L${i}`, thresholdFen: (i + 1) * 100, pointsMultiplierPct: 100 })))!.zh)).toEqual(['levels']);
  });

  it('should multiply a sale’s points by the level’s rate, rounding down', () => {
    expect(multipliedPoints(33, 150)).toBe(49);
    expect(multipliedPoints(100, 100)).toBe(100);
    expect(multipliedPoints(0, 200)).toBe(0);
  });

  it('should refuse a higher level paying more than a lower one', () => {
    expect(ladderProblems([{ ...ladder[0]!, discountRate: 95 }, { ...ladder[1]!, discountRate: 98 }])?.zh).toEqual({ 'levels.1.discountRate': ['会员折扣不能少于上一级「银卡」'] });
    expect(ladderProblems([{ ...ladder[0]!, discountRate: 98 }, { ...ladder[1]!, discountRate: 95 }])).toBeNull();
  });

  it('should take a level’s discount rounded down to the fen: the member pays the rate, rounded up', () => {
    expect(levelDiscount(10_001, 95)).toBe(500);
    expect(levelDiscount(10_000, 88)).toBe(1_200);
    expect(levelDiscount(10_000, 100)).toBe(0);
    expect(levelDiscount(1, 50)).toBe(0);
  });
});
