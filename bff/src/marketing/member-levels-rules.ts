import type { Fen, MemberLevelInput } from '@jucard/shared';

/** A ladder's bounds (docs/marketing.md, "Member levels"). */
export const MAX_LEVELS = 8;
export const MIN_MULTIPLIER_PCT = 100;
export const MAX_MULTIPLIER_PCT = 500;
/** The deepest discount a level may give: half the price (五折). */
export const MIN_DISCOUNT_RATE = 50;

/** A ladder's problems by field ("levels.1.thresholdFen"), in English and in Chinese for the form. */
export interface LadderProblems {
  en: Record<string, string[]>;
  zh: Record<string, string[]>;
}

/**
 * Why a ladder cannot be saved, or null: thresholds strictly rising, names unique, and a higher step never earns
 * fewer points nor pays more than a lower one (a member going up never loses a benefit).
 */
export function ladderProblems(levels: MemberLevelInput[]): LadderProblems | null {
  const problems: LadderProblems = { en: {}, zh: {} };
  const add = (field: string, en: string, zh: string) => {
    (problems.en[field] ??= []).push(en);
    (problems.zh[field] ??= []).push(zh);
  };
  if (levels.length > MAX_LEVELS) add('levels', `at most ${MAX_LEVELS} levels`, `最多设置 ${MAX_LEVELS} 个等级`);
  const names = new Set<string>();
  levels.forEach((level, i) => {
    const name = level.name.trim();
    if (names.has(name)) add(`levels.${i}.name`, 'names must be unique in the ladder', '等级名称不能重复');
    names.add(name);
    const lower = levels[i - 1];
    if (!lower) return;
    if (level.thresholdFen <= lower.thresholdFen) add(`levels.${i}.thresholdFen`, 'thresholds must rise from one level to the next', `累计充值门槛要高于上一级「${lower.name}」`);
    if (level.pointsMultiplierPct < lower.pointsMultiplierPct) add(`levels.${i}.pointsMultiplierPct`, 'a higher level may not earn fewer points than a lower one', `积分倍数不能低于上一级「${lower.name}」`);
    if ((level.discountRate ?? 100) > (lower.discountRate ?? 100)) add(`levels.${i}.discountRate`, 'a higher level may not pay more than a lower one', `会员折扣不能少于上一级「${lower.name}」`);
  });
  return Object.keys(problems.en).length > 0 ? problems : null;
}

/** The highest step the total reaches (the ladder lowest first), or null below the first. */
export function levelFor<L extends { thresholdFen: Fen }>(ladder: L[], toppedUpFen: Fen): L | null {
  let reached: L | null = null;
  for (const level of ladder) if (level.thresholdFen <= toppedUpFen) reached = level;
  return reached;
}

/** The first step above the total, with what is missing to reach it; null at the top. */
export function nextLevel<L extends { thresholdFen: Fen }>(ladder: L[], toppedUpFen: Fen): { level: L; missingFen: Fen } | null {
  const next = ladder.find((level) => level.thresholdFen > toppedUpFen);
  return next ? { level: next, missingFen: next.thresholdFen - toppedUpFen } : null;
}

/** A level's discount on `amount` (after any coupon): the part its rate (percent paid, 95 = 9.5折) does not pay, rounded down to the fen. */
export function levelDiscount(amount: Fen, discountRate: number): Fen {
  return amount - Math.ceil((amount * discountRate) / 100);
}

/** Points for a sale at the member's level: the product's points times the level's multiplier, rounded down. */
export function multipliedPoints(points: number, multiplierPct: number): number {
  return Math.floor((points * multiplierPct) / 100);
}
