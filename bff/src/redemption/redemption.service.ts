import { Injectable, Logger } from '@nestjs/common';
import {
  canCardMoveMoney,
  canMerchantOperate,
  type CardStatus,
  type DeductionRule,
  type ErrorCode,
  type Fen,
  type MerchantStatus,
  type RedeemRequest,
  type RedemptionView,
} from '@jucard/shared';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { CardEntity } from '../cards/card.entity';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { placeholders, rowsInsert, readInt, readTime, readTimeOrNull, sqlTime } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import type { PostCommand, TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts, type MerchantAccounts } from '../ledger/platform-accounts';
import { MemberCodesService } from '../member-codes/member-codes.service';
import { MemberCodeEntity } from '../member-codes/member-code.entity';
import { StoreEntity } from '../merchants/merchant.entity';
import { pointsFor, splitRedemption } from './deduction';
import { RedemptionEntity } from './redemption.entities';
import { toRedemptionView } from './redemption.views';

/** Who is taking the money: a cashier's login (limited to their stores) or a merchant's POS server (one store). */
export interface Till {
  merchantId: string;
  /** Stores this actor may redeem at; null = every store of the merchant. */
  storeIds: string[] | null;
  operatorType: 'staff' | 'pos';
  operatorId: string;
}

/**
 * RedeemCard: the till's one money verb. In ONE short transaction: consume the member code, check the card,
 * lock the card's two balance rows, write the redemption and post the transfers (card → merchant payable, which
 * is a hot account and is only rolled up later).
 */
@Injectable()
export class RedemptionService {
  private readonly logger = new Logger(RedemptionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly codes: MemberCodesService,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    config: AppConfig,
  ) {
    // group commit on MySQL/MariaDB (SQLite queues every transaction anyway); the naive benchmark baseline keeps one
    // transaction per redemption
    const batching = !tx.isSqlite && config.REDEMPTION_BATCH_MAX > 1 && config.LEDGER_HOT_ACCOUNTS_INLINE !== 'true';
    this.stages = batching
      ? {
          checks: new GroupCommit<GroupItem, PendingRedemption>((items) => this.checkBatch(items), { maxBatch: config.REDEMPTION_BATCH_MAX, maxInFlight: 1 }),
          commits: new GroupCommit<PendingRedemption, Redeemed>((items) => this.commitBatch(items), {
            maxBatch: config.REDEMPTION_BATCH_MAX,
            maxInFlight: config.REDEMPTION_BATCHES_IN_FLIGHT,
            conflictKey: (item) => `${item.till.merchantId}|${item.request.merchantOrderNo}`,
          }),
        }
      : null;
  }

  /**
   * The group-commit pipeline: sales are checked in batches (stores, codes, cards, Redis claims) and the checked
   * ones committed in batches; while one batch commits the next is being checked, and a commit takes every sale
   * checked meanwhile.
   */
  private readonly stages: { checks: GroupCommit<GroupItem, PendingRedemption>; commits: GroupCommit<PendingRedemption, Redeemed> } | null;

  async redeem(till: Till, request: RedeemRequest): Promise<RedemptionView> {
    return this.stages ? this.redeemGrouped(this.stages, till, request) : this.redeemAlone(till, request);
  }

  /** One sale, one transaction (SQLite, and the naive baseline of the benchmark). */
  private async redeemAlone(till: Till, request: RedeemRequest): Promise<RedemptionView> {
    const { store, merchantStatus } = await this.storeFor(till, request.storeId);
    const requestHash = hashOf({ code: request.code.replace(/\s+/g, ''), amountFen: request.amountFen, storeId: store.id });
    // A retried merchant order number is recognised where it fails (its code is used by then, or the order number
    // is taken), so a first attempt pays no extra lookup. A frozen merchant takes no new payment, but a replay
    // still gets its first answer.
    if (!canMerchantOperate(merchantStatus)) {
      return this.replayOr(till, request, requestHash, store, new DomainError(merchantStatus === 'FROZEN' ? 'MERCHANT_FROZEN' : 'MERCHANT_NOT_APPROVED'));
    }
    let code: MemberCodeEntity;
    try {
      code = await this.codes.verify(request.code);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'MEMBER_CODE_USED') return this.replayOr(till, request, requestHash, store, error);
      throw error;
    }
    if (!(await this.codes.claimFast(code.id))) {
      return this.replayOr(till, request, requestHash, store, new DomainError('MEMBER_CODE_USED'));
    }
    const redemptionId = this.ids.uuid();
    const hot = await this.accounts.merchantAccounts(till.merchantId);
    try {
      const card = (await this.cardsOf([code.cardId])).get(code.cardId)!;
      const pending: PendingRedemption = { till, store, request, requestHash, codeId: code.id, card, redemptionId, hot };
      const { redemption, cardNo } = await this.redeemOne(pending);
      this.logger.log(`redemption ${redemption.id}: ${redemption.amountFen} fen at store ${store.id} (order ${request.merchantOrderNo})`);
      return toRedemptionView(redemption, store, cardNo, false);
    } catch (error) {
      if (isUniqueViolation(error)) {
        // the same merchant order number committed a moment ago: answer as a replay (or 409 if the body differs)
        await this.codes.releaseFast(code.id);
        return this.replayOr(till, request, requestHash, store, error);
      }
      if (error instanceof DomainError && error.code === 'MEMBER_CODE_USED') {
        return this.replayOr(till, request, requestHash, store, error);
      }
      // refused (余额不足, wrong store, …): nothing was consumed, so the consumer may present the same code again
      await this.codes.releaseFast(code.id);
      throw error;
    }
  }

  /** One sale in its own transaction: the batch transaction with a batch of one. */
  private async redeemOne(p: PendingRedemption): Promise<Redeemed> {
    const [outcome] = await this.tx.run((em) => this.redeemBatchWithin(em, [p]));
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.value;
  }

  /** A sale through the group-commit pipeline; replays are recognised where the sale fails, as in redeemAlone. */
  private async redeemGrouped(stages: NonNullable<RedemptionService['stages']>, till: Till, request: RedeemRequest): Promise<RedemptionView> {
    const requestHash = hashOf({ code: request.code.replace(/\s+/g, ''), amountFen: request.amountFen, storeId: request.storeId });
    const hot = await this.accounts.merchantAccounts(till.merchantId);
    try {
      const pending = await stages.checks.submit({ till, request, requestHash, redemptionId: this.ids.uuid(), hot });
      const { redemption, cardNo } = await this.committed(stages.commits.submit(pending), pending.codeId);
      this.logger.log(`redemption ${redemption.id}: ${redemption.amountFen} fen at store ${pending.store.id} (order ${request.merchantOrderNo})`);
      return toRedemptionView(redemption, pending.store, cardNo, false);
    } catch (error) {
      const replayable =
        isUniqueViolation(error) || (error instanceof DomainError && ['MEMBER_CODE_USED', 'MERCHANT_FROZEN', 'MERCHANT_NOT_APPROVED'].includes(error.code));
      if (!replayable) throw error;
      const { store } = await this.storeFor(till, request.storeId);
      return this.replayOr(till, request, requestHash, store, error);
    }
  }

  /** A claimed sale's commit; when it is refused nothing was consumed, so the consumer may present the code again. */
  private async committed(commit: Promise<Redeemed>, codeId: string): Promise<Redeemed> {
    try {
      return await commit;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'MEMBER_CODE_USED')) await this.codes.releaseFast(codeId);
      throw error;
    }
  }

  /**
   * Checks a batch of sales with one round trip each for the whole batch: the stores with their merchants' status
   * and the member codes (both at once), then the codes' cards and the Redis claims (pipelined, both at once).
   * A sale refused here has claimed nothing.
   */
  private async checkBatch(items: GroupItem[]): Promise<Array<Outcome<PendingRedemption>>> {
    const outcomes: Array<Outcome<PendingRedemption>> = new Array(items.length);
    const refuse = (i: number, error: unknown) => (outcomes[i] = { ok: false, error });
    const [stores, codes] = await Promise.all([this.storesOf(items.map((item) => item.request.storeId)), this.codes.verifyMany(items.map((item) => item.request.code))]);
    const ready: Array<{ index: number; item: GroupItem; store: StoreEntity; code: MemberCodeEntity }> = [];
    items.forEach((item, i) => {
      const found = stores.get(item.request.storeId);
      const code = codes[i]!;
      if (!found || found.store.merchantId !== item.till.merchantId) refuse(i, new DomainError('STORE_NOT_FOUND'));
      else if (item.till.storeIds && !item.till.storeIds.includes(found.store.id)) refuse(i, new DomainError('STORE_NOT_ALLOWED'));
      else if (!canMerchantOperate(found.merchantStatus)) refuse(i, new DomainError(found.merchantStatus === 'FROZEN' ? 'MERCHANT_FROZEN' : 'MERCHANT_NOT_APPROVED'));
      else if (code instanceof DomainError) refuse(i, code);
      else ready.push({ index: i, item, store: found.store, code });
    });
    const [cards, claims] = await Promise.all([
      this.cardsOf(ready.map(({ code }) => code.cardId)),
      Promise.all(ready.map(({ code }) => this.codes.claimFast(code.id))),
    ]);
    ready.forEach(({ index, item, store, code }, k) => {
      if (!claims[k]) refuse(index, new DomainError('MEMBER_CODE_USED'));
      else outcomes[index] = { ok: true, value: { ...item, store, codeId: code.id, card: cards.get(code.cardId)! } };
    });
    return outcomes;
  }

  /**
   * Commits a batch of checked, claimed sales in ONE transaction with a constant number of statements
   * (redeemBatchWithin). If the transaction fails as a whole (an order number committed meanwhile, a deadlock past
   * its retries) every sale is taken alone.
   */
  private async commitBatch(items: PendingRedemption[]): Promise<Array<Outcome<Redeemed>>> {
    if (items.length === 1) return [await settled(this.redeemOne(items[0]!))];
    try {
      return await this.tx.run((em) => this.redeemBatchWithin(em, items));
    } catch (error) {
      this.logger.warn(`a batch of ${items.length} redemptions failed as a whole (${(error as Error).message}); taking them one by one`);
      return Promise.all(items.map((item) => settled(this.redeemOne(item))));
    }
  }

  /** The cards of member codes with what a sale needs of their product, one read. */
  private async cardsOf(cardIds: string[]): Promise<Map<string, BatchCard>> {
    const ids = [...new Set(cardIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.id, c.card_no, c.merchant_id, c.status, c.expires_at, c.principal_account_id, c.bonus_account_id, c.points_account_id,
              p.store_ids, p.deduction_rule, p.points_per_yuan
         FROM cards c JOIN card_products p ON p.id = c.product_id WHERE c.id IN (${placeholders(ids.length)})`,
      ids,
    );
    const cards = new Map(rows.map((r) => [String(r.id), batchCard(r)]));
    for (const id of ids) if (!cards.has(id)) throw new Error(`card ${id} of a verified member code is missing`);
    return cards;
  }

  /** Stores with their merchant's status, one read for a batch. */
  private async storesOf(storeIds: string[]): Promise<Map<string, { store: StoreEntity; merchantStatus: MerchantStatus }>> {
    const ids = [...new Set(storeIds)];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.id, s.merchant_id, s.name, s.address, s.created_at, m.status FROM stores s JOIN merchants m ON m.id = s.merchant_id WHERE s.id IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [String(row.id), { store: storeOf(row), merchantStatus: String(row.status) as MerchantStatus }]));
  }

  private async redeemBatchWithin(em: EntityManager, items: PendingRedemption[]): Promise<Array<Outcome<Redeemed>>> {
    const outcomes = new Map<PendingRedemption, Outcome<Redeemed>>();
    const refuse = (item: PendingRedemption, code: ErrorCode) => outcomes.set(item, { ok: false, error: new DomainError(code) });
    const now = this.clock.now();

    // the card was read when the sale was checked, outside this transaction (as a plain read inside it would be:
    // neither holds off a freeze committing a moment later)
    let candidates = items.filter((item) => {
      const { card } = item;
      if (card.merchantId !== item.till.merchantId) return !refuse(item, 'CARD_OF_ANOTHER_MERCHANT');
      if (!canCardMoveMoney(card.status)) return !refuse(item, 'CARD_NOT_ACTIVE');
      if (card.expiresAt && card.expiresAt <= now) return !refuse(item, 'CARD_EXPIRED');
      if (card.storeIds.length > 0 && !card.storeIds.includes(item.store.id)) return !refuse(item, 'CARD_NOT_ACCEPTED_AT_STORE');
      return true;
    });
    const locked = await this.ledger.lockAccounts(em, candidates.flatMap((item) => accountsOf(item.card)));
    const balances = new Map([...locked.values()].map((a) => [a.id, a.creditsPosted - a.debitsPosted - a.debitsPending]));
    // decide in order on the locked balances; only those that can pay have their code consumed
    candidates = this.decide(candidates, balances).filter(({ item, split }) => split !== null || !refuse(item, 'INSUFFICIENT_BALANCE')).map(({ item }) => item);

    // A batch consumes its codes in the same round trip as its other writes, expecting to get them all (the Redis
    // claims make a lost code rare; then the batch rolls back and each sale is committed alone). A lone sale
    // consumes its code first, to learn exactly why it cannot.
    const claims = () => candidates.map((item) => ({ codeId: item.codeId, redemptionId: item.redemptionId }));
    const consumeAlongside = items.length > 1;
    if (!consumeAlongside) {
      const consumed = await this.codes.consumeMany(em, claims());
      candidates = candidates.filter((item, i) => consumed[i] === 'CONSUMED' || !refuse(item, consumed[i]!));
    }

    // dropping items only leaves more balance for the rest: every remaining one still pays
    const decided = this.decide(candidates, balances);
    const redemptions: RedemptionEntity[] = [];
    const commands: PostCommand[] = [];
    const entries: AuditEntry[] = [];
    for (const { item, split, after } of decided) {
      if (!split) throw new Error('a redemption that could pay before no longer can');
      const { card } = item;
      const redemption: RedemptionEntity = {
        id: item.redemptionId,
        merchantId: item.till.merchantId,
        storeId: item.store.id,
        cardId: card.id,
        memberCodeId: item.codeId,
        merchantOrderNo: item.request.merchantOrderNo,
        requestHash: item.requestHash,
        amountFen: item.request.amountFen,
        principalFen: split.principalFen,
        bonusFen: split.bonusFen,
        points: split.points,
        refundedFen: 0,
        principalAfterFen: after.principal,
        bonusAfterFen: after.bonus,
        pointsAfter: after.points,
        operatorType: item.till.operatorType,
        operatorId: item.till.operatorId,
        createdAt: now,
      };
      redemptions.push(redemption);
      commands.push({
        operationId: `redeem:${item.redemptionId}`,
        kind: 'REDEMPTION',
        merchantId: item.till.merchantId,
        legs: legsOf(card, item.hot, split.principalFen, split.bonusFen, split.points),
      });
      entries.push(auditOf(item, card.id));
      outcomes.set(item, { ok: true, value: { redemption, cardNo: card.cardNo } });
    }
    if (redemptions.length > 0) {
      const alongside = [
        ...(consumeAlongside ? [this.codes.consumption(claims())] : []),
        rowsInsert('redemptions', redemptions.map(redemptionRow)),
        this.audit.entriesInsert(entries),
      ];
      await this.ledger.postBatchInTransaction(em, commands, { locked, alongside });
    }
    return items.map((item) => outcomes.get(item)!);
  }

  /** Each item in order against running balances: its split, or null when the card cannot pay it. */
  private decide(items: PendingRedemption[], locked: Map<number, number>) {
    const balances = new Map(locked);
    return items.map((item) => {
      const { card } = item;
      const principal = balances.get(card.principalAccountId) ?? 0;
      const bonus = balances.get(card.bonusAccountId) ?? 0;
      const points = balances.get(card.pointsAccountId) ?? 0;
      const amount = item.request.amountFen;
      if (amount > principal + bonus) return { item, split: null, after: { principal, bonus, points } };
      const split = { ...splitRedemption(card.deductionRule, amount, principal, bonus), points: pointsFor(amount, card.pointsPerYuan) };
      const after = { principal: principal - split.principalFen, bonus: bonus - split.bonusFen, points: points + split.points };
      balances.set(card.principalAccountId, after.principal);
      balances.set(card.bonusAccountId, after.bonus);
      balances.set(card.pointsAccountId, after.points);
      return { item, split, after };
    });
  }

  /** The store (of this merchant, at one of the actor's stores) and its merchant's status, in one read. */
  private async storeFor(till: Till, storeId: string): Promise<{ store: StoreEntity; merchantStatus: MerchantStatus }> {
    const found = (await this.storesOf([storeId])).get(storeId);
    if (!found || found.store.merchantId !== till.merchantId) throw new DomainError('STORE_NOT_FOUND');
    if (till.storeIds && !till.storeIds.includes(storeId)) throw new DomainError('STORE_NOT_ALLOWED');
    return found;
  }

  private findByOrderNo(merchantId: string, merchantOrderNo: string): Promise<RedemptionEntity | null> {
    return this.dataSource.getRepository(RedemptionEntity).findOneBy({ merchantId, merchantOrderNo });
  }

  private async replayOr(till: Till, request: RedeemRequest, requestHash: string, store: StoreEntity, otherwise: unknown): Promise<RedemptionView> {
    const earlier = await this.findByOrderNo(till.merchantId, request.merchantOrderNo);
    if (earlier) return this.replay(earlier, requestHash, store);
    throw otherwise;
  }

  private async replay(earlier: RedemptionEntity, requestHash: string, store: StoreEntity): Promise<RedemptionView> {
    if (earlier.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', `merchant order ${earlier.merchantOrderNo}`);
    return toRedemptionView(earlier, store, await this.cardNo(earlier.cardId), true);
  }

  private async cardNo(cardId: string): Promise<string> {
    return (await this.dataSource.getRepository(CardEntity).findOneByOrFail({ id: cardId })).cardNo;
  }
}

interface PendingRedemption {
  till: Till;
  store: StoreEntity;
  request: RedeemRequest;
  requestHash: string;
  codeId: string;
  /** The member code's card, read when the sale was checked. */
  card: BatchCard;
  redemptionId: string;
  hot: MerchantAccounts;
}

interface Redeemed {
  redemption: RedemptionEntity;
  cardNo: string;
}

/** What a sale needs before its store and code are checked (a batch checks them for all its sales at once). */
type GroupItem = Pick<PendingRedemption, 'till' | 'request' | 'requestHash' | 'redemptionId' | 'hot'>;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settled<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

interface BatchCard {
  id: string;
  cardNo: string;
  merchantId: string;
  status: CardStatus;
  expiresAt: Date | null;
  principalAccountId: number;
  bonusAccountId: number;
  pointsAccountId: number;
  storeIds: string[];
  deductionRule: DeductionRule;
  pointsPerYuan: number;
}

function batchCard(r: Record<string, unknown>): BatchCard {
  return {
    id: String(r.id),
    cardNo: String(r.card_no),
    merchantId: String(r.merchant_id),
    status: String(r.status) as CardStatus,
    expiresAt: readTimeOrNull(r.expires_at),
    principalAccountId: readInt(r.principal_account_id),
    bonusAccountId: readInt(r.bonus_account_id),
    pointsAccountId: readInt(r.points_account_id),
    storeIds: JSON.parse(String(r.store_ids)) as string[],
    deductionRule: String(r.deduction_rule) as DeductionRule,
    pointsPerYuan: readInt(r.points_per_yuan),
  };
}

function redemptionRow(r: RedemptionEntity): Record<string, unknown> {
  return {
    id: r.id,
    merchant_id: r.merchantId,
    store_id: r.storeId,
    card_id: r.cardId,
    member_code_id: r.memberCodeId,
    merchant_order_no: r.merchantOrderNo,
    request_hash: r.requestHash,
    amount_fen: r.amountFen,
    principal_fen: r.principalFen,
    bonus_fen: r.bonusFen,
    points: r.points,
    refunded_fen: r.refundedFen,
    principal_after_fen: r.principalAfterFen,
    bonus_after_fen: r.bonusAfterFen,
    points_after: r.pointsAfter,
    operator_type: r.operatorType,
    operator_id: r.operatorId,
    created_at: sqlTime(r.createdAt),
  };
}

function storeOf(row: Record<string, unknown>): StoreEntity {
  return { id: String(row.id), merchantId: String(row.merchant_id), name: String(row.name), address: String(row.address), createdAt: readTime(row.created_at) };
}

function accountsOf(card: BatchCard): number[] {
  return [card.principalAccountId, card.bonusAccountId, card.pointsAccountId];
}

function auditOf(item: Pick<PendingRedemption, 'till' | 'store' | 'request' | 'redemptionId'>, cardId: string): AuditEntry {
  return {
    actorType: item.till.operatorType === 'pos' ? 'system' : 'staff',
    actorId: item.till.operatorType === 'pos' ? null : item.till.operatorId,
    action: 'card.redeemed',
    targetType: 'card',
    targetId: cardId,
    detail: { redemptionId: item.redemptionId, amountFen: item.request.amountFen, storeId: item.store.id, operator: item.till.operatorId },
  };
}

function legsOf(card: Pick<CardEntity, 'principalAccountId' | 'bonusAccountId' | 'pointsAccountId'>, hot: MerchantAccounts, principalFen: Fen, bonusFen: Fen, points: number): TransferLeg[] {
  const legs: TransferLeg[] = [];
  if (principalFen > 0) legs.push({ debitAccountId: card.principalAccountId, creditAccountId: hot.payable, amount: principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION });
  if (bonusFen > 0) legs.push({ debitAccountId: card.bonusAccountId, creditAccountId: hot.bonusPool, amount: bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_REDEMPTION });
  if (points > 0) legs.push({ debitAccountId: hot.pointsPool, creditAccountId: card.pointsAccountId, amount: points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_ACCRUAL });
  return legs;
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

