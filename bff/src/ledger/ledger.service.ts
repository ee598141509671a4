import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { ErrorCode, Fen } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { runStatements, type Statement } from '../database/statements';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { coldDeltas, validatePost, type AccountShape } from './ledger-command';
import { ACCOUNT_FLAGS, type LedgerId } from './ledger.constants';
import { isHot, LedgerRepository, type AccountDelta, type NewTransfer } from './ledger.repository';
import type { AccountRow, PostCommand, PostResult, TransferLeg } from './ledger.types';
import { BatchConflict } from '../common/batch-conflict';

// the bench seeds transfers with the same request hash
export { hashLegs, sha256Hex } from './ledger-command';

/** Rejections that are remembered against the operation id, so a retry gets the same answer. */
class Rejection extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

class AlreadyRecorded extends Error {}

/**
 * The double-entry ledger: accounts with running totals, immutable transfers, idempotent operations.
 * Cold accounts (cards) change inside the posting transaction through guarded UPDATEs; hot accounts (merchant
 * payable, clearing, pools) only receive transfer rows and are rolled up by LedgerRollupService.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly repository: LedgerRepository,
    private readonly clock: Clock,
    @Optional() config?: AppConfig,
  ) {
    this.hotInline = config?.LEDGER_HOT_ACCOUNTS_INLINE === 'true';
  }

  /** The naive baseline (benchmarks): hot accounts updated inside the request like any other. */
  private readonly hotInline: boolean;

  /**
   * Ledger and flags never change once an account exists; remembered for the committed accounts ensureAccount
   * returns (the platform's and merchants' hot accounts), so postings to them read only the other side.
   */
  private readonly ensuredShapes = new Map<number, AccountShape>();

  private isHot(flags: number): boolean {
    return !this.hotInline && isHot(flags);
  }

  /** Opens an account (inside the caller's transaction) and returns its id. */
  async openAccount(
    em: EntityManager,
    account: { ledger: LedgerId; code: number; ownerRef: string; flags: number },
  ): Promise<number> {
    await this.repository.insertAccount(em, { ...account, createdAt: this.clock.now() });
    const row = await this.repository.findAccountByOwner(em, account.ledger, account.code, account.ownerRef);
    if (!row) throw new Error('account vanished after insert');
    return row.id;
  }

  /** The account for (ledger, code, owner), created on first use; safe when several callers race. */
  async ensureAccount(account: { ledger: LedgerId; code: number; ownerRef: string; flags: number }): Promise<number> {
    const em = this.dataSource.manager;
    const existing = await this.repository.findAccountByOwner(em, account.ledger, account.code, account.ownerRef);
    if (existing) return this.ensured(existing);
    try {
      const id = await this.tx.run((tem) => this.openAccount(tem, account));
      return this.ensured({ id, ledger: account.ledger, flags: account.flags });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.repository.findAccountByOwner(em, account.ledger, account.code, account.ownerRef);
      if (!winner) throw error;
      return this.ensured(winner);
    }
  }

  private ensured({ id, ledger, flags }: AccountShape): number {
    this.ensuredShapes.set(id, { id, ledger, flags });
    return id;
  }

  /**
   * Reads accounts inside the caller's transaction and, on MySQL, locks them until it ends (ascending id order, so
   * two lockers never wait on each other in opposite orders). Pass the result to postBatchInTransaction.
   */
  async lockAccounts(em: EntityManager, ids: number[]): Promise<Map<number, AccountRow>> {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const rows = await this.repository.findAccounts(em, sorted, !this.tx.isSqlite);
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Posts an operation in its own transaction. `alongside` runs in the same transaction after the transfers, for
   * use cases whose other rows must change atomically with the money; it does not run on a replay.
   */
  async post(command: PostCommand, alongside?: (em: EntityManager, result: PostResult) => Promise<void>): Promise<PostResult> {
    const requestHash = validatePost(command);
    try {
      return await this.tx.run(async (em) => {
        const result = await this.postWithin(em, command, requestHash);
        if (alongside) await alongside(em, result);
        return result;
      });
    } catch (error) {
      if (error instanceof Rejection) return this.recordRejection(command, requestHash, error.code);
      if (error instanceof AlreadyRecorded) return this.replay(command.operationId, requestHash);
      throw error;
    }
  }

  /**
   * Posts inside a transaction the caller already holds, for use cases whose idempotency lives in their own
   * table (a redemption's merchant order number). A refusal throws its DomainError and the caller's transaction
   * rolls back; nothing is remembered under the operation id, so use a fresh id per attempt.
   */
  async postInTransaction(em: EntityManager, command: PostCommand): Promise<void> {
    const requestHash = validatePost(command);
    try {
      await this.postWithin(em, command, requestHash, false);
    } catch (error) {
      if (error instanceof Rejection) throw new DomainError(error.code);
      if (error instanceof AlreadyRecorded) throw new DomainError('CONFLICT', `operation ${command.operationId} already posted`);
      throw error;
    }
  }

  /**
   * Posts several operations inside the caller's transaction with a constant number of statements (group commit
   * of a micro-batch, research/ledger.md §7.6): operations, transfers and the cold accounts' deltas each in one
   * statement, accounts in ascending id order, sent in ONE round trip together with the caller's own `alongside`
   * writes. `locked` are accounts the caller read in this transaction (lockAccounts). All or nothing: any refusal or
   * repeated id throws, and the caller rolls back and may post the operations one by one.
   */
  async postBatchInTransaction(
    em: EntityManager,
    commands: PostCommand[],
    options: { locked?: Map<number, AccountRow>; alongside?: Statement[] } = {},
  ): Promise<void> {
    if (commands.length === 0) return;
    const hashes = commands.map((command) => validatePost(command));
    const now = this.clock.now();
    const accounts = await this.loadAccounts(
      em,
      commands.flatMap((c) => c.legs),
      options.locked,
    );
    // one pass over the legs: the transfer rows and each cold account's total change, with the tightest ceiling
    const transfers: NewTransfer[] = [];
    const deltas = new Map<number, AccountDelta>();
    const deltaOf = (account: AccountShape, command: PostCommand): AccountDelta => {
      const ceiling = command.balanceCeilings?.[account.id] ?? null;
      let delta = deltas.get(account.id);
      if (!delta) {
        delta = { accountId: account.id, debit: 0, credit: 0, mustNotGoNegative: (account.flags & ACCOUNT_FLAGS.DEBITS_MUST_NOT_EXCEED_CREDITS) !== 0, ceiling };
        deltas.set(account.id, delta);
      } else if (ceiling !== null) delta.ceiling = delta.ceiling === null ? ceiling : Math.min(delta.ceiling, ceiling);
      return delta;
    };
    for (const command of commands) {
      const merchantId = command.merchantId ?? null;
      command.legs.forEach((leg, index) => {
        const debit = accounts.get(leg.debitAccountId)!;
        const credit = accounts.get(leg.creditAccountId)!;
        const debitApplied = !this.isHot(debit.flags);
        const creditApplied = !this.isHot(credit.flags);
        if (debitApplied) deltaOf(debit, command).debit += leg.amount;
        if (creditApplied) deltaOf(credit, command).credit += leg.amount;
        transfers.push({
          id: `${command.operationId}:${index}`, operationId: command.operationId, debitAccountId: leg.debitAccountId, creditAccountId: leg.creditAccountId,
          amount: leg.amount, ledger: leg.ledger, code: leg.code, merchantId, debitApplied, creditApplied, createdAt: now,
        });
      });
    }
    // the account order of the guarded UPDATE: ascending ids, as every locker takes them
    const sorted = [...deltas.values()].sort((a, b) => a.accountId - b.accountId);
    const statements = [
      ...(options.alongside ?? []),
      this.repository.operationsInsert(
        commands.map((command, i) => ({ id: command.operationId, requestHash: hashes[i]!, kind: command.kind, status: 'POSTED' as const, rejectCode: null, createdAt: now })),
      ),
      this.repository.transfersInsert(transfers),
      ...(sorted.length > 0 ? [this.repository.deltasUpdate(sorted)] : []),
    ];
    if (!(await runStatements(em, statements))) throw new BatchConflict('a batched posting (or a write sent with it) did not change the rows it expected, e.g. an account guard');
  }

  private async postWithin(em: EntityManager, command: PostCommand, requestHash: string, readBack = true): Promise<PostResult> {
    const now = this.clock.now();
    try {
      await this.repository.insertOperation(em, {
        id: command.operationId,
        requestHash,
        kind: command.kind,
        status: 'POSTED',
        rejectCode: null,
        createdAt: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyRecorded();
      throw error;
    }

    const accounts = await this.loadAccounts(em, command.legs);
    const transfers = command.legs.map((leg, index) => {
      const debit = accounts.get(leg.debitAccountId)!;
      const credit = accounts.get(leg.creditAccountId)!;
      return {
        ...leg,
        id: `${command.operationId}:${index}`,
        operationId: command.operationId,
        merchantId: command.merchantId ?? null,
        debitApplied: !this.isHot(debit.flags),
        creditApplied: !this.isHot(credit.flags),
        createdAt: now,
      };
    });
    await this.repository.insertTransfers(em, transfers);

    // Cold accounts in ascending id order, so two operations never wait on each other in opposite orders.
    for (const delta of coldDeltas(command, accounts, (flags) => this.isHot(flags))) {
      if (!(await this.repository.applyDelta(em, delta))) {
        throw new Rejection(delta.debit > delta.credit ? 'INSUFFICIENT_BALANCE' : 'BALANCE_LIMIT_EXCEEDED');
      }
    }
    const stored = readBack ? await this.repository.findTransfersByOperation(em, command.operationId) : [];
    return { operationId: command.operationId, transfers: stored, replayed: false };
  }

  /** Credits − debits with the transfers a hot account has not rolled up yet; `em` reads inside a transaction. */
  async balance(accountId: number, em: EntityManager = this.dataSource.manager): Promise<Fen> {
    return this.repository.liveBalance(em, accountId);
  }

  async accounts(ids: number[]): Promise<AccountRow[]> {
    return this.repository.findAccounts(this.dataSource.manager, ids);
  }

  /** The legs' accounts: those the caller read in this transaction, the ensured ones, and the rest read now. */
  private async loadAccounts(em: EntityManager, legs: TransferLeg[], known?: Map<number, AccountShape>): Promise<Map<number, AccountShape>> {
    const byId = new Map<number, AccountShape>();
    const missing: number[] = [];
    for (const id of new Set(legs.flatMap((leg) => [leg.debitAccountId, leg.creditAccountId]))) {
      const shape = known?.get(id) ?? this.ensuredShapes.get(id);
      if (shape) byId.set(id, shape);
      else missing.push(id);
    }
    for (const row of await this.repository.findAccounts(em, missing)) byId.set(row.id, row);
    for (const leg of legs) {
      const debit = byId.get(leg.debitAccountId);
      const credit = byId.get(leg.creditAccountId);
      if (!debit || !credit) throw new DomainError('LEDGER_ACCOUNT_NOT_FOUND');
      if (debit.ledger !== leg.ledger || credit.ledger !== leg.ledger) throw new DomainError('LEDGER_MISMATCH');
    }
    return byId;
  }

  /** Remembers a refused operation id; whichever of success or refusal commits first is the id's answer forever. */
  private async recordRejection(command: PostCommand, requestHash: string, code: ErrorCode): Promise<never> {
    try {
      await this.tx.run((em) =>
        this.repository.insertOperation(em, {
          id: command.operationId,
          requestHash,
          kind: command.kind,
          status: 'REJECTED',
          rejectCode: code,
          createdAt: this.clock.now(),
        }),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.replay(command.operationId, requestHash);
    }
    throw new DomainError(code);
  }

  private async replay(operationId: string, requestHash: string): Promise<PostResult> {
    const em = this.dataSource.manager;
    const operation = await this.repository.findOperation(em, operationId);
    if (!operation) throw new Error(`operation ${operationId} reported as existing but not found`);
    if (operation.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', operationId);
    if (operation.status === 'REJECTED') throw new DomainError((operation.rejectCode ?? 'INTERNAL') as ErrorCode);
    const transfers = await this.repository.findTransfersByOperation(em, operationId);
    return { operationId, transfers, replayed: true };
  }
}
