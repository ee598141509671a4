import type { CampaignDayResult, CampaignView } from '@jucard/shared';
import { csvColumns, csvRecords, csvYuan, type CsvFileNames, type CsvTotals } from '../back-office/report-csv';
import { addCampaignDay, noCampaignTotals, type CampaignTotals } from './campaigns-rules';

/** A campaign's results per day as the merchant's spreadsheet reads them, through the one CSV writer. */
const DAY_COLUMNS = csvColumns<CampaignDayResult>(
  ['日期', (d) => d.date],
  ['奖励笔数', (d) => String(d.grants)],
  ['预算用尽未奖励', (d) => String(d.refused)],
  ['退卡收回', (d) => String(d.clawedBack)],
  ['赠送金(元)', (d) => csvYuan(d.costFen)],
  ['赠送积分', (d) => String(d.points)],
  ['发放优惠券', (d) => String(d.coupons)],
  ['带动充值(元)', (d) => csvYuan(d.topUpFen)],
);

const DAY_TOTALS: CsvTotals<CampaignDayResult, CampaignTotals> = {
  empty: noCampaignTotals,
  add: addCampaignDay,
  cells: (t) => ['合计', String(t.grants), String(t.refused), String(t.clawedBack), csvYuan(t.costFen), String(t.points), String(t.coupons), csvYuan(t.topUpFen)],
};

export function campaignResultsCsvRecords(days: CampaignDayResult[]): AsyncGenerator<string[], void, undefined> {
  return csvRecords(DAY_COLUMNS, days, DAY_TOTALS);
}

/** `充值活动_<name>.csv`, with an ASCII fallback for clients that ignore filename*. */
export function campaignResultsCsvFileNames(campaign: Pick<CampaignView, 'id' | 'name'>): CsvFileNames {
  return { ascii: `campaign-${campaign.id}.csv`, utf8: `充值活动_${campaign.name.replace(/[\\/:*?"<>|]/g, '_')}.csv` };
}
