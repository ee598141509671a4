import { Injectable } from '@nestjs/common';
import type { AuditEntryView, AuditPage, CardStatus, MerchantStatus, MerchantView, OperatorCardView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditRepository, type AuditRecord } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/principal';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { decodeCursor, pageOf } from '../common/pagination';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { toMerchantView } from '../merchants/merchants.service';
import { type AuditNames, AuditNamesRepository } from './audit-names.repository';
import { BackOfficeRepository } from './back-office.repository';

export type Direction = 'freeze' | 'unfreeze';

export const MERCHANT_MOVES: Record<Direction, { from: MerchantStatus; to: MerchantStatus; action: string }> = {
  freeze: { from: 'APPROVED', to: 'FROZEN', action: 'merchant.frozen' },
  unfreeze: { from: 'FROZEN', to: 'APPROVED', action: 'merchant.unfrozen' },
};
export const CARD_MOVES: Record<Direction, { from: CardStatus; to: CardStatus; action: string }> = {
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
    private readonly tx: TransactionRunner,
    private readonly merchants: MerchantsRepository,
    private readonly cards: CardsRepository,
    private readonly readModels: BackOfficeRepository,
    private readonly auditLog: AuditRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly auditNames: AuditNamesRepository,
  ) {}

  async setMerchantFrozen(operator: OperatorPrincipal, merchantId: string, direction: Direction, reason: string): Promise<MerchantView> {
    const move = MERCHANT_MOVES[direction];
    const before = await this.merchants.merchantById(merchantId);
    if (!before) throw new DomainError('NOT_FOUND', 'merchant');
    await this.tx.run(async (em) => {
      // the move is guarded by the status it starts from, so two operators cannot both apply it
      const changed = await this.merchants.setStatusIf(em, merchantId, move.from, move.to, this.clock.now());
      if (!changed) throw new DomainError('MERCHANT_STATE_INVALID', `${direction} needs a ${move.from} merchant; it is ${before.status}`);
      await this.record(em, operator, move.action, 'merchant', merchantId, reason, move);
    });
    const after = await this.merchants.merchantById(merchantId);
    if (!after) throw new DomainError('NOT_FOUND', 'merchant');
    return toMerchantView(after);
  }

  async setCardFrozen(operator: OperatorPrincipal, cardNo: string, direction: Direction, reason: string): Promise<OperatorCardView> {
    const move = CARD_MOVES[direction];
    await this.tx.run(async (em) => {
      const found = await this.cards.findByCardNo(cardNo, em);
      if (!found) throw new DomainError('CARD_NOT_FOUND');
      const changed = await this.cards.setStatusIf(em, found.id, move.from, move.to);
      if (!changed) throw new DomainError('CARD_STATE_INVALID', `${direction} needs a ${move.from} card; it is ${found.status}`);
      await this.record(em, operator, move.action, 'card', found.id, reason, { ...move, cardNo });
    });
    return this.card(cardNo);
  }

  async card(cardNo: string): Promise<OperatorCardView> {
    const card = await this.readModels.operatorCard(cardNo);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    return card;
  }

  /** The cards of the consumer with this phone (none is an empty list: a phone is not a secret to probe). */
  cardsByPhone(phone: string): Promise<OperatorCardView[]> {
    return this.readModels.operatorCardsByPhone(phone);
  }

  /** The audit trail, newest first; narrowed to one target type, or one target. */
  async auditTrail(query: { targetType?: string; targetId?: string; cursor?: string; limit?: number }): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const records = await this.auditLog.trail({ targetType: query.targetType, targetId: query.targetId, beforeId: decodeCursor(query.cursor) }, limit + 1);
    const names = await this.auditNames.namesFor(records);
    return pageOf(
      records.map((record) => named(record, names)),
      limit,
      (entry) => Number(entry.id),
    );
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

/** An audit row with the names of its actor, target and store; ids stay as they were for older clients. */
export function named(record: AuditRecord, names: AuditNames): AuditEntryView {
  const actor = record.actorId ? names.actors.get(`${record.actorType}:${record.actorId}`) : undefined;
  const storeId = typeof record.detail?.storeId === 'string' ? record.detail.storeId : null;
  return {
    ...record,
    actorName: actor?.name ?? null,
    actorMerchant: actor?.merchant ?? null,
    targetLabel: names.targets.get(`${record.targetType}:${record.targetId}`) ?? null,
    storeName: storeId ? (names.stores.get(storeId) ?? null) : null,
  };
}
