import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { defaultInt, money, text } from './columns';

/**
 * 会员等级's discount at the till (docs/marketing.md, "Member levels"): a level's `discount_rate` is the percent of
 * the price its members pay (95 = 9.5折; 100 = none, every existing level's), and a sale records the discount its
 * level gave and the level's name, so its receipt, a replay and the reports show what the card did not pay.
 */
export class MemberLevelDiscounts1767141600000 implements MigrationInterface {
  name = 'MemberLevelDiscounts1767141600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('member_levels', [new TableColumn(defaultInt('discount_rate', 100))]);
    await q.addColumns('redemptions', [new TableColumn(money('member_discount_fen')), new TableColumn(text('member_level', 16, true))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('redemptions', ['member_level', 'member_discount_fen']);
    await q.dropColumns('member_levels', ['discount_rate']);
  }
}
