import { maskCardNo, type RedemptionView, type ReversalView } from '@jucard/shared';
import type { RedemptionEntity, ReversalEntity } from './redemption.entities';

export function toRedemptionView(r: RedemptionEntity, store: { id: string; name: string }, cardNo: string, replayed: boolean): RedemptionView {
  return {
    redemptionId: r.id,
    merchantOrderNo: r.merchantOrderNo,
    storeId: store.id,
    storeName: store.name,
    cardNoMasked: maskCardNo(cardNo),
    amountFen: r.amountFen,
    principalFen: r.principalFen,
    bonusFen: r.bonusFen,
    pointsEarned: r.points,
    refundedFen: r.refundedFen,
    balanceAfter: {
      principalFen: r.principalAfterFen,
      bonusFen: r.bonusAfterFen,
      totalFen: r.principalAfterFen + r.bonusAfterFen,
      points: r.pointsAfter,
    },
    createdAt: r.createdAt.toISOString(),
    replayed,
    ...(r.memberDiscountFen > 0 && r.memberLevel ? { memberDiscount: { levelName: r.memberLevel, discountFen: r.memberDiscountFen } } : {}),
  };
}

export function toReversalView(v: ReversalEntity, remainingFen: number, replayed: boolean): ReversalView {
  return {
    reversalId: v.id,
    redemptionId: v.redemptionId,
    reversalNo: v.reversalNo,
    amountFen: v.amountFen,
    principalFen: v.principalFen,
    bonusFen: v.bonusFen,
    pointsReversed: v.points,
    remainingFen,
    createdAt: v.createdAt.toISOString(),
    replayed,
  };
}
