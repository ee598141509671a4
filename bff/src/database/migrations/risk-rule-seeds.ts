import type { QueryRunner } from 'typeorm';

/** A risk rule a migration ships, as version 1 of a platform rule (docs/risk.md). */
export interface ShippedRiskRule {
  id: string;
  kind: string;
  parameters: Record<string, number>;
  reason: string;
  /** Default review: a case, no money stopped. */
  action?: string;
}

/** Inserts the rules as version 1, enabled, written by no operator. */
export async function seedRiskRules(q: QueryRunner, rules: readonly ShippedRiskRule[]): Promise<void> {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  for (const rule of rules) {
    await q.query(
      "INSERT INTO risk_rules (id, version, scope, scope_id, kind, parameters, action, reason, enabled, edited_by, created_at) VALUES (?, 1, 'platform', NULL, ?, ?, ?, ?, 1, NULL, ?)",
      [rule.id, rule.kind, JSON.stringify(rule.parameters), rule.action ?? 'review', rule.reason, now],
    );
  }
}

/** Removes every version of the rules (a migration's down). */
export async function unseedRiskRules(q: QueryRunner, rules: readonly ShippedRiskRule[]): Promise<void> {
  await q.query(`DELETE FROM risk_rules WHERE id IN (${rules.map(() => '?').join(', ')})`, rules.map((r) => r.id));
}
