// Posts ledger operations as fast as it can and prints each id after its COMMIT returned ("acknowledged").
// The crash test kills this process with SIGKILL mid-stream and checks that every acknowledged id survived.
require('reflect-metadata');
const { randomUUID } = require('node:crypto');
const { DataSource } = require('typeorm');
const { loadConfig } = require('../../dist/config/app-config');
const { dataSourceOptions } = require('../../dist/database/data-source-options');
const { TransactionRunner } = require('../../dist/database/transaction-runner');
const { LedgerRepository } = require('../../dist/ledger/ledger.repository');
const { LedgerService } = require('../../dist/ledger/ledger.service');
const { SystemClock } = require('../../dist/common/clock');
const { LEDGERS, TRANSFER_CODES } = require('../../dist/ledger/ledger.constants');

async function main() {
  const [card, payable] = process.argv.slice(2).map(Number);
  const dataSource = new DataSource(dataSourceOptions(loadConfig()));
  await dataSource.initialize();
  const ledger = new LedgerService(dataSource, new TransactionRunner(dataSource), new LedgerRepository(), new SystemClock());
  process.stdout.write('ready\n');
  const worker = async () => {
    for (;;) {
      const id = `crash-${randomUUID()}`;
      try {
        await ledger.post({
          operationId: id,
          kind: 'REDEMPTION',
          legs: [{ debitAccountId: card, creditAccountId: payable, amount: 1, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION }],
        });
        process.stdout.write(`ack ${id}\n`);
      } catch (error) {
        process.stdout.write(`refused ${id} ${error.code ?? error.message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
