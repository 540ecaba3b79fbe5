import type { DataSource } from 'typeorm';
import {
  bulkInsertEntities,
  bulkInsertRows,
  chunks,
  forUpdateSkipLocked,
  isRetryableLockError,
  isSqlite,
  isUniqueViolation,
  placeholders,
  rawRows,
  timeParam,
  timeValue,
} from '../../src/database/sql';
import { inTransaction } from '../../src/database/transaction';
import { Agency } from '../../src/roster/agency.entity';
import { createTestDatabase, databasesUnderTest, openTestDataSource } from '../support/test-db';

describe('the pure helpers', () => {
  it('slices lists and writes placeholders', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
    expect(placeholders(3)).toBe('?, ?, ?');
    expect(timeValue('2026-05-01 08:30:00.250')).toEqual(new Date('2026-05-01T08:30:00.250Z'));
    expect(isRetryableLockError({ driverError: { code: 'ER_LOCK_DEADLOCK' } })).toBe(true);
    expect(isRetryableLockError({ code: 'SQLITE_BUSY' })).toBe(true);
    expect(isRetryableLockError(new Error('other'))).toBe(false);
    expect(isRetryableLockError(null)).toBe(false);
  });
});

describe.each(databasesUnderTest())('the SQL dialect on %s', (kind) => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openTestDataSource(await createTestDatabase(kind, `sql_dialect_${kind}`));
    await ds.query(
      'CREATE TABLE dialect_probe (id INT PRIMARY KEY, flag INT NOT NULL, at DATETIME(3) NOT NULL)'.replace(
        'DATETIME(3)',
        kind === 'sqlite' ? 'DATETIME' : 'DATETIME(3)',
      ),
    );
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('knows which database it is on', () => {
    expect(isSqlite(ds)).toBe(kind === 'sqlite');
    expect(isSqlite(ds.manager)).toBe(kind === 'sqlite');
    expect(forUpdateSkipLocked(ds)).toBe(kind === 'sqlite' ? '' : ' FOR UPDATE SKIP LOCKED');
  });

  it('bulk-inserts more rows than one statement takes, and reads them back as arrays with their times', async () => {
    const at = new Date('2026-12-08T01:02:03.456Z');
    // 3 columns: 10,000 rows per statement, so 10,001 rows take two statements.
    const rows = Array.from({ length: 10_001 }, (_, i) => [i + 1, i % 2 === 0, new Date(at.getTime() + i)]);
    await inTransaction(ds, (m) => bulkInsertRows(m, 'dialect_probe', ['id', 'flag', 'at'], rows));
    const back = await rawRows(
      ds,
      `SELECT id, flag, at FROM dialect_probe WHERE id IN (${placeholders(3)}) AND at >= ? ORDER BY id`,
      [1, 2, 10_001, timeParam(ds, at)],
    );
    expect(
      back.map(([id, flag, t]) => [Number(id), Number(flag), timeValue(t as Date | string).toISOString()]),
    ).toEqual([
      [1, 1, '2026-12-08T01:02:03.456Z'],
      [2, 0, '2026-12-08T01:02:03.457Z'],
      [10_001, 1, new Date(at.getTime() + 10_000).toISOString()],
    ]);
    // Inside a transaction too (on MySQL the transaction's own connection).
    const inside = await inTransaction(ds, (m) => rawRows(m, 'SELECT COUNT(*) FROM dialect_probe', []));
    expect(Number(inside[0][0])).toBe(10_001);
  });

  it('tells a unique-key violation on either database', async () => {
    const dup = await ds
      .query('INSERT INTO dialect_probe (id, flag, at) VALUES (1, 0, ?)', [timeParam(ds, new Date())])
      .catch((e: unknown) => e);
    expect(isUniqueViolation(dup)).toBe(true);
    expect(isRetryableLockError(dup)).toBe(false);
    const other = await ds.query('SELECT no_such_column FROM dialect_probe').catch((e: unknown) => e);
    expect(isUniqueViolation(other)).toBe(false);
  });

  it('bulk-inserts entities with the values TypeORM would store', async () => {
    const now = new Date('2026-12-08T02:00:00.000Z');
    await inTransaction(ds, (m) =>
      bulkInsertEntities(
        m,
        Agency,
        ['code', 'name', 'county', 'active', 'createdAt', 'updatedAt'],
        [
          { code: 'A1', name: '甲机构', county: '兰山区', active: true, createdAt: now, updatedAt: now },
          { code: 'A2', name: '乙机构', county: '罗庄区', active: false, createdAt: now, updatedAt: now },
        ],
      ),
    );
    const saved = await ds.getRepository(Agency).find({ order: { code: 'ASC' } });
    expect(saved.map((a) => [a.code, a.name, a.active, a.updatedAt.toISOString()])).toEqual([
      ['A1', '甲机构', true, now.toISOString()],
      ['A2', '乙机构', false, now.toISOString()],
    ]);
  });
});
