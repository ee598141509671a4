import { yuanToFen } from '@jucard/shared';
import type { BillLine } from '../channel.port';
import { billColumns } from './bill-columns';
import { parseChinaDateTime } from './china-time';

/**
 * WeChat Pay's trade bill (交易账单, bill_type=ALL): UTF-8 (with BOM), CRLF, a plain header row, detail rows in
 * which EVERY field starts with a backtick (so spreadsheets keep long numbers as text), then a plain summary
 * header and a backticked summary row. Fields are split on ",`", which also keeps commas inside a product name.
 * Amounts are yuan with two decimals.
 */
export function parseWechatTradeBill(text: string): BillLine[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (rows[0] ?? '').split(',');
  const col = billColumns('WeChat bill', header, {
    time: '交易时间',
    transactionId: '微信订单号',
    outTradeNo: '商户订单号',
    tradeState: '交易状态',
    outRefundNo: '商户退款单号',
    refundStatus: '退款状态',
    orderAmount: '订单金额',
    refundAmount: '申请退款金额',
  });
  const lines: BillLine[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] ?? '';
    if (!row.startsWith('`')) break; // the summary header: the detail rows are over
    const cells = row.slice(1).split(',`');
    const cell = (index: number) => (cells[index] ?? '').trim();
    const occurredAt = parseChinaDateTime(cell(col.time));
    if (!occurredAt) throw new Error(`WeChat bill row ${i + 1}: bad 交易时间 "${cell(col.time)}"`);
    const state = cell(col.tradeState);
    const base = { outTradeNo: cell(col.outTradeNo), channelTradeNo: cell(col.transactionId), occurredAt };
    if (state === 'REFUND') {
      lines.push({ ...base, kind: 'REFUND', outRefundNo: cell(col.outRefundNo), amountFen: yuanToFen(cell(col.refundAmount)), status: cell(col.refundStatus) });
    } else if (state === 'SUCCESS') {
      lines.push({ ...base, kind: 'PAYMENT', outRefundNo: null, amountFen: yuanToFen(cell(col.orderAmount)), status: state });
    } else {
      // REVOKED (付款码撤销) and friends belong to products this platform does not use: refuse to guess.
      throw new Error(`WeChat bill row ${i + 1}: unexpected 交易状态 "${state}"`);
    }
  }
  return lines;
}
