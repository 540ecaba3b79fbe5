import { performance } from 'node:perf_hooks';
import { serveForked } from '../harness/processes';
import { LatencySummary, summarise } from '../harness/stats';

/*
 * The bare database limit for answer writes, run as its own process (forked by baselines/index.ts): raw
 * durable upserts of answer-shaped rows with no framework in between.
 * - MySQL/MariaDB (mysql2): `concurrency` connections, each in a loop of autocommit
 *   `INSERT … ON DUPLICATE KEY UPDATE` statements of `batch` rows (1, or 20 for the batched figure). With
 *   innodb_flush_log_at_trx_commit = 1 every acknowledged statement is on disk (the settings are reported).
 * - SQLite (better-sqlite3, WAL, synchronous = FULL, as the app opens it): one connection (SQLite has one
 *   writer); each statement of one row, or a transaction of `batch` rows.
 * The revision rule is the app's: a lower revision never overwrites a higher one.
 */

export type DbUpsertInput =
  | {
      kind: 'mysql';
      url: string;
      table: string;
      concurrency: number;
      seconds: number;
      batch: number;
      attempts: number;
    }
  | { kind: 'sqlite'; path: string; table: string; seconds: number; batch: number; attempts: number };

export interface DbUpsertResult {
  kind: 'mysql' | 'sqlite';
  concurrency: number;
  batch: number;
  statements: number;
  rows: number;
  statementsPerSec: number;
  rowsPerSec: number;
  errors: number;
  firstError: string | null;
  /** Latency of one statement (ms). */
  latency: LatencySummary;
  /** The durability settings in force while it ran. */
  settings: Record<string, string>;
}

const QUESTIONS = 85;

/** The raw upsert on MySQL/MariaDB: `batch` rows of (attempt_id, question_id, response, revision, saved_at). */
export function mysqlUpsertSql(table: string, batch: number): string {
  const values = Array.from({ length: batch }, () => '(?,?,?,?,?)').join(',');
  // Assignments run left to right: revision last, so the conditions above still see the stored one.
  return (
    `INSERT INTO \`${table}\` (attempt_id, question_id, response, revision, saved_at) VALUES ${values} ` +
    'ON DUPLICATE KEY UPDATE response = IF(VALUES(revision) > revision, VALUES(response), response), ' +
    'saved_at = IF(VALUES(revision) > revision, VALUES(saved_at), saved_at), revision = GREATEST(revision, VALUES(revision))'
  );
}

/** The raw upsert on SQLite, one row. */
export function sqliteUpsertSql(table: string): string {
  return `INSERT INTO "${table}" (attempt_id, question_id, response, revision, saved_at) VALUES (?,?,?,?,?)
     ON CONFLICT (attempt_id, question_id) DO UPDATE SET
       response = CASE WHEN excluded.revision > revision THEN excluded.response ELSE response END,
       saved_at = CASE WHEN excluded.revision > revision THEN excluded.saved_at ELSE saved_at END,
       revision = MAX(revision, excluded.revision)`;
}

export function mysqlTableSql(table: string): string {
  return `CREATE TABLE \`${table}\` (attempt_id INT NOT NULL, question_id INT NOT NULL, response VARCHAR(255) NULL,
        revision INT NOT NULL, saved_at DATETIME(3) NOT NULL, PRIMARY KEY (attempt_id, question_id)) ENGINE=InnoDB`;
}

export function sqliteTableSql(table: string): string {
  return `CREATE TABLE "${table}" (attempt_id INTEGER NOT NULL, question_id INTEGER NOT NULL, response VARCHAR(255) NULL,
      revision INTEGER NOT NULL, saved_at DATETIME NOT NULL, PRIMARY KEY (attempt_id, question_id))`;
}

/** Row i of a run: attempt and question spread over `attempts` × 85 answers, revision rising. */
function rowAt(i: number, attempts: number): [number, number, string, number] {
  const attempt = (Math.imul(i, 2654435761) >>> 0) % attempts;
  const question = i % QUESTIONS;
  return [attempt + 1, question + 1, JSON.stringify('ABCD'[i % 4]), i + 1];
}

async function mysqlRun(input: Extract<DbUpsertInput, { kind: 'mysql' }>): Promise<DbUpsertResult> {
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection({ uri: input.url });
  const settings: Record<string, string> = {};
  try {
    const [rows] = await admin.query(
      "SHOW VARIABLES WHERE Variable_name IN ('innodb_flush_log_at_trx_commit','sync_binlog','log_bin','innodb_doublewrite','version')",
    );
    for (const r of rows as Array<{ Variable_name: string; Value: string }>) {
      settings[r.Variable_name] = r.Value;
    }
    await admin.query(`DROP TABLE IF EXISTS \`${input.table}\``);
    await admin.query(mysqlTableSql(input.table));
  } finally {
    await admin.end();
  }
  const conns = await Promise.all(
    Array.from({ length: input.concurrency }, () => mysql.createConnection({ uri: input.url })),
  );
  const sql = mysqlUpsertSql(input.table, input.batch);
  let next = 0;
  let statements = 0;
  let errors = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  const t0 = performance.now();
  const end = t0 + input.seconds * 1000;
  try {
    await Promise.all(
      conns.map(async (c) => {
        while (performance.now() < end) {
          const params: unknown[] = [];
          const now = new Date();
          for (let b = 0; b < input.batch; b++) {
            params.push(...rowAt(next++, input.attempts), now);
          }
          const s = performance.now();
          try {
            await c.query(sql, params);
            statements++;
            latencies.push(performance.now() - s);
          } catch (err) {
            errors++;
            firstError = firstError ?? (err as Error).message;
          }
        }
      }),
    );
  } finally {
    await Promise.all(conns.map((c) => c.end().catch(() => undefined)));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const drop = await mysql.createConnection({ uri: input.url });
  await drop.query(`DROP TABLE IF EXISTS \`${input.table}\``).finally(() => drop.end());
  return {
    kind: 'mysql',
    concurrency: input.concurrency,
    batch: input.batch,
    statements,
    rows: statements * input.batch,
    statementsPerSec: Math.round(statements / elapsed),
    rowsPerSec: Math.round((statements * input.batch) / elapsed),
    errors,
    firstError,
    latency: summarise(latencies),
    settings,
  };
}

/** The part of better-sqlite3 used here (the package ships no types). */
interface SqliteDb {
  pragma(s: string, o?: { simple: boolean }): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void;
  close(): void;
}

async function sqliteRun(input: Extract<DbUpsertInput, { kind: 'sqlite' }>): Promise<DbUpsertResult> {
  // A specifier typed as string: the package ships no types; the shape used is declared above.
  const specifier: string = 'better-sqlite3';
  const mod = (await import(specifier)) as { default: new (path: string) => SqliteDb };
  const db = new mod.default(input.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(`DROP TABLE IF EXISTS "${input.table}"; ${sqliteTableSql(input.table)}`);
  const stmt = db.prepare(sqliteUpsertSql(input.table));
  const many = db.transaction((rows: unknown[][]) => {
    for (const r of rows) {
      stmt.run(...r);
    }
  });
  let next = 0;
  let statements = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const end = t0 + input.seconds * 1000;
  let lastYield = t0;
  while (performance.now() < end) {
    const now = new Date().toISOString();
    const s = performance.now();
    if (input.batch === 1) {
      stmt.run(...rowAt(next++, input.attempts), now);
    } else {
      many(Array.from({ length: input.batch }, () => [...rowAt(next++, input.attempts), now]));
    }
    statements++;
    latencies.push(performance.now() - s);
    if (s - lastYield > 200) {
      lastYield = s;
      await new Promise((r) => setImmediate(r));
    }
  }
  const elapsed = (performance.now() - t0) / 1000;
  const settings = {
    journal_mode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: String(db.pragma('synchronous', { simple: true })),
  };
  db.exec(`DROP TABLE IF EXISTS "${input.table}"`);
  db.close();
  return {
    kind: 'sqlite',
    concurrency: 1,
    batch: input.batch,
    statements,
    rows: statements * input.batch,
    statementsPerSec: Math.round(statements / elapsed),
    rowsPerSec: Math.round((statements * input.batch) / elapsed),
    errors: 0,
    firstError: null,
    latency: summarise(latencies),
    settings,
  };
}

export function runDbUpserts(input: DbUpsertInput): Promise<DbUpsertResult> {
  return input.kind === 'mysql' ? mysqlRun(input) : sqliteRun(input);
}

if (require.main === module) {
  serveForked(runDbUpserts);
}
