import { Injectable } from '@nestjs/common';
import { maskName, maskPhone } from '@jucard/shared';
import { DataSource } from 'typeorm';
import type { AuditRecord } from '../audit/audit.repository';
import { placeholders, readTextOrNull } from '../database/sql-values';

/** The words for one page of the audit trail: who acted, on what, and where. */
export interface AuditNames {
  /** `${actorType}:${actorId}` → name; a staff member also with their merchant. */
  actors: Map<string, { name: string; merchant: string | null }>;
  /** `${targetType}:${targetId}` → label. */
  targets: Map<string, string>;
  /** store id → name. */
  stores: Map<string, string>;
}

type Raw = Record<string, unknown>;

/**
 * Target types whose rows have a readable label, each as one SELECT of `id` and `label` over a list of ids. A type
 * not listed here (a reconciliation difference, a notification) keeps its id: it has no better name.
 */
const TARGET_LABELS: Record<string, string> = {
  merchant: 'SELECT id, display_name AS label FROM merchants WHERE id IN',
  card: 'SELECT id, card_no AS label FROM cards WHERE id IN',
  card_product: 'SELECT id, name AS label FROM card_products WHERE id IN',
  staff: 'SELECT id, display_name AS label FROM staff_users WHERE id IN',
  redemption: 'SELECT id, merchant_order_no AS label FROM redemptions WHERE id IN',
  pos_app: 'SELECT app_key AS id, name AS label FROM pos_apps WHERE app_key IN',
  webhook_endpoint: 'SELECT id, url AS label FROM webhook_endpoints WHERE id IN',
};

/**
 * Names for the operator's audit trail, read across contexts (operators, staff, consumers, merchants, stores,
 * cards, products, sales): one query per kind of name for a whole page. Reads only; plain SQL, the same on
 * MariaDB and SQLite; row mappers at the bottom.
 */
@Injectable()
export class AuditNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async namesFor(entries: AuditRecord[]): Promise<AuditNames> {
    const idsOf = (pick: (entry: AuditRecord) => string | null | undefined) => [...new Set(entries.map(pick).filter((id): id is string => !!id))];
    const actorIds = (type: AuditRecord['actorType']) => idsOf((e) => (e.actorType === type ? e.actorId : null));
    const storeIds = idsOf((e) => (e.targetType === 'store' ? e.targetId : typeof e.detail?.storeId === 'string' ? e.detail.storeId : null));

    const [operators, staff, consumers, stores, targets] = await Promise.all([
      this.byIds('SELECT id, display_name AS name FROM operators WHERE id IN', actorIds('operator')),
      this.byIds('SELECT s.id, s.display_name AS name, m.display_name AS merchant FROM staff_users s LEFT JOIN merchants m ON m.id = s.merchant_id WHERE s.id IN', actorIds('staff')),
      this.byIds('SELECT id, phone, nickname FROM consumers WHERE id IN', actorIds('consumer')),
      this.byIds('SELECT s.id, s.name, m.display_name AS merchant FROM stores s LEFT JOIN merchants m ON m.id = s.merchant_id WHERE s.id IN', storeIds),
      Promise.all(Object.entries(TARGET_LABELS).map(async ([type, select]) => [type, await this.byIds(select, idsOf((e) => (e.targetType === type ? e.targetId : null)))] as const)),
    ]);

    const actors = new Map<string, { name: string; merchant: string | null }>();
    for (const r of operators) actors.set(`operator:${String(r.id)}`, { name: String(r.name), merchant: null });
    for (const r of staff) actors.set(`staff:${String(r.id)}`, { name: String(r.name), merchant: readTextOrNull(r.merchant) });
    for (const r of consumers) {
      const name = consumerName(r);
      if (name) actors.set(`consumer:${String(r.id)}`, { name, merchant: null });
    }
    const labels = new Map<string, string>();
    for (const [type, rows] of targets) for (const r of rows) labels.set(`${type}:${String(r.id)}`, String(r.label));
    const storeNames = new Map<string, string>();
    for (const r of stores) {
      storeNames.set(String(r.id), String(r.name));
      const merchant = readTextOrNull(r.merchant);
      labels.set(`store:${String(r.id)}`, merchant ? `${merchant} · ${String(r.name)}` : String(r.name));
    }
    return { actors, targets: labels, stores: storeNames };
  }

  private async byIds(select: string, ids: string[]): Promise<Raw[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query<Raw[]>(`${select} (${placeholders(ids.length)})`, ids);
  }
}

/** A consumer as an operator may read them in a trail: the phone masked, else the nickname masked. */
function consumerName(r: Raw): string | null {
  const phone = readTextOrNull(r.phone);
  if (phone) return maskPhone(phone);
  const nickname = readTextOrNull(r.nickname);
  return nickname ? maskName(nickname) : null;
}
