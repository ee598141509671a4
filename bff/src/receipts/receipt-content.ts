import { formatYuan, shanghaiWallClock, type CardBalance, type ReceiptKind, type ReceiptTemplatePurpose } from '@jucard/shared';

/** What a receipt says, gathered from the outbox message and the card's history. */
export interface ReceiptFacts {
  kind: ReceiptKind;
  /** What moved: paid for a top-up, charged for a sale, given back for a reversal. */
  amountFen: number;
  /** A top-up's gift (0 otherwise). */
  bonusFen: number;
  /** A refund's gift given up with it, never refunded (0 otherwise). */
  bonusForfeitedFen?: number;
  merchantName: string;
  /** Where: the store of a sale (and of its reversal); a top-up is online, so null. */
  storeName: string | null;
  occurredAt: Date;
  balanceAfter: CardBalance;
}

/** One rendering of a receipt: the subscribe message's data, and the SMS (text and template parameters). */
export interface ReceiptContent {
  purpose: ReceiptTemplatePurpose;
  /** subscribeMessage.send `data`: keyword → { value }, within WeChat's limits per keyword type. */
  wechat: Record<string, { value: string }>;
  sms: { text: string; templateParams: string[] };
}

const PHRASES: Record<ReceiptKind, string> = { TOPUP: '充值', REDEMPTION: '消费', REVERSAL: '撤销退回', REFUND: '退款' };

/**
 * The receipt in the keywords of our two templates (docs/receipts.md lists them): 充值成功提醒 (thing1 会员卡,
 * amount2 充值金额, amount3 赠送金额, amount4 卡内余额, time5 充值时间) and 余额变动提醒 (thing1 门店, phrase2 变动类型,
 * amount3 变动金额, amount4 卡内余额, time5 变动时间). WeChat refuses a value beyond its type's limits (47003):
 * thing ≤ 20 characters, phrase ≤ 5 Chinese characters, amount a figure with its currency sign.
 */
export function renderReceipt(facts: ReceiptFacts): ReceiptContent {
  const amount = formatYuan(facts.amountFen, { grouping: false });
  const balance = formatYuan(facts.balanceAfter.totalFen, { grouping: false });
  const time = wechatTime(facts.occurredAt);
  const where = facts.storeName ?? `${facts.merchantName}（线上）`;
  const phrase = PHRASES[facts.kind];
  const forfeited = facts.bonusForfeitedFen ?? 0;
  // a refund's summary: the money back goes to the original payment, the gift left on the card is not refunded
  const bonus =
    facts.kind === 'REFUND'
      ? `（原路退回${forfeited > 0 ? `，赠送余额${formatYuan(forfeited, { grouping: false })}不退` : ''}）`
      : facts.bonusFen > 0
        ? `（赠送${formatYuan(facts.bonusFen, { grouping: false })}）`
        : '';
  const sms = {
    text: `您的${facts.merchantName}会员卡于${time}在${where}${phrase}${amount}${bonus}，卡内余额${balance}。`,
    templateParams: [phrase, amount, where, time, balance],
  };
  if (facts.kind === 'TOPUP') {
    return {
      purpose: 'TOPUP',
      wechat: {
        thing1: { value: thing(`${facts.merchantName}会员卡`) },
        amount2: { value: amount },
        amount3: { value: formatYuan(facts.bonusFen, { grouping: false }) },
        amount4: { value: balance },
        time5: { value: time },
      },
      sms,
    };
  }
  return {
    purpose: 'BALANCE_CHANGE',
    wechat: {
      thing1: { value: thing(where) },
      phrase2: { value: phrase },
      amount3: { value: amount },
      amount4: { value: balance },
      time5: { value: time },
    },
    sms,
  };
}

/** "2026年12月3日 14:05", Shanghai time (the time keyword's own format). */
export function wechatTime(instant: Date): string {
  const c = shanghaiWallClock(instant);
  return `${c.year}年${c.month}月${c.day}日 ${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;
}

/** A thing keyword holds at most 20 characters: longer names are cut with an ellipsis. */
function thing(text: string): string {
  const chars = [...text];
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`;
}
