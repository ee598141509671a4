// Money and time helpers (node --test scripts/sandbox/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { businessDate, businessDayRange, cstCompact, cstDateTime, fenToYuan, formatScaled, rfc3339, yuanToFen } from './util.mjs';

test('should format fen as yuan without floats', () => {
  for (const [fen, yuan] of [[0, '0.00'], [1, '0.01'], [10, '0.10'], [8888, '88.88'], [-500, '-5.00'], [900719925474099, '9007199254740.99']]) {
    assert.equal(fenToYuan(fen), yuan);
  }
  assert.equal(formatScaled(5940, 5), '0.05940');
  assert.equal(formatScaled(-5940, 5), '-0.05940');
  assert.throws(() => fenToYuan(1.5), TypeError);
});

test('should parse yuan strings into fen exactly', () => {
  for (const [yuan, fen] of [['0.01', 1], ['0.1', 10], ['1', 100], ['88.88', 8888], ['0.29', 29], ['100000000.00', 10_000_000_000]]) {
    assert.equal(yuanToFen(yuan), fen, yuan);
  }
  for (const bad of ['', '.5', '1.', '1.234', '-1', '+1', '1e2', '01', ' 1', '1,00', 1, null, undefined]) {
    assert.equal(yuanToFen(bad), null, String(bad));
  }
});

test('should speak Beijing time whatever the host time zone', () => {
  const t = Date.UTC(2025, 0, 1, 16, 30, 5); // 2025-01-02 00:30:05 in Beijing
  assert.equal(rfc3339(t), '2025-01-02T00:30:05+08:00');
  assert.equal(cstDateTime(t), '2025-01-02 00:30:05');
  assert.equal(cstCompact(t), '20250102003005');
  assert.equal(businessDate(t), '2025-01-02');
  assert.deepEqual(businessDayRange('2025-01-02'), [Date.UTC(2025, 0, 1, 16), Date.UTC(2025, 0, 2, 16)]);
  assert.equal(businessDayRange('2025-02-30'), null);
  assert.equal(businessDayRange('20250101'), null);
});
