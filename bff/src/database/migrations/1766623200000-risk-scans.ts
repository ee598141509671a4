import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { bool, day, defaultInt, longText, serial, text, time, uuid } from './columns';
import { seedRiskRules, unseedRiskRules, type ShippedRiskRule } from './risk-rule-seeds';

/** The batch rules that ship by default (docs/risk.md, "The nightly scan"). Each reviews: a case, no money stopped. */
const DEFAULT_RULES: ShippedRiskRule[] = [
  {
    id: 'batch.merchant-concentration',
    kind: 'MERCHANT_CONCENTRATION',
    parameters: { thresholdFen: 200_000, minCount: 10, maxCount: 3, sharePct: 80 },
    reason: '商户当日消费（≥ ¥2,000，≥ 10 笔）的 80% 以上来自不超过 3 张卡，且这些卡近 30 天只由不超过 3 个付款账户充值',
  },
  {
    id: 'batch.card-cycling',
    kind: 'CARD_CYCLING',
    parameters: { thresholdFen: 50_000, minCount: 3, sharePct: 90 },
    reason: '一张卡当日充值 3 次以上（合计 ≥ ¥500），当天就在同一商户消费掉 90% 以上',
  },
];

/**
 * The nightly scan of a business day (issue 17 item 3) and the operators' false-positive mark (item 5):
 * - `risk_scans`: one row per scanned day — when, by what, how many subjects and findings;
 * - `risk_scores`: one row per finding (a batch rule on a merchant or a card that day) with its counters and
 *   evidence rows, and the case it opened; unique per day, rule and subject, so a scan re-run adds nothing twice;
 * - `risk_cases.false_positive`: set when an operator releases or closes a case as normal business;
 * - `ix_redemptions_day`: the scan reads a whole day's sales of every merchant;
 * - the default batch rules above, version 1 each.
 */
export class RiskScans1766623200000 implements MigrationInterface {
  name = 'RiskScans1766623200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'risk_scans',
        columns: [
          { ...day(), isPrimary: true },
          text('trigger_kind', 16),
          defaultInt('merchants_scanned'),
          defaultInt('cards_scanned'),
          defaultInt('findings'),
          time('finished_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'risk_scores',
        columns: [
          serial(q, 'id'),
          day(),
          text('rule_id', 64),
          defaultInt('rule_version', 1),
          text('kind', 32),
          text('subject_type', 16),
          text('subject_id', 36),
          uuid('merchant_id'),
          defaultInt('score'),
          longText('counters'),
          longText('evidence'),
          uuid('case_id', true),
          time('created_at'),
        ],
        uniques: [{ name: 'uq_risk_scores_subject', columnNames: ['business_date', 'rule_id', 'subject_id'] }],
      }),
    );
    await q.createIndex('risk_scores', new TableIndex({ name: 'ix_risk_scores_merchant', columnNames: ['merchant_id', 'business_date'] }));
    await q.addColumn('risk_cases', new TableColumn(bool('false_positive', false)));
    await q.createIndex('redemptions', new TableIndex({ name: 'ix_redemptions_day', columnNames: ['created_at'] }));
    await seedRiskRules(q, DEFAULT_RULES);
  }

  async down(q: QueryRunner): Promise<void> {
    await unseedRiskRules(q, DEFAULT_RULES);
    await q.dropIndex('redemptions', 'ix_redemptions_day');
    await q.dropColumn('risk_cases', 'false_positive');
    await q.dropTable('risk_scores');
    await q.dropTable('risk_scans');
  }
}
