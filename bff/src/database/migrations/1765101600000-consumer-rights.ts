import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { defaultInt, money, text } from './columns';

/**
 * Consumer rights (docs/compliance.md). A card refund keeps the calculation the consumer confirmed — what was paid and
 * given, what was used, what of it counts against principal (法释〔2025〕4号: at paid / (paid + bonus)) — and the rule
 * that decided it (PRO_RATA for 退卡, COOLING_OFF for a 冷静期 refund; NULL on refunds made before this). A card product
 * states its cooling-off period in days (0: none), 7 by default (北京市单用途预付卡管理条例).
 */
export class ConsumerRights1765101600000 implements MigrationInterface {
  name = 'ConsumerRights1765101600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('card_refunds', [
      new TableColumn(text('rule', 16, true)),
      new TableColumn(money('paid_fen')),
      new TableColumn(money('bonus_granted_fen')),
      new TableColumn(money('consumed_fen')),
      new TableColumn(money('consumed_principal_fen')),
    ]);
    await q.addColumns('card_products', [new TableColumn(defaultInt('cooling_off_days', 7))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('card_products', ['cooling_off_days']);
    await q.dropColumns('card_refunds', ['consumed_principal_fen', 'consumed_fen', 'bonus_granted_fen', 'paid_fen', 'rule']);
  }
}
