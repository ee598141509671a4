import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bigint, bool, id, int, longText, serial, text, time, uuid } from './columns';

/** The rules that ship by default (docs/risk.md); operators edit them into new versions. */
const DEFAULT_RULES: Array<{ id: string; kind: string; parameters: Record<string, number>; action: string; reason: string }> = [
  { id: 'velocity.card.hour', kind: 'TOPUP_VELOCITY_CARD', parameters: { windowMinutes: 60, maxCount: 10 }, action: 'review', reason: '同一张卡一小时内充值超过 10 次' },
  { id: 'velocity.card.day', kind: 'TOPUP_VELOCITY_CARD', parameters: { windowMinutes: 1440, maxCount: 100 }, action: 'block', reason: '同一张卡 24 小时内充值超过 100 次' },
  { id: 'velocity.consumer.hour', kind: 'TOPUP_VELOCITY_CONSUMER', parameters: { windowMinutes: 60, maxCount: 20 }, action: 'review', reason: '同一用户一小时内充值超过 20 次' },
  { id: 'velocity.consumer.day', kind: 'TOPUP_VELOCITY_CONSUMER', parameters: { windowMinutes: 1440, maxCount: 200 }, action: 'block', reason: '同一用户 24 小时内充值超过 200 次' },
  { id: 'amount.consumer.day', kind: 'TOPUP_AMOUNT_CONSUMER', parameters: { windowMinutes: 1440, maxFen: 5_000_000 }, action: 'block', reason: '同一用户 24 小时内充值超过 ¥50,000' },
  { id: 'cashout.refund-after-topup', kind: 'REFUND_AFTER_TOPUP', parameters: { windowMinutes: 1440 }, action: 'review', reason: '充值后 24 小时内申请退款，疑似套现' },
  { id: 'aml.real-name.single', kind: 'REAL_NAME_SINGLE', parameters: { thresholdFen: 1_000_000 }, action: 'review', reason: '单笔充值达到实名门槛 ¥10,000' },
  { id: 'aml.real-name.daily', kind: 'REAL_NAME_DAILY', parameters: { windowMinutes: 1440, thresholdFen: 1_000_000 }, action: 'review', reason: '24 小时内累计充值达到实名门槛 ¥10,000' },
  {
    id: 'aml.structuring',
    kind: 'STRUCTURING',
    parameters: { windowMinutes: 1440, thresholdFen: 1_000_000, bandFen: 100_000, minCount: 3 },
    action: 'review',
    reason: '24 小时内 3 笔以上略低于 ¥10,000 的充值，疑似拆分规避',
  },
];

/**
 * Risk control (docs/risk.md).
 *
 * - `risk_rules`: rules as data, one row per version; an edit inserts version + 1 (the primary key makes two
 *   concurrent edits of one version collide), old versions stay for the decisions that cite them.
 * - `risk_decisions`: one row per decided money request: the operation, the outcome, and every rule that tripped
 *   with its version and the counters it saw.
 * - `risk_cases`: what operators review. `open_key` (rule + card) is set while a case is open, so the same rule
 *   tripping again on the same card adds to that case instead of opening another; it is cleared on decision.
 * - `risk_case_operations`: the operations a case is about (append-only), each with the counters its rule saw.
 * - `risk_case_notes`: operators' notes on a case.
 */
export class RiskControl1765586400000 implements MigrationInterface {
  name = 'RiskControl1765586400000';

  async up(q: QueryRunner): Promise<void> {

    await q.createTable(
      new Table({
        name: 'risk_rules',
        columns: [
          id('id', 60),
          { name: 'version', type: 'int', isPrimary: true },
          text('scope', 16),
          uuid('scope_id', true),
          text('kind', 40),
          text('parameters', 1000),
          text('action', 16),
          text('reason', 200),
          bool('enabled', true),
          uuid('edited_by', true),
          time('created_at'),
        ],
        indices: [{ name: 'ix_risk_rules_kind', columnNames: ['kind'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'risk_decisions',
        columns: [
          serial(q, 'id'),
          text('operation_kind', 24),
          text('operation_id', 64),
          uuid('consumer_id'),
          uuid('card_id'),
          uuid('merchant_id'),
          bigint('amount_fen'),
          text('outcome', 16),
          // JSON: [{ ruleId, version, action, counters, source }] of the rules that tripped
          longText('rules'),
          time('created_at'),
        ],
        indices: [
          { name: 'ix_risk_decisions_operation', columnNames: ['operation_kind', 'operation_id'] },
          { name: 'ix_risk_decisions_card', columnNames: ['card_id', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'risk_cases',
        columns: [
          id(),
          text('status', 16),
          text('open_key', 120, true),
          text('rule_id', 60),
          int('rule_version'),
          uuid('consumer_id'),
          uuid('card_id'),
          uuid('merchant_id'),
          uuid('assignee_id', true),
          text('decision', 16, true),
          uuid('decided_by', true),
          time('decided_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'ux_risk_cases_open_key', columnNames: ['open_key'], isUnique: true },
          { name: 'ix_risk_cases_status', columnNames: ['status', 'created_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'risk_case_operations',
        columns: [
          serial(q, 'id'),
          uuid('case_id'),
          bigint('decision_id'),
          text('operation_kind', 24),
          text('operation_id', 64),
          bigint('amount_fen'),
          // JSON: the counters the rule saw for this operation
          text('counters', 500),
          time('created_at'),
        ],
        indices: [{ name: 'ix_risk_case_operations_case', columnNames: ['case_id', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'risk_case_notes',
        columns: [serial(q, 'id'), uuid('case_id'), uuid('operator_id'), text('note', 500), time('created_at')],
        indices: [{ name: 'ix_risk_case_notes_case', columnNames: ['case_id', 'id'] }],
      }),
    );

    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const rule of DEFAULT_RULES) {
      await q.query(
        "INSERT INTO risk_rules (id, version, scope, scope_id, kind, parameters, action, reason, enabled, edited_by, created_at) VALUES (?, 1, 'platform', NULL, ?, ?, ?, ?, ?, NULL, ?)",
        [rule.id, rule.kind, JSON.stringify(rule.parameters), rule.action, rule.reason, 1, now],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['risk_case_notes', 'risk_case_operations', 'risk_cases', 'risk_decisions', 'risk_rules']) await q.dropTable(table);
  }
}
