import { yuanToFen } from '@jucard/shared';
import type { BillLine } from '../channel.port';
import { billColumns } from './bill-columns';
import { parseChinaDateTime } from './china-time';

/**
 * Alipay's trade bill (业务明细): `#` comment lines around a header row and one row per trade or refund.
 * Production serves a zip of GBK CSVs (detail + summary); the sandbox serves the detail CSV alone in UTF-8,
 * which is what this reads. Refund rows carry a negative 商家实收 and the out_request_no in 退款批次号/请求号;
 * some cells end in a tab.
 */
export function parseAlipayTradeBill(text: string): BillLine[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((row) => row.trim() !== '' && !row.startsWith('#'));
  const [headerRow, ...detail] = rows;
  const header = (headerRow ?? '').split(',').map((h) => h.trim());
  const col = billColumns('Alipay bill', header, {
    tradeNo: '支付宝交易号',
    outTradeNo: '商户订单号',
    type: '业务类型',
    finishedAt: '完成时间',
    orderAmount: '订单金额（元）',
    received: '商家实收（元）',
    requestNo: '退款批次号/请求号',
  });
  return detail.map((row, i) => {
    const cells = row.split(',').map((c) => c.trim());
    const cell = (index: number) => cells[index] ?? '';
    const occurredAt = parseChinaDateTime(cell(col.finishedAt));
    if (!occurredAt) throw new Error(`Alipay bill row ${i + 1}: bad 完成时间 "${cell(col.finishedAt)}"`);
    const base = { outTradeNo: cell(col.outTradeNo), channelTradeNo: cell(col.tradeNo), occurredAt, status: cell(col.type) };
    if (cell(col.type) === '退款') {
      return { ...base, kind: 'REFUND' as const, outRefundNo: cell(col.requestNo), amountFen: yuanToFen(cell(col.received).replace(/^-/, '')) };
    }
    if (cell(col.type) === '交易') return { ...base, kind: 'PAYMENT' as const, outRefundNo: null, amountFen: yuanToFen(cell(col.orderAmount)) };
    throw new Error(`Alipay bill row ${i + 1}: unexpected 业务类型 "${cell(col.type)}"`);
  });
}
