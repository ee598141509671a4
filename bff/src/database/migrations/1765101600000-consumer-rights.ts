import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Consumer rights (docs/compliance.md). A card refund keeps the calculation the consumer confirmed — what was paid and
 * given, what was used, what of it counts against principal (法释〔2025〕4号: at paid / (paid + bonus)) — and the rule
 * that decided it (PRO_RATA for 退卡, COOLING_OFF for a 冷静期 refund; NULL on refunds made before this). A card product
 * states its cooling-off period in days (0: none), 7 by default (北京市单用途预付卡管理条例).
 */
export class ConsumerRights1765101600000 implements MigrationInterface {
  name = 'ConsumerRights1765101600000';

  async up(q: QueryRunner): Promise<void> {
    const money = (name: string) => new TableColumn({ name, type: 'bigint', default: 0 });
    await q.addColumns('card_refunds', [
      new TableColumn({ name: 'rule', type: 'varchar', length: '16', isNullable: true }),
      money('paid_fen'),
      money('bonus_granted_fen'),
      money('consumed_fen'),
      money('consumed_principal_fen'),
    ]);
    await q.addColumns('card_products', [new TableColumn({ name: 'cooling_off_days', type: 'int', default: 7 })]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('card_products', ['cooling_off_days']);
    await q.dropColumns('card_refunds', ['consumed_principal_fen', 'consumed_fen', 'bonus_granted_fen', 'paid_fen', 'rule']);
  }
}
