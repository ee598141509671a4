import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BALANCE_REFUND_STATUS_ZH, REDEMPTION_STATUS_ZH, TERMS, TOPUP_STATUS_ZH } from '@jucard/shared';
import { statementCsvRecords } from '../settlement/statement-csv';

const ROOT = join(__dirname, '../../..');
// Where people read our words: the mini-program, the back office's reports, the statements, the shared labels.
const SCANNED = ['miniapp/src', 'bff/src/back-office', 'bff/src/settlement', 'shared/src'];
// docs/glossary.md, "Words we do not use"
const AVOIDED = ['退款', '消费退回', "'银联'"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.spec\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('one vocabulary (docs/glossary.md)', () => {
  it('should list every avoided word in the glossary', () => {
    const glossary = readFileSync(join(ROOT, 'docs/glossary.md'), 'utf8');
    for (const word of AVOIDED) expect(glossary).toContain(`| ${word.replaceAll("'", '')} `);
  });

  it.each(AVOIDED)('should not show %s anywhere people read', (word) => {
    const found = SCANNED.flatMap((dir) => sources(join(ROOT, dir)))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line, n: i + 1 })))
      .filter(({ line }) => line.includes(word))
      .map(({ file, n }) => `${relative(ROOT, file)}:${n}`);
    expect(found).toEqual([]);
  });

  it('should name the statuses of the reports with the glossary words', () => {
    expect(REDEMPTION_STATUS_ZH.REVERSED).toContain(TERMS.reversal);
    expect(BALANCE_REFUND_STATUS_ZH.SUCCEEDED).toContain(TERMS.balanceRefund);
    expect(TOPUP_STATUS_ZH.REFUNDED).toContain(TERMS.channelRefund);
  });

  it('should say the statement CSV counts principal only, with 冲正 for a reversal', async () => {
    async function* lines() {
      yield { seq: 2, kind: 'REVERSAL' as const, principalFen: -1_090, amountFen: -1_090, merchantOrderNo: 'A1', storeName: '静安店', cardNoMasked: '8812 **** **** 1234', occurredAt: '2026-11-24T16:30:00.000Z' };
    }
    const records: string[][] = [];
    for await (const record of statementCsvRecords(lines())) records.push(record);
    expect(records[0]).toContain('金额（本金部分）(元)');
    expect(records[1]).toEqual(['2', '冲正', '-10.90', 'A1', '静安店', '8812 **** **** 1234', '2026-11-25 00:30:00']);
    expect(records[2]?.[2]).toBe('-10.90');
  });
});
