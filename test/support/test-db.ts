import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '../../src/database/prepare-database';

export type DbKind = 'sqlite' | 'mysql';

/** SQLite always; MySQL too when the global setup found a server (always in CI). */
export function databasesUnderTest(): DbKind[] {
  return process.env.CHOUKAO_MYSQL_TEST_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

/** The server URL (no database part) for MySQL tests. */
export function mysqlServerUrl(): string {
  const url = process.env.CHOUKAO_MYSQL_TEST_URL;
  if (!url) {
    throw new Error('MySQL is not available for tests');
  }
  const u = new URL(url);
  u.pathname = '';
  return u.toString().replace(/\/$/, '');
}

export interface TestDatabase {
  kind: DbKind;
  /** DATABASE_URL for MySQL, undefined for SQLite. */
  url?: string;
  sqlitePath: string;
}

/**
 * A fresh, empty database of its own for one test file: `e2e_<name>` on MySQL, a temp file on SQLite.
 * `E2E_DB_PREFIX` (default `e2e`) lets two test runs share one MySQL server without dropping each other's databases.
 */
export async function createTestDatabase(kind: DbKind, name: string): Promise<TestDatabase> {
  const sqlitePath = join(mkdtempSync(join(tmpdir(), 'choukao-test-')), 'test.sqlite');
  if (kind === 'sqlite') {
    return { kind, sqlitePath };
  }
  const server = mysqlServerUrl();
  const db = `${process.env.E2E_DB_PREFIX ?? 'e2e'}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 60);
  const conn = await createConnection({ uri: server });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await conn.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const template = process.env.CHOUKAO_MYSQL_TEMPLATE_DB;
    if (template) {
      await copySchema(conn, template, db);
    }
  } finally {
    await conn.end();
  }
  return { kind, url: `${server}/${db}`, sqlitePath };
}

/** The MySQL database migrated once per test run, copied into each test's database (see the global setup). */
export function templateDatabaseName(): string {
  return `${process.env.E2E_DB_PREFIX ?? 'e2e'}_template`;
}

/**
 * Copies the migrated template's tables (as SHOW CREATE TABLE states them, foreign keys included) and the rows
 * its migrations wrote into `db`: on MariaDB running some seventy migrations takes several seconds per test
 * file, replaying the resulting tables a second. The deployment's identity is not copied: each test database
 * is a deployment of its own.
 */
async function copySchema(conn: Connection, template: string, db: string): Promise<void> {
  const [tables] = await conn.query<RowDataPacket[]>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'`,
    [template],
  );
  await conn.query(`USE \`${db}\``);
  await conn.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const { t } of tables as Array<{ t: string }>) {
      const [[row]] = await conn.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${template}\`.\`${t}\``);
      await conn.query(String(row['Create Table']).replace(/ AUTO_INCREMENT=\d+/, ''));
    }
    for (const { t } of tables as Array<{ t: string }>) {
      if (t !== 'deployment_identity') {
        await conn.query(`INSERT INTO \`${db}\`.\`${t}\` SELECT * FROM \`${template}\`.\`${t}\``);
      }
    }
  } finally {
    await conn.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}

/** Opens and migrates a test database. */
export function openTestDataSource(db: TestDatabase): Promise<DataSource> {
  return prepareDatabase({ url: db.url, sqlitePath: db.sqlitePath, poolSize: 10 }, true);
}

/** Empties every table but the migrations record, so each test starts from the migrated, empty state. */
export async function truncateAll(ds: DataSource): Promise<void> {
  const tables = ds.entityMetadatas.map((m) => m.tableName).filter((t) => t !== 'audit_head');
  await ds.query(`UPDATE audit_head SET seq = 0, hash = '${'0'.repeat(64)}' WHERE id = 1`);
  if (ds.options.type === 'better-sqlite3') {
    await ds.query('PRAGMA foreign_keys = OFF');
    for (const t of tables) {
      await ds.query(`DELETE FROM "${t}"`);
    }
    await ds.query(`DELETE FROM sqlite_sequence`).catch(() => undefined);
    await ds.query('PRAGMA foreign_keys = ON');
    return;
  }
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const t of tables) {
      await runner.query(`TRUNCATE TABLE \`${t}\``);
    }
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await runner.release();
  }
}
