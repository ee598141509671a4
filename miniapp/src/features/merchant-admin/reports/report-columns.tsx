import { formatYuan, type ReportByKind, type ReportKind } from '@jucard/shared'
import { shanghaiDateTime } from '../../console/business-day'
import type { Column } from '../../console/ConsoleTable'
import { Badge } from '../../console/controls'
import type { Figure } from '../../console/Figures'
import { yuanOrDash } from '../../console/format'
import { CHANNEL_ZH, REDEMPTION_STATUS, REFUND_STATUS, TOPUP_STATUS } from '../../console/labels'

export type ReportRow<K extends ReportKind> = ReportByKind[K]['items'][number]
export type ReportTotalsOf<K extends ReportKind> = ReportByKind[K]['totals']

/** The columns of each report's table. */
export const REPORT_COLUMNS: { [K in ReportKind]: Column<ReportRow<K>>[] } = {
  topups: [
    { header: '下单时间', cell: (row) => shanghaiDateTime(row.createdAt) },
    { header: '卡号', cell: (row) => row.cardNoMasked },
    { header: '支付方式', cell: (row) => (row.channel ? CHANNEL_ZH[row.channel] : '—') },
    { header: '状态', cell: (row) => <Badge tone={TOPUP_STATUS[row.status].tone}>{TOPUP_STATUS[row.status].zh}</Badge> },
    { header: '充值金额', cell: (row) => formatYuan(row.amountFen), num: true },
    { header: '赠送', cell: (row) => formatYuan(row.bonusFen), num: true },
    { header: '已退', cell: (row) => formatYuan(row.refundedFen), num: true }
  ],
  redemptions: [
    { header: '时间', cell: (row) => shanghaiDateTime(row.createdAt) },
    { header: '门店', cell: (row) => row.storeName },
    { header: '卡号', cell: (row) => row.cardNoMasked },
    { header: '商户订单号', cell: (row) => row.merchantOrderNo, breakable: true },
    { header: '状态', cell: (row) => <Badge tone={REDEMPTION_STATUS[row.status].tone}>{REDEMPTION_STATUS[row.status].zh}</Badge> },
    { header: '消费金额', cell: (row) => formatYuan(row.amountFen), num: true },
    { header: '已退', cell: (row) => formatYuan(row.refundedFen), num: true },
    { header: '实收', cell: (row) => formatYuan(row.netFen), num: true }
  ],
  refunds: [
    { header: '申请时间', cell: (row) => shanghaiDateTime(row.createdAt) },
    { header: '卡号', cell: (row) => row.cardNoMasked },
    { header: '退回渠道', cell: (row) => row.channels.map((channel) => CHANNEL_ZH[channel]).join('、') || '—' },
    { header: '状态', cell: (row) => <Badge tone={REFUND_STATUS[row.status].tone}>{REFUND_STATUS[row.status].zh}</Badge> },
    { header: '退回本金', cell: (row) => formatYuan(row.principalFen), num: true },
    { header: '作废赠送金', cell: (row) => yuanOrDash(row.bonusForfeitedFen), num: true }
  ]
}

/** The totals of the whole filter, as figures above the table. */
export const REPORT_TOTALS: { [K in ReportKind]: (totals: ReportTotalsOf<K>) => Figure[] } = {
  topups: (totals) => [
    { label: '笔数', value: String(totals.count) },
    { label: '充值金额', value: formatYuan(totals.amountFen), strong: true },
    { label: '赠送', value: formatYuan(totals.bonusFen) },
    { label: '已退', value: formatYuan(totals.refundedFen) }
  ],
  redemptions: (totals) => [
    { label: '笔数', value: String(totals.count) },
    { label: '消费金额', value: formatYuan(totals.amountFen), sub: `本金 ${formatYuan(totals.principalFen)} · 赠送金 ${formatYuan(totals.bonusFen)}` },
    { label: '已退', value: formatYuan(totals.refundedFen) },
    { label: '实收', value: formatYuan(totals.netFen), strong: true }
  ],
  refunds: (totals) => [
    { label: '笔数', value: String(totals.count) },
    { label: '退回本金', value: formatYuan(totals.amountFen), strong: true },
    { label: '作废赠送金', value: formatYuan(totals.bonusForfeitedFen) }
  ]
}

/** A stable React key for a row of any report. */
export function rowKey(row: ReportRow<ReportKind>): string {
  if ('orderId' in row) return row.orderId
  if ('redemptionId' in row) return row.redemptionId
  return row.refundId
}
