import type { EntityManager } from 'typeorm';

/** SQLite allows 32,766 parameters per statement; MySQL far more, but packets stay small this way. */
const MAX_PARAMS = 30_000;

/** A value as a raw-query parameter: booleans as 1/0, times as SQLite's text form or a Date for mysql2. */
export function sqlValue(m: EntityManager, v: unknown): unknown {
  if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  if (v instanceof Date) {
    return m.connection.options.type === 'better-sqlite3'
      ? v.toISOString().replace('T', ' ').replace('Z', '')
      : v;
  }
  return v;
}

/**
 * Multi-row INSERT with plain placeholders: for thousands of rows the ORM's insert builder spends more time
 * naming parameters than the database spends writing. Column names are trusted identifiers (no quoting needed
 * for the snake_case names used here); values are always parameters.
 */
export async function bulkInsert(
  m: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const tuple = `(${columns.map(() => '?').join(',')})`;
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
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
