import { readInt, readTextOrNull, readTime } from './sql-values';

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
