import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SystemClock } from '../../src/common/clock';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { ACCOUNT_CODES, ACCOUNT_FLAGS, LEDGERS } from '../../src/ledger/ledger.constants';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { LedgerRollupService } from '../../src/ledger/ledger-rollup.service';
import { LedgerService } from '../../src/ledger/ledger.service';
import { LedgerVerifier } from '../../src/ledger/ledger-verifier';
import { loadConfig } from '../../src/config/app-config';
import { startedForBlock } from '../support/app-hooks';
import { testDataSource } from '../support/database';

/** The ledger's real classes wired by hand over a real DataSource (no Nest container needed). */
export function ledgerKit(dataSource: DataSource) {
  const tx = new TransactionRunner(dataSource);
  const clock = new SystemClock();
  const ledger = new LedgerService(dataSource, tx, new LedgerRepository(), clock);
  const rollup = new LedgerRollupService(tx, clock, loadConfig());
  const verifier = new LedgerVerifier(dataSource);

  async function cardAccount(): Promise<number> {
    return ledger.ensureAccount({
      ledger: LEDGERS.CNY,
      code: ACCOUNT_CODES.CARD_PRINCIPAL,
      ownerRef: `card-${randomUUID()}`,
      flags: ACCOUNT_FLAGS.DEBITS_MUST_NOT_EXCEED_CREDITS,
    });
  }

  async function hotAccount(code: keyof typeof ACCOUNT_CODES, ledgerName: keyof typeof LEDGERS = 'CNY'): Promise<number> {
    return ledger.ensureAccount({
      ledger: LEDGERS[ledgerName],
      code: ACCOUNT_CODES[code],
      ownerRef: `${code.toLowerCase()}-${randomUUID()}`,
      flags: ACCOUNT_FLAGS.HOT,
    });
  }

  return { dataSource, tx, ledger, rollup, verifier, cardAccount, hotAccount };
}

export type LedgerKit = ReturnType<typeof ledgerKit>;

/** The kit over its own DataSource for one describe block: opened before its tests, closed after them. */
export function useLedgerKit(): LedgerKit {
  return startedForBlock(
    async () => {
      const dataSource = testDataSource();
      await dataSource.initialize();
      return ledgerKit(dataSource);
    },
    (kit) => kit.dataSource.destroy(),
  );
}
