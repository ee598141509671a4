// The words JuCard shows people, once (docs/glossary.md defines each). The till, the back office, the consumer pages
// and the CSV exports all read them from here, so 冲正 on the till is 冲正 in the report and the spreadsheet.
import type { BalanceRefundStatus, RedemptionReportStatus, ReportKind } from '../api/back-office';
import type { MovementKind } from '../api/cards';
import type { PaymentChannelName, TopUpStatus } from '../api/payments';

export const TERMS = {
  /** Money paid in through a channel onto a card. */
  topUp: '充值',
  /** A sale paid with the card at a merchant's till. */
  redemption: '消费',
  /** A sale given back onto the card, in part or in full (never money out to a channel). */
  reversal: '冲正',
  /** The unused balance of a card paid back to the consumer; the card's bonus is forfeited pro rata. */
  balanceRefund: '退卡',
  /** How a 退卡 reaches the consumer: back through the channel the top-ups came in by. */
  channelRefund: '原路退回',
  principal: '本金',
  bonus: '赠送金',
  points: '积分',
  /** 消费 − 冲正 over the same sales. */
  net: '实收',
  settlement: '结算',
  statement: '结算单',
  reconciliation: '对账',
  fee: '手续费',
  payout: '打款',
} as const;

/** `消费（本金部分）`: a figure that counts only the principal part of each sale says so. */
export const principalPart = (term: string): string => `${term}（本金部分）`;

export const CHANNEL_NAME_ZH: Record<PaymentChannelName, string> = { WECHATPAY: '微信支付', ALIPAY: '支付宝', UNIONPAY: '云闪付' };

export const REPORT_KIND_ZH: Record<ReportKind, string> = { topups: TERMS.topUp, redemptions: TERMS.redemption, refunds: TERMS.balanceRefund };

export const TOPUP_STATUS_ZH: Record<TopUpStatus, string> = {
  INIT: '待支付',
  PAYING: '支付中',
  PAID: '已支付',
  FAILED: '支付失败',
  CLOSED: '已关闭',
  PARTIALLY_REFUNDED: `部分${TERMS.channelRefund}`,
  REFUNDED: `已${TERMS.channelRefund}`,
};

export const REDEMPTION_STATUS_ZH: Record<RedemptionReportStatus, string> = {
  NORMAL: '正常',
  PARTIALLY_REVERSED: `部分${TERMS.reversal}`,
  REVERSED: `已全额${TERMS.reversal}`,
};

export const BALANCE_REFUND_STATUS_ZH: Record<BalanceRefundStatus, string> = {
  PROCESSING: `${TERMS.balanceRefund}处理中`,
  SUCCEEDED: `已${TERMS.balanceRefund}`,
  FAILED: `${TERMS.balanceRefund}失败`,
};

/** One line of a card's movements, as the consumer reads it. */
export const MOVEMENT_KIND_ZH: Record<MovementKind, string> = {
  TOPUP: TERMS.topUp,
  BONUS: '赠送',
  REDEMPTION: TERMS.redemption,
  REVERSAL: TERMS.reversal,
  REFUND: TERMS.balanceRefund,
  POINTS: TERMS.points,
  POINTS_EXPIRY: `${TERMS.points}过期`,
  ADJUSTMENT: '调整',
};
