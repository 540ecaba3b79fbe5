import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

/**
 * The SQL dialect in one place. The platform runs on MySQL/MariaDB in production and on the embedded SQLite
 * database for the quick start; every difference between the two that raw SQL meets is decided here, so that
 * no other module asks which database it is on.
 */

type DbHandle = DataSource | EntityManager;

function dataSourceOf(x: DbHandle): DataSource {
  return 'connection' in x ? x.connection : x;
}

/** Whether a data source or manager is the embedded SQLite database. */
export function isSqlite(x: DbHandle): boolean {
  return dataSourceOf(x).options.type === 'better-sqlite3';
}

/** "?, ?, ?" for n parameters. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** `list` in slices of at most `size` (statements stay under the parameter limits of both databases). */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  if (!(size >= 1)) {
    throw new RangeError(`chunk size must be at least 1, got ${size}`);
  }
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}

/**
 * A time as a raw-query parameter: SQLite stores TypeORM datetimes as UTC text 'YYYY-MM-DD HH:MM:SS.mmm' and
 * compares them as text; mysql2 converts a Date itself (the connection's time zone is UTC).
 */
export function timeParam(x: DbHandle, d: Date): Date | string {
  return isSqlite(x) ? d.toISOString().replace('T', ' ').replace('Z', '') : d;
}

/** A time read by a raw query (a Date from mysql2, UTC text from SQLite). */
export function timeValue(v: Date | string): Date {
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

/** A value as a raw-query parameter: booleans as 1/0, times as {@link timeParam} gives them. */
export function sqlValue(x: DbHandle, v: unknown): unknown {
  if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  if (v instanceof Date) {
    return timeParam(x, v);
  }
  return v;
}

/** " FOR UPDATE SKIP LOCKED" where the database has row locks (SQLite's one writer needs none). */
export function forUpdateSkipLocked(x: DbHandle): string {
  return isSqlite(x) ? '' : ' FOR UPDATE SKIP LOCKED';
}

function driverCode(err: unknown): string | undefined {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  return e?.driverError?.code ?? e?.code;
}

/** Whether an error is a lock conflict worth retrying (MySQL deadlock or lock wait timeout, SQLite busy). */
export function isRetryableLockError(err: unknown): boolean {
  const code = driverCode(err);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/** Whether an error is a unique-key (or primary-key) violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const code = driverCode(err);
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** SQLite allows 32,766 parameters per statement; MySQL far more, but packets stay small this way. */
const MAX_PARAMS = 30_000;

/**
 * Multi-row INSERT with plain placeholders: for thousands of rows the ORM's insert builder spends more time
 * naming parameters than the database spends writing. Column names are trusted identifiers (no quoting needed
 * for the snake_case names used here); values are always parameters.
 */
export async function bulkInsertRows(
  m: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const tuple = `(${columns.map(() => '?').join(',')})`;
  for (const batch of chunks(rows, per)) {
    const params: unknown[] = [];
    for (const r of batch) {
      for (const v of r) {
        params.push(sqlValue(m, v));
      }
    }
    await m.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: batch.length }, () => tuple).join(',')}`,
      params,
    );
  }
}

interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[][];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface MysqlConnection {
  query(
    options: { sql: string; values: unknown[]; rowsAsArray: boolean },
    cb: (err: Error | null, rows: unknown[][]) => void,
  ): void;
}

/**
 * Rows as arrays, in the order of the select list, straight from the driver. Grading reads close to a million
 * rows at campaign scale; building an object per row (what `query()` returns) costs more than the database
 * takes to produce it. Reads only: writes keep going through the entity manager.
 */
export async function rawRows(x: DbHandle, sql: string, params: unknown[]): Promise<unknown[][]> {
  const ds = dataSourceOf(x);
  if (isSqlite(ds)) {
    // One connection serves everything on SQLite, transactions included.
    const db = (ds.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    return db
      .prepare(sql)
      .raw(true)
      .all(...params);
  }
  const manager = 'connection' in x ? x : null;
  const ownRunner: QueryRunner | null = manager?.queryRunner ? null : ds.createQueryRunner('master');
  const runner = manager?.queryRunner ?? ownRunner!;
  try {
    const conn = (await runner.connect()) as MysqlConnection;
    return await new Promise<unknown[][]>((resolve, reject) =>
      conn.query({ sql, values: params, rowsAsArray: true }, (err, rows) =>
        err ? reject(err) : resolve(rows),
      ),
    );
  } finally {
    await ownRunner?.release();
  }
}

/**
 * Inserts many entities with multi-row INSERTs, each value converted exactly as TypeORM would store it (the
 * driver's own preparePersistentValue: JSON, booleans, UTC datetimes on both databases). TypeORM's own `insert`
 * costs about six times more CPU on the event loop's thread (it also reads every inserted row back on SQLite),
 * which a 50,000-row roster import cannot afford while candidates are answering.
 */
export async function bulkInsertEntities<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  properties: ReadonlyArray<keyof T & string>,
  rows: ReadonlyArray<Partial<T>>,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const meta = m.connection.getMetadata(target);
  const driver = m.connection.driver;
  const columns = properties.map((p) => {
    const c = meta.findColumnWithPropertyName(p);
    if (!c) {
      throw new Error(`bulkInsertEntities: ${meta.name} has no column for ${p}`);
    }
    return c;
  });
  const row = `(${columns.map(() => '?').join(', ')})`;
  const table = driver.escape(meta.tableName);
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  for (const batch of chunks(rows, Math.max(1, Math.floor(MAX_PARAMS / columns.length)))) {
    const params: unknown[] = [];
    for (const r of batch) {
      for (const c of columns) {
        params.push(driver.preparePersistentValue(r[c.propertyName as keyof T], c));
      }
    }
    await m.query(`INSERT INTO ${table} (${names}) VALUES ${batch.map(() => row).join(', ')}`, params);
  }
}

/**
 * Takes the rows the query selects with FOR UPDATE where the database has row locks (MySQL/MariaDB); SQLite's
 * single writer already serialises the transaction, and takes no lock clause.
 */
export function lockForUpdate<Q extends { setLock(mode: 'pessimistic_write'): unknown }>(
  x: DbHandle,
  qb: Q,
): Q {
  if (!isSqlite(x)) {
    qb.setLock('pessimistic_write');
  }
  return qb;
}
