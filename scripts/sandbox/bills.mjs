// Bills for an Asia/Shanghai business day, built from the sandbox's own orders and refunds, plus injected
// differences so reconciliation can be exercised (POST /__control/bills/{channel}/adjustments):
//   { date, type: 'extra',   amountFen, kind?: 'PAY'|'REFUND', outTradeNo?, channelTradeNo?, outRefundNo? }  channel-only line
//   { date, type: 'missing', outTradeNo, kind?, outRefundNo? }                                              line dropped
//   { date, type: 'amount',  outTradeNo, amountFen, kind?, outRefundNo? }                                   amount differs
// Lines: payments by paid time; refunds once SUCCESS, by success time (WeChat also lists refunds still
// PROCESSING; the sandbox leaves those out).
import { randomUUID } from 'node:crypto';
import { businessDayRange, cstDateTime, fenToYuan, formatScaled, randomDigits } from './util.mjs';

const DOWNLOAD_TTL_MS = 5 * 60 * 1000;
const KINDS = ['PAY', 'REFUND'];

export function createBills({ orders, now = Date.now }) {
  const adjustments = new Map(); // `${channel}|${date}` -> [adjustment]
  const downloads = new Map(); // token -> { body, contentType, expiresAt }

  function ownLines(channel, [start, end]) {
    const within = (t) => t !== null && t >= start && t < end;
    const lines = [];
    for (const order of orders.list({ channel })) {
      if (order.status === 'PAID' && within(order.paidAt)) lines.push(lineOf(order, null));
      for (const refund of order.refunds) {
        if (refund.status === 'SUCCESS' && within(refund.successAt)) lines.push(lineOf(order, refund));
      }
    }
    return lines.sort((a, b) => a.time - b.time);
  }

  const matches = (line, adj) =>
    line.outTradeNo === adj.outTradeNo &&
    (!adj.kind || line.kind === adj.kind) &&
    (!adj.outRefundNo || line.outRefundNo === adj.outRefundNo);

  return {
    /** The day's lines after adjustments; null for a malformed date. */
    lines(channel, date) {
      const range = businessDayRange(date);
      if (!range) return null;
      let lines = ownLines(channel, range);
      for (const adj of adjustments.get(`${channel}|${date}`) ?? []) {
        if (adj.type === 'missing') lines = lines.filter((l) => !matches(l, adj));
        // a payment's amount differs everywhere the bill states it (Alipay lists the order amount beside 商家实收)
        if (adj.type === 'amount') {
          lines = lines.map((l) => (matches(l, adj) ? { ...l, amountFen: adj.amountFen, ...(l.kind === 'PAY' && { orderAmountFen: adj.amountFen }) } : l));
        }
        if (adj.type === 'extra') lines.push(extraLine(adj, range[0]));
      }
      return lines;
    },

    /** Returns an error message, or null once stored. */
    adjust(channel, adj) {
      if (!adj || typeof adj !== 'object') return 'body must be a JSON object';
      if (!businessDayRange(adj.date)) return 'date must be YYYY-MM-DD';
      if (!['extra', 'missing', 'amount'].includes(adj.type)) return "type must be 'extra', 'missing' or 'amount'";
      if (adj.kind !== undefined && !KINDS.includes(adj.kind)) return "kind must be 'PAY' or 'REFUND'";
      if (adj.type !== 'extra' && typeof adj.outTradeNo !== 'string') return 'outTradeNo is required';
      if (adj.type !== 'missing' && !(Number.isSafeInteger(adj.amountFen) && adj.amountFen > 0)) {
        return 'amountFen must be a positive integer (fen)';
      }
      const k = `${channel}|${adj.date}`;
      adjustments.set(k, [...(adjustments.get(k) ?? []), adj.type === 'extra' ? withExtraIds(adj) : { ...adj }]);
      return null;
    },
    adjustments: (channel, date) => adjustments.get(`${channel}|${date}`) ?? [],
    clearAdjustments(channel, date) {
      for (const k of [...adjustments.keys()]) if (k.startsWith(`${channel}|`) && (!date || k.endsWith(`|${date}`))) adjustments.delete(k);
    },

    /** A short-lived download token for a built file. */
    issueDownload(body, contentType) {
      const token = randomUUID().replaceAll('-', '');
      downloads.set(token, { body, contentType, expiresAt: now() + DOWNLOAD_TTL_MS });
      return token;
    },
    takeDownload(token) {
      const entry = downloads.get(token);
      if (!entry || entry.expiresAt < now()) return null;
      return entry;
    },

    reset() {
      adjustments.clear();
      downloads.clear();
    },

    // Injected differences outlive a restart like the orders do; download tokens live five minutes and do not.
    snapshot: () => Object.fromEntries(adjustments),
    restore(saved) {
      adjustments.clear();
      for (const [k, list] of Object.entries(saved)) adjustments.set(k, list);
    },
  };
}

function lineOf(order, refund) {
  return {
    kind: refund ? 'REFUND' : 'PAY',
    time: refund ? refund.successAt : order.paidAt,
    outTradeNo: order.outTradeNo,
    channelTradeNo: order.channelTradeNo,
    outRefundNo: refund?.outRefundNo ?? '',
    refundId: refund?.refundId ?? '',
    amountFen: refund ? refund.amountFen : order.amountFen,
    orderAmountFen: order.amountFen,
    createdAt: order.createdAt,
    description: order.description ?? '',
    attach: order.attach ?? '',
    payer: order.payer ?? '',
    extra: order.extra,
    source: 'sandbox',
  };
}

// Ids of an injected line are fixed when it is injected, so every view of the bill shows the same line.
function withExtraIds(adj) {
  const kind = adj.kind ?? 'PAY';
  return {
    ...adj,
    kind,
    outTradeNo: adj.outTradeNo ?? `EXTRA${randomDigits(12)}`,
    channelTradeNo: adj.channelTradeNo ?? randomDigits(28),
    outRefundNo: kind === 'REFUND' ? (adj.outRefundNo ?? `EXTRAR${randomDigits(10)}`) : '',
    refundId: kind === 'REFUND' ? randomDigits(29) : '',
  };
}

function extraLine(adj, dayStart) {
  const noon = dayStart + 12 * 3600 * 1000;
  return {
    kind: adj.kind,
    time: noon,
    outTradeNo: adj.outTradeNo,
    channelTradeNo: adj.channelTradeNo,
    outRefundNo: adj.outRefundNo,
    refundId: adj.refundId,
    amountFen: adj.amountFen,
    orderAmountFen: adj.amountFen,
    createdAt: noon,
    description: '渠道单边账（注入）',
    attach: '',
    payer: '',
    extra: {},
    source: 'injected',
  };
}

// ---- WeChat Pay trade bill (交易账单), type ALL | SUCCESS | REFUND ----
// UTF-8 with BOM, CRLF; a plain header row, detail rows whose every field starts with a backtick, then a
// plain summary header and a backticked summary row. Amounts in yuan; fee with 5 decimals at 0.60%.

const WX_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const WX_SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const backticked = (fields) => fields.map((f) => `\`${f}`).join(',');
// 0.60% of an amount in fen, in units of 10^-5 yuan: fen * 0.006 / 100 * 10^5 = fen * 6.
const wxFee = (fen) => formatScaled(fen * 6, 5);

export function wechatTradeBill(lines, { appid, mchid, billType = 'ALL' }) {
  const rows = lines.filter((l) => billType === 'ALL' || (billType === 'SUCCESS' ? l.kind === 'PAY' : l.kind === 'REFUND'));
  const sum = (pick) => rows.reduce((s, l) => s + pick(l), 0);
  const pay = (l) => (l.kind === 'PAY' ? l.amountFen : 0);
  const ref = (l) => (l.kind === 'REFUND' ? l.amountFen : 0);
  const out = [WX_HEADER];
  for (const l of rows) {
    const refund = l.kind === 'REFUND';
    out.push(backticked([
      cstDateTime(l.time), l.extra.appid ?? appid, mchid, '0', '', l.channelTradeNo, l.outTradeNo, l.payer,
      l.extra.tradeType ?? 'JSAPI', refund ? 'REFUND' : 'SUCCESS', 'OTHERS', 'CNY',
      fenToYuan(pay(l)), '0.00', refund ? l.refundId : '0', refund ? l.outRefundNo : '0', fenToYuan(ref(l)), '0.00',
      refund ? 'ORIGINAL' : '', refund ? 'SUCCESS' : '', l.description, l.attach,
      wxFee(pay(l) - ref(l)), '0.60%', fenToYuan(pay(l)), fenToYuan(ref(l)), '',
    ]));
  }
  out.push(WX_SUMMARY_HEADER);
  out.push(backticked([
    String(rows.length), fenToYuan(sum(pay)), fenToYuan(sum(ref)), '0.00', wxFee(sum(pay) - sum(ref)), fenToYuan(sum(pay)), fenToYuan(sum(ref)),
  ]));
  return `\ufeff${out.join('\r\n')}\r\n`;
}

// ---- Alipay trade bill (业务明细) ----
// The real download is a zip of GBK CSVs (明细 + 汇总); the sandbox serves the detail CSV alone, in UTF-8.

const ALIPAY_HEADER =
  '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';
const alipayFee = (fen) => Math.floor((fen * 6 + 500) / 1000); // 0.6%, rounded half up to the fen
const cnDate = (date) => `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;

export function alipayTradeBill(lines, { date, sellerId, exportedAt }) {
  const out = [
    '#支付宝业务明细查询',
    `#账号：[${sellerId}0156]`,
    `#起始日期：[${cnDate(date)} 00:00:00]   终止日期：[${cnDate(date)} 23:59:59]`,
    '#-----------------------------------------业务明细列表----------------------------------------',
    ALIPAY_HEADER,
  ];
  let payCount = 0, payFen = 0, refundCount = 0, refundFen = 0;
  for (const l of lines) {
    const refund = l.kind === 'REFUND';
    if (refund) { refundCount += 1; refundFen += l.amountFen; } else { payCount += 1; payFen += l.amountFen; }
    out.push([
      l.channelTradeNo, l.outTradeNo, refund ? '退款' : '交易', l.description.replace(/,/g, '，'), cstDateTime(l.createdAt), cstDateTime(l.time),
      '', '', '', '', l.extra.buyerLogonId ?? '', fenToYuan(l.orderAmountFen), fenToYuan(refund ? -l.amountFen : l.amountFen),
      '0.00', '0.00', '0.00', '0.00', '0.00', '', '0.00', '0.00', refund ? l.outRefundNo : '',
      fenToYuan(refund ? alipayFee(l.amountFen) : -alipayFee(l.amountFen)), '0.00', '',
    ].join(','));
  }
  out.push(
    '#-----------------------------------------业务明细列表结束------------------------------------',
    `#交易合计：${payCount}笔，商家实收共${fenToYuan(payFen)}元，商家优惠共0.00元`,
    `#退款合计：${refundCount}笔，商家实收退款共${fenToYuan(-refundFen)}元，商家优惠退款共0.00元`,
    `#导出时间：[${cstDateTime(exportedAt)}]`,
  );
  return `${out.join('\r\n')}\r\n`;
}

// ---- UnionPay: a sandbox-only CSV (the real 对账文件 is a fixed-width text file in a zip, via fileTransfer) ----

export function unionpayBill(lines, { merId }) {
  const out = ['merId,orderId,queryId,txnType,txnTime,txnAmt,origOrderId'];
  for (const l of lines) {
    const refund = l.kind === 'REFUND';
    out.push([merId, refund ? l.outRefundNo : l.outTradeNo, refund ? l.refundId : l.channelTradeNo, refund ? '04' : '01',
      cstDateTime(l.time), String(l.amountFen), refund ? l.outTradeNo : ''].join(','));
  }
  return `${out.join('\r\n')}\r\n`;
}
