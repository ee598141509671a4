import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** The rules that ship by default for the paths this migration brings under risk control (docs/risk.md). */
/**
 * `velocity.redemption.card.hour` ships switched off: an operator turns it on once its threshold suits the merchants'
 * traffic (load tests and busy canteens run hundreds of sales on one card, and each tripped sale writes its decision
 * and case rows in the till's request).
 */
const DEFAULT_RULES: Array<{ id: string; kind: string; parameters: Record<string, number>; action: string; reason: string; enabled?: false }> = [
  { id: 'velocity.redemption.card.hour', kind: 'REDEMPTION_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 60 }, action: 'review', reason: '同一张卡一小时内消费超过 60 笔', enabled: false },
  { id: 'redemption.single.large', kind: 'REDEMPTION_AMOUNT_SINGLE', parameters: { thresholdFen: 500_000 }, action: 'review', reason: '单笔消费达到 ¥5,000' },
  { id: 'replacement.balance.large', kind: 'REPLACEMENT_BALANCE', parameters: { thresholdFen: 200_000 }, action: 'review', reason: '补卡转移余额达到 ¥2,000' },
  { id: 'payout.amount.large', kind: 'PAYOUT_AMOUNT', parameters: { thresholdFen: 50_000_000 }, action: 'hold', reason: '单笔结算打款达到 ¥500,000，须人工放行' },
];

/**
 * Risk decisions on every money path (docs/risk.md): redemption, 补卡 and payouts ask the risk service too.
 *
 * - `risk_decisions.consumer_id / card_id` and `risk_cases.consumer_id / card_id` become nullable: a payout is a
 *   merchant's, with no card or consumer.
 * - `risk_case_operations (operation_kind, operation_id)`: finds whether an operation asked again was released.
 * - The default rules of the new kinds, version 1 each.
 */
export class RiskMoneyPaths1765845600000 implements MigrationInterface {
  name = 'RiskMoneyPaths1765845600000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['risk_decisions', 'risk_cases']) {
      for (const column of ['consumer_id', 'card_id']) {
        await q.changeColumn(table, column, new TableColumn({ name: column, type: 'varchar', length: '36', isNullable: true }));
      }
    }
    await q.createIndex('risk_case_operations', new TableIndex({ name: 'ix_risk_case_operations_operation', columnNames: ['operation_kind', 'operation_id'] }));
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const rule of DEFAULT_RULES) {
      await q.query(
        "INSERT INTO risk_rules (id, version, scope, scope_id, kind, parameters, action, reason, enabled, edited_by, created_at) VALUES (?, 1, 'platform', NULL, ?, ?, ?, ?, ?, NULL, ?)",
        [rule.id, rule.kind, JSON.stringify(rule.parameters), rule.action, rule.reason, rule.enabled === false ? 0 : 1, now],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM risk_rules WHERE id IN (${DEFAULT_RULES.map(() => '?').join(', ')})`, DEFAULT_RULES.map((r) => r.id));
    await q.dropIndex('risk_case_operations', 'ix_risk_case_operations_operation');
    // rows without a card (payouts) cannot go back under NOT NULL
    await q.query('DELETE FROM risk_decisions WHERE card_id IS NULL OR consumer_id IS NULL');
    await q.query('DELETE FROM risk_cases WHERE card_id IS NULL OR consumer_id IS NULL');
    for (const table of ['risk_decisions', 'risk_cases']) {
      for (const column of ['consumer_id', 'card_id']) {
        await q.changeColumn(table, column, new TableColumn({ name: column, type: 'varchar', length: '36', isNullable: false }));
      }
    }
  }
}
