import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { text } from './columns';
import { seedRiskRules, unseedRiskRules, type ShippedRiskRule } from './risk-rule-seeds';

const RULE: ShippedRiskRule = { id: 'abuse.coupon-claims-per-device', kind: 'CLAIMS_PER_DEVICE', parameters: { windowMinutes: 1440, maxCount: 3 }, reason: '同一设备 24 小时内为超过 3 个用户领券' };

/**
 * Coupon claims seen by risk control (issue 17, coupon abuse: one phone behind many "new" consumers):
 * - `coupons.device_id`: the X-Device-Id the app sent with a claim (null for coupons issued, granted or claimed
 *   without one), and an index on it with the issue time, for the rule that counts claimants per device;
 * - the default rule, reviewing: a coupon claimed from a device from which more than 3 consumers (this one
 *   included) claimed coupons in the last 24 hours.
 */
export class CouponClaimDevices1766709600000 implements MigrationInterface {
  name = 'CouponClaimDevices1766709600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('coupons', new TableColumn(text('device_id', 64, true)));
    await q.createIndex('coupons', new TableIndex({ name: 'ix_coupons_device', columnNames: ['device_id', 'issued_at'] }));
    await seedRiskRules(q, [RULE]);
  }

  async down(q: QueryRunner): Promise<void> {
    await unseedRiskRules(q, [RULE]);
    await q.dropIndex('coupons', 'ix_coupons_device');
    await q.dropColumn('coupons', 'device_id');
  }
}
