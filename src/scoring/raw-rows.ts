import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

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
export async function rawRows(
  x: DataSource | EntityManager,
  sql: string,
  params: unknown[],
): Promise<unknown[][]> {
  const ds = 'connection' in x ? x.connection : x;
  if (ds.options.type === 'better-sqlite3') {
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
