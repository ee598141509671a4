import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { LedgerVerifier } from '../ledger/ledger-verifier';

/** `npm run ledger:verify`: checks the ledger invariants on the configured database; exits 1 listing offenders. */
async function main(): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(loadConfig()));
  await dataSource.initialize();
  try {
    const report = await new LedgerVerifier(dataSource).verify();
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(report));
    } else {
      const { accounts, transfers, operations, rollups } = report.counts;
      console.log(`ledger:verify — ${accounts} accounts, ${transfers} transfers, ${operations} operations, ${rollups} rollups`);
      for (const check of report.checks) {
        const violation = report.violations.find((v) => v.check === check);
        console.log(`  ${violation ? 'FAIL' : 'ok  '} ${check}`);
        if (violation) {
          console.log(`       ${violation.description}`);
          for (const row of violation.offenders) console.log(`       ${JSON.stringify(row)}`);
        }
      }
      console.log(report.ok ? 'ledger:verify: all invariants hold' : `ledger:verify: ${report.violations.length} invariant(s) violated`);
    }
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
});
