import { Injectable } from '@nestjs/common';
import type { MerchantRiskHoldList, MerchantRiskHoldView, RiskCaseStatus, RiskHoldState, RiskOperationKind } from '@jucard/shared';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { RiskInsightsRepository } from './risk-insights.repository';

/** How far back a decided hold stays on the merchant's list. */
const DECIDED_DAYS = 30;
const LIMIT = 200;

const STATE_OF: Record<RiskCaseStatus, RiskHoldState> = {
  OPEN: 'REVIEWING',
  RELEASED: 'RELEASED',
  REJECTED: 'REJECTED',
  CARD_FROZEN: 'REJECTED',
  CLOSED: 'RELEASED',
};

/**
 * What the merchant may tell the customer, per operation and state. Neutral on purpose: no rule, threshold or
 * suspicion is named (docs/risk.md, "What merchants see"); each says what happened to the money and what to do next.
 */
const MESSAGES: Record<RiskOperationKind, Record<RiskHoldState, string>> = {
  REDEMPTION: {
    REVIEWING: '这笔消费需要平台安全审核，没有扣款，卡内余额不变。请顾客改用其他方式付款，或等审核结果出来后再付。',
    RELEASED: '审核已通过。这笔消费当时没有扣款；如仍需付款，请顾客重新出示会员码（大额付款可能再次审核）。',
    REJECTED: '审核未通过，这笔消费不能用会员卡支付，卡内余额不变。顾客如有疑问，请联系平台客服。',
  },
  TOPUP: {
    REVIEWING: '这笔充值需要平台安全审核，没有扣款。请顾客等审核结果出来后再充值。',
    RELEASED: '审核已通过。这笔充值当时没有扣款；如仍需充值，请顾客重新发起。',
    REJECTED: '审核未通过，这笔充值不能办理，没有扣款。顾客如有疑问，请联系平台客服。',
  },
  BALANCE_REFUND: {
    REVIEWING: '退卡申请正在平台安全审核，余额仍在卡内，不受影响。审核通过后顾客在小程序再次提交即可退款。',
    RELEASED: '审核已通过，顾客在小程序再次提交退卡即可退款（原路退回）。',
    REJECTED: '审核未通过，暂不能退卡，余额仍在卡内。顾客如有疑问，请联系平台客服。',
  },
  COOLING_OFF_REFUND: {
    REVIEWING: '冷静期退款申请正在平台安全审核，余额仍在卡内，不受影响。审核通过后顾客再次提交即可退款。',
    RELEASED: '审核已通过，顾客在小程序再次提交即可全额退款（原路退回）。',
    REJECTED: '审核未通过，暂不能办理冷静期退款，余额仍在卡内。顾客如有疑问，请联系平台客服。',
  },
  CARD_REPLACEMENT: {
    REVIEWING: '补卡申请正在平台安全审核，原卡余额不受影响。审核通过后再次办理补卡即可。',
    RELEASED: '审核已通过，请再次办理补卡，余额会全部转入新卡。',
    REJECTED: '审核未通过，暂不能补卡，原卡余额不变。顾客如有疑问，请联系平台客服。',
  },
  GIFT: {
    REVIEWING: '转赠正在平台安全审核，卡内价值不受影响。',
    RELEASED: '审核已通过，顾客可以再次发起转赠。',
    REJECTED: '审核未通过，这次转赠不能完成，卡内价值不变。',
  },
  PAYOUT: {
    REVIEWING: '本期结算打款正在平台安全审核，款项留在待打款中，审核通过后一分钟内打出。',
    RELEASED: '审核已通过，本期结算款已安排打款。',
    REJECTED: '审核未通过，本期结算款暂不打款，请联系平台运营。',
  },
  COUPON_CLAIM: {
    REVIEWING: '领券需要平台安全审核，暂时没有发放。',
    RELEASED: '审核已通过，顾客可以再次领取。',
    REJECTED: '审核未通过，这张券不能领取。',
  },
  DAY_SCAN: {
    REVIEWING: '平台正在复核。',
    RELEASED: '平台已复核。',
    REJECTED: '平台已复核。',
  },
};

/** A merchant's own holds (back office 风控审核), with the words to tell the customer. */
@Injectable()
export class RiskHoldsService {
  constructor(
    private readonly repository: RiskInsightsRepository,
    private readonly cards: CardsRepository,
    private readonly clock: Clock,
  ) {}

  async holdsOf(merchantId: string): Promise<MerchantRiskHoldList> {
    const since = new Date(this.clock.now().getTime() - DECIDED_DAYS * 86_400_000);
    const rows = await this.repository.heldOperationsOf(merchantId, since, LIMIT);
    const cards = await this.cards.findByIds([...new Set(rows.flatMap((r) => (r.cardId ? [r.cardId] : [])))]);
    return {
      items: rows.map((row): MerchantRiskHoldView => {
        const state = STATE_OF[row.status];
        return {
          reference: row.caseId.slice(0, 8).toUpperCase(),
          operationKind: row.operationKind,
          amountFen: row.amountFen,
          cardNo: row.cardId ? (cards.get(row.cardId)?.cardNo ?? null) : null,
          at: row.createdAt.toISOString(),
          state,
          decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
          messageZh: MESSAGES[row.operationKind][state],
        };
      }),
    };
  }
}
