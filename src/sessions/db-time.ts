import type { DataSource, EntityManager } from 'typeorm';

/** Whether a data source or manager is the embedded SQLite database. */
export function isSqlite(x: DataSource | EntityManager): boolean {
  const ds = 'connection' in x ? x.connection : x;
  return ds.options.type === 'better-sqlite3';
}

/**
 * A time as a raw-query parameter: SQLite stores TypeORM datetimes as UTC text 'YYYY-MM-DD HH:MM:SS.mmm' and
 * compares them as text; mysql2 converts a Date itself (the connection's time zone is UTC).
 */
export function timeParam(x: DataSource | EntityManager, d: Date): Date | string {
  return isSqlite(x) ? d.toISOString().replace('T', ' ').replace('Z', '') : d;
}

/** A time read by a raw query (a Date from mysql2, UTC text from SQLite). */
export function timeValue(v: Date | string): Date {
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

/** Whether an error is a lock conflict worth retrying (MySQL deadlock or lock wait timeout, SQLite busy). */
export function isRetryableLockError(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/** "?, ?, ?" for n parameters. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
