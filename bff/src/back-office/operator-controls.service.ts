import { Injectable } from '@nestjs/common';
import type { AuditEntryView, AuditPage, CardStatus, MerchantStatus, MerchantView, OperatorCardView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/principal';
import { CardProductEntity } from '../card-products/card-product.entity';
import { CardEntity } from '../cards/card.entity';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { decodeCursor, pageOf } from '../common/pagination';
import { execute, TransactionRunner } from '../database/transaction-runner';
import { readInt, readTime, sqlTime } from '../database/sql-values';
import { MerchantEntity } from '../merchants/merchant.entity';
import { toMerchantView } from '../merchants/merchants.service';

type Direction = 'freeze' | 'unfreeze';

const MERCHANT_MOVES: Record<Direction, { from: MerchantStatus; to: MerchantStatus; action: string }> = {
  freeze: { from: 'APPROVED', to: 'FROZEN', action: 'merchant.frozen' },
  unfreeze: { from: 'FROZEN', to: 'APPROVED', action: 'merchant.unfrozen' },
};
const CARD_MOVES: Record<Direction, { from: CardStatus; to: CardStatus; action: string }> = {
  freeze: { from: 'ACTIVE', to: 'FROZEN', action: 'card.frozen' },
  unfreeze: { from: 'FROZEN', to: 'ACTIVE', action: 'card.unfrozen' },
};

/**
 * Risk controls of the platform's operators: freezing a merchant (no redemption, no top-up of its cards) or one
 * card (no money moves), each with a reason kept in the audit trail, and the trail itself.
 */
@Injectable()
export class OperatorControlsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async setMerchantFrozen(operator: OperatorPrincipal, merchantId: string, direction: Direction, reason: string): Promise<MerchantView> {
    const move = MERCHANT_MOVES[direction];
    await this.tx.run(async (em) => {
      const merchant = await em.getRepository(MerchantEntity).findOneBy({ id: merchantId });
      if (!merchant) throw new DomainError('NOT_FOUND', 'merchant');
      const changed = await execute(em, 'UPDATE merchants SET status = ?, updated_at = ? WHERE id = ? AND status = ?', [
        move.to,
        sqlTime(this.clock.now()),
        merchantId,
        move.from,
      ]);
      if (changed !== 1) throw new DomainError('MERCHANT_STATE_INVALID', `${direction} needs a ${move.from} merchant; it is ${merchant.status}`);
      await this.record(em, operator, move.action, 'merchant', merchantId, reason, move);
    });
    return toMerchantView(await this.dataSource.getRepository(MerchantEntity).findOneByOrFail({ id: merchantId }));
  }

  async setCardFrozen(operator: OperatorPrincipal, cardNo: string, direction: Direction, reason: string): Promise<OperatorCardView> {
    const move = CARD_MOVES[direction];
    const card = await this.tx.run(async (em) => {
      const found = await em.getRepository(CardEntity).findOneBy({ cardNo });
      if (!found) throw new DomainError('CARD_NOT_FOUND');
      const changed = await execute(em, 'UPDATE cards SET status = ? WHERE id = ? AND status = ?', [move.to, found.id, move.from]);
      if (changed !== 1) throw new DomainError('CARD_STATE_INVALID', `${direction} needs a ${move.from} card; it is ${found.status}`);
      await this.record(em, operator, move.action, 'card', found.id, reason, { ...move, cardNo });
      return found;
    });
    return this.card(card.cardNo);
  }

  async card(cardNo: string): Promise<OperatorCardView> {
    const card = await this.dataSource.getRepository(CardEntity).findOneBy({ cardNo });
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    const [merchant, product, balances] = await Promise.all([
      this.dataSource.getRepository(MerchantEntity).findOneByOrFail({ id: card.merchantId }),
      this.dataSource.getRepository(CardProductEntity).findOneByOrFail({ id: card.productId }),
      this.dataSource.query('SELECT id, credits_posted - debits_posted - debits_pending AS balance FROM ledger_accounts WHERE id IN (?, ?, ?)', [
        card.principalAccountId,
        card.bonusAccountId,
        card.pointsAccountId,
      ]) as Promise<Array<Record<string, unknown>>>,
    ]);
    const balanceOf = (id: number) => readInt(balances.find((b) => readInt(b.id) === id)?.balance ?? 0);
    const principalFen = balanceOf(card.principalAccountId);
    const bonusFen = balanceOf(card.bonusAccountId);
    return {
      id: card.id,
      cardNo: card.cardNo,
      status: card.status,
      kind: product.kind,
      productId: product.id,
      productName: product.name,
      consumerId: card.consumerId,
      expiresAt: card.expiresAt ? card.expiresAt.toISOString() : null,
      createdAt: card.createdAt.toISOString(),
      merchant: { id: merchant.id, displayName: merchant.displayName, status: merchant.status },
      balance: { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: balanceOf(card.pointsAccountId) },
    };
  }

  /** The audit trail, newest first; narrowed to one target type, or one target. */
  async auditTrail(query: { targetType?: string; targetId?: string; cursor?: string; limit?: number }): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const before = decodeCursor(query.cursor);
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.targetType !== undefined) {
      conditions.push('target_type = ?');
      params.push(query.targetType);
    }
    if (query.targetId !== undefined) {
      conditions.push('target_id = ?');
      params.push(query.targetId);
    }
    if (before !== null) {
      conditions.push('id < ?');
      params.push(before);
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, actor_type, actor_id, action, target_type, target_id, detail, created_at FROM audit_log
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    return pageOf(rows.map(toAuditEntryView), limit, (entry) => Number(entry.id));
  }

  private record(
    em: EntityManager,
    operator: OperatorPrincipal,
    action: string,
    targetType: string,
    targetId: string,
    reason: string,
    move: { from: string; to: string; cardNo?: string },
  ): Promise<void> {
    return this.audit.record(em, {
      actorType: 'operator',
      actorId: operator.operatorId,
      action,
      targetType,
      targetId,
      detail: { reason, before: move.from, after: move.to, ...(move.cardNo ? { cardNo: move.cardNo } : {}) },
    });
  }
}

function toAuditEntryView(r: Record<string, unknown>): AuditEntryView {
  return {
    id: String(readInt(r.id)),
    actorType: String(r.actor_type) as AuditEntryView['actorType'],
    actorId: r.actor_id === null || r.actor_id === undefined ? null : String(r.actor_id),
    action: String(r.action),
    targetType: String(r.target_type),
    targetId: String(r.target_id),
    detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    createdAt: readTime(r.created_at).toISOString(),
  };
}
