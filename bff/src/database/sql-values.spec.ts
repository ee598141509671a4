import { insertSql, placeholders, readInt, readTextOrNull, readTime, sqlTime, whereGiven } from './sql-values';

describe('readTextOrNull', () => {
  it.each([
    ['a text column', 'ok', 'ok'],
    ['a MySQL BIGINT id (string)', '9007199254740993', '9007199254740993'],
    ['a SQLite id (number)', 42, '42'],
    ['NULL', null, null],
  ])('should read %s', (_case, value, expected) => {
    expect(readTextOrNull(value)).toBe(expected);
  });

  it('should refuse an object instead of reading it as "[object Object]"', () => {
    expect(() => readTextOrNull({ note: 'x' })).toThrow(new TypeError("not a text column: { note: 'x' }"));
  });
});

describe('readTime and readInt', () => {
  it('should name the value they could not read', () => {
    expect(() => readTime({ at: 1 })).toThrow(new TypeError('not a datetime: { at: 1 }'));
    expect(() => readInt([1])).toThrow(new TypeError('not an integer: [ 1 ]'));
  });
});

describe('sqlTime', () => {
  it('should format each instant as UTC, also when one follows another that shares its rows', () => {
    const a = new Date('2025-01-02T03:04:05.678Z');
    const b = new Date('2025-12-31T23:59:59.999Z');

    expect([sqlTime(a), sqlTime(a), sqlTime(b), sqlTime(new Date(a.getTime())), sqlTime(b)]).toEqual([
      '2025-01-02 03:04:05.678', '2025-01-02 03:04:05.678', '2025-12-31 23:59:59.999', '2025-01-02 03:04:05.678', '2025-12-31 23:59:59.999',
    ]);
  });
});

describe('placeholders and insertSql', () => {
  it('should give one placeholder per value and one tuple per row', () => {
    expect([placeholders(0), placeholders(1), placeholders(3)]).toEqual(['', '?', '?, ?, ?']);
    expect(insertSql('t', ['a', 'b'], 1)).toBe('INSERT INTO t (a, b) VALUES (?, ?)');
    expect(insertSql('t', ['a', 'b'], 3)).toBe('INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)');
    expect(insertSql('t', ['a'], 2)).toBe('INSERT INTO t (a) VALUES (?), (?)');
  });
});

describe('whereGiven', () => {
  it('should keep the conditions whose value is given, in order, with their values as parameters', () => {
    expect(whereGiven([['day = ?', '2026-12-01'], ['status = ?', undefined], ['channel = ?', ''], ['id < ?', 0], ['merchant_id = ?', null]])).toEqual({
      sql: ' WHERE day = ? AND id < ?',
      params: ['2026-12-01', 0],
    });
  });

  it('should write no WHERE when no filter is given', () => {
    expect(whereGiven([['status = ?', undefined], ['id < ?', null]])).toEqual({ sql: '', params: [] });
  });
});
