import { columnOf, readText, rowReader, rowsInserter, rowWriter } from './row-mapping';
import { readInt, readTextOrNull, readTime, readTimeOrNull, rowsInsert } from './sql-values';

interface Sample {
  id: string;
  cardId: string;
  principalAfterFen: number;
  usedAt: Date | null;
  note: string | null;
  createdAt: Date;
}

describe('columnOf', () => {
  it('should store a field in the column of its snake_case name', () => {
    expect(['id', 'cardId', 'principalAfterFen'].map(columnOf)).toEqual(['id', 'card_id', 'principal_after_fen']);
  });
});

describe('rowReader', () => {
  const sut = rowReader<Sample>({ id: readText, cardId: readText, principalAfterFen: readInt, usedAt: readTimeOrNull, note: readTextOrNull, createdAt: readTime });

  it('should read each field from its snake_case column, a MySQL row and a SQLite row alike', () => {
    const mysql = { id: '9007199254740993', card_id: 'c1', principal_after_fen: '12300', used_at: null, note: 'x', created_at: new Date('2025-01-02T03:04:05.678Z'), extra: 1 };
    const sqlite = { id: 42, card_id: 'c1', principal_after_fen: 12300, used_at: '2025-01-02 03:04:05.678', note: null, created_at: '2025-01-02 03:04:05.678' };

    expect(sut(mysql)).toEqual({ id: '9007199254740993', cardId: 'c1', principalAfterFen: 12300, usedAt: null, note: 'x', createdAt: new Date('2025-01-02T03:04:05.678Z') });
    expect(sut(sqlite)).toEqual({ id: '42', cardId: 'c1', principalAfterFen: 12300, usedAt: new Date('2025-01-02T03:04:05.678Z'), note: null, createdAt: new Date('2025-01-02T03:04:05.678Z') });
  });

  it('should build the fields in the order of its table and leave other columns out', () => {
    expect(Object.keys(sut({ id: 1, card_id: 'c', principal_after_fen: 0, used_at: null, note: null, created_at: '2025-01-01 00:00:00', extra: 1 }))).toEqual(['id', 'cardId', 'principalAfterFen', 'usedAt', 'note', 'createdAt']);
  });

  it('should fail loudly on a column its reader cannot read', () => {
    expect(() => sut({ id: 1, card_id: 'c', principal_after_fen: 0, used_at: null, note: { x: 1 }, created_at: '2025-01-01 00:00:00' })).toThrow(TypeError);
  });
});

describe('rowWriter', () => {
  const sut = rowWriter<Sample>(['cardId', 'principalAfterFen', 'usedAt', 'note', 'createdAt']);

  it('should give the listed fields as columns in order, dates as SQL time and null as null', () => {
    const columns = sut({ id: 'left out', cardId: 'c1', principalAfterFen: 5, usedAt: null, note: null, createdAt: new Date('2025-01-02T03:04:05.678Z') });

    expect(columns).toEqual({ card_id: 'c1', principal_after_fen: 5, used_at: null, note: null, created_at: '2025-01-02 03:04:05.678' });
    expect(Object.keys(columns)).toEqual(['card_id', 'principal_after_fen', 'used_at', 'note', 'created_at']);
  });
});

describe('rowsInserter', () => {
  const sut = rowsInserter<Sample>('samples', ['cardId', 'principalAfterFen', 'usedAt', 'note', 'createdAt']);
  const row = (cardId: string, at: string): Sample => ({ id: 'left out', cardId, principalAfterFen: 5, usedAt: null, note: null, createdAt: new Date(at) });

  it('should insert the listed fields of every row in one statement, dates as SQL time and null as null', () => {
    const statement = sut([row('c1', '2025-01-02T03:04:05.678Z'), row('c2', '2025-01-02T03:04:06.000Z')]);

    expect(statement.sql).toBe('INSERT INTO samples (card_id, principal_after_fen, used_at, note, created_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)');
    expect(statement.parameters).toEqual(['c1', 5, null, null, '2025-01-02 03:04:05.678', 'c2', 5, null, null, '2025-01-02 03:04:06.000']);
  });

  it('should give the same statement as rowsInsert over rowWriter columns, for any batch size', () => {
    const columns = rowWriter<Sample>(['cardId', 'principalAfterFen', 'usedAt', 'note', 'createdAt']);
    for (const size of [1, 3, 1, 7]) {
      const rows = Array.from({ length: size }, (_, i) => row(`c${i}`, `2025-01-02T03:04:0${i % 10}.000Z`));
      expect(sut(rows)).toEqual(rowsInsert('samples', rows.map(columns)));
    }
  });
});
