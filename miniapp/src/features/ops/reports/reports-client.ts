import type { QuarterlyReportView } from '@jucard/shared'
import { fileDownload, type SavedFile } from '@/platform/download'
import { operatorApi } from '../../api/operator-client'

const call = operatorApi.call

/** The operator's reports, on the console's session: the quarterly prepaid-card report and its CSV. */
export const reportsApi = {
  quarterly: (quarter: string) => call<QuarterlyReportView>({ method: 'GET', path: '/operator/reports/quarterly', query: { quarter } }),
  /** Saves the CSV in the browser's downloads; the data is the file's name and size. */
  downloadQuarterlyCsv: (quarter: string) =>
    call<SavedFile>({ method: 'GET', path: '/operator/reports/quarterly.csv', query: { quarter } }, fileDownload(`预付卡季度报表_${quarter}.csv`))
}
