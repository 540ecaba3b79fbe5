import type { DataSource, EntityManager } from 'typeorm';

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in a transaction. The embedded SQLite database has one connection, on which two transactions
 * cannot interleave, so there they are queued one after another; MySQL runs them concurrently.
 * Never call it from inside `work` (pass the manager down instead).
 */
export function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') {
    return ds.transaction(work);
  }
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const run = previous.then(() => ds.transaction(work));
  sqliteQueues.set(
    ds,
    run.catch(() => undefined),
  );
  return run;
}
