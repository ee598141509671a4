import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { text } from './columns';

/**
 * The rules that ship by default for the devices and payer accounts behind top-ups and for cash-out through a
 * merchant (docs/risk.md). Each reviews: it opens a case and lets the money through, an operator tightens it.
 */
const DEFAULT_RULES: Array<{ id: string; kind: string; parameters: Record<string, number>; reason: string }> = [
  { id: 'velocity.device.hour', kind: 'TOPUP_VELOCITY_DEVICE', parameters: { windowMinutes: 60, maxCount: 20 }, reason: '同一设备一小时内充值超过 20 次' },
  { id: 'velocity.device.day', kind: 'TOPUP_VELOCITY_DEVICE', parameters: { windowMinutes: 1440, maxCount: 100 }, reason: '同一设备 24 小时内充值超过 100 次' },
  { id: 'velocity.payer.hour', kind: 'TOPUP_VELOCITY_PAYER', parameters: { windowMinutes: 60, maxCount: 20 }, reason: '同一付款账户一小时内充值超过 20 次' },
  { id: 'velocity.payer.day', kind: 'TOPUP_VELOCITY_PAYER', parameters: { windowMinutes: 1440, maxCount: 100 }, reason: '同一付款账户 24 小时内充值超过 100 次' },
  { id: 'cashout.cards-per-device', kind: 'CARDS_PER_DEVICE', parameters: { windowMinutes: 1440, maxCount: 5 }, reason: '同一设备 24 小时内为超过 5 张卡充值' },
  { id: 'cashout.cards-per-payer', kind: 'CARDS_PER_PAYER', parameters: { windowMinutes: 1440, maxCount: 5 }, reason: '同一付款账户 24 小时内为超过 5 张卡充值' },
  {
    id: 'cashout.topup-redeem-mirror',
    kind: 'TOPUP_REDEEM_MIRROR',
    parameters: { windowMinutes: 10, bandFen: 500, minCount: 3 },
    reason: '充值后 10 分钟内在同一商户消费几乎相同金额，24 小时内第 3 次，疑似套现',
  },
  {
    id: 'cashout.round-burst.anonymous-cap',
    kind: 'ROUND_AMOUNT_BURST',
    parameters: { windowMinutes: 60, thresholdFen: 100_000, bandFen: 50_000, roundFen: 10_000, minCount: 3 },
    reason: '一小时内 3 次整百充值且贴近不记名卡 ¥1,000 上限',
  },
  {
    id: 'cashout.round-burst.real-name',
    kind: 'ROUND_AMOUNT_BURST',
    parameters: { windowMinutes: 60, thresholdFen: 1_000_000, bandFen: 300_000, roundFen: 10_000, minCount: 3 },
    reason: '一小时内 3 次整百充值且贴近实名门槛 ¥10,000',
  },
];

/**
 * Devices and payer accounts behind top-ups (issue 17, velocity and cash-out rules):
 * - `topup_orders.device_id`: the X-Device-Id the app sent with the top-up (null when it sent none);
 * - `topup_orders.payer_ref`: the payer account the order is paid by (`wechat:<openid>` for a mini-program payment,
 *   null when the channel names the payer only after paying);
 * - an index on each with the order's time, for the rules that count top-ups per device or payer;
 * - the default rules above, version 1 each.
 */
export class RiskPayersDevices1766018400000 implements MigrationInterface {
  name = 'RiskPayersDevices1766018400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('topup_orders', new TableColumn(text('device_id', 64, true)));
    await q.addColumn('topup_orders', new TableColumn(text('payer_ref', 128, true)));
    await q.createIndex('topup_orders', new TableIndex({ name: 'ix_topup_orders_device', columnNames: ['device_id', 'created_at'] }));
    await q.createIndex('topup_orders', new TableIndex({ name: 'ix_topup_orders_payer', columnNames: ['payer_ref', 'created_at'] }));
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const rule of DEFAULT_RULES) {
      await q.query(
        "INSERT INTO risk_rules (id, version, scope, scope_id, kind, parameters, action, reason, enabled, edited_by, created_at) VALUES (?, 1, 'platform', NULL, ?, ?, 'review', ?, 1, NULL, ?)",
        [rule.id, rule.kind, JSON.stringify(rule.parameters), rule.reason, now],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM risk_rules WHERE id IN (${DEFAULT_RULES.map(() => '?').join(', ')})`, DEFAULT_RULES.map((r) => r.id));
    await q.dropIndex('topup_orders', 'ix_topup_orders_payer');
    await q.dropIndex('topup_orders', 'ix_topup_orders_device');
    await q.dropColumn('topup_orders', 'payer_ref');
    await q.dropColumn('topup_orders', 'device_id');
  }
}
