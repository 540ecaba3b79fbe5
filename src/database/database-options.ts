import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from '../../migrations';

export type DatabaseKind = 'mysql' | 'sqlite';
/** TypeORM reads MariaDB's information schema differently from MySQL's, so the driver type must match the server. */
export type MysqlFlavor = 'mysql' | 'mariadb';

export interface DatabaseSettings {
  /** mysql://… or undefined for the embedded SQLite file. */
  url?: string;
  sqlitePath: string;
  poolSize: number;
  /** Detected with detectMysqlFlavor(); a mariadb:// URL also says it. */
  flavor?: MysqlFlavor;
}

export function databaseKind(settings: Pick<DatabaseSettings, 'url'>): DatabaseKind {
  return settings.url ? 'mysql' : 'sqlite';
}

/** One place that turns settings into TypeORM options, used by the app, the CLI data source, scripts and tests. */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (settings.url) {
    return {
      ...common,
      type: settings.flavor ?? (settings.url.startsWith('mariadb:') ? 'mariadb' : 'mysql'),
      url: settings.url.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: settings.poolSize,
      supportBigNumbers: true,
      bigNumberStrings: false,
      extra: { connectionLimit: settings.poolSize, waitForConnections: true },
    };
  }
  if (settings.sqlitePath !== ':memory:') {
    mkdirSync(dirname(settings.sqlitePath), { recursive: true });
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: settings.sqlitePath,
    enableWAL: settings.sqlitePath !== ':memory:',
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = FULL');
    },
  };
}

/** Asks the server what it is (MariaDB reports it in VERSION()). */
export async function detectMysqlFlavor(url: string): Promise<MysqlFlavor> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectTimeout: 5000,
  });
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as Array<{ v: string }>)[0].v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

/** Turns a connection failure into one line a person can act on. */
export function describeDatabaseError(
  err: unknown,
  settings: Pick<DatabaseSettings, 'url' | 'sqlitePath'>,
): string {
  const e = err as { code?: string; message?: string };
  if (settings.url) {
    let where = settings.url;
    let db = '';
    try {
      const u = new URL(settings.url);
      where = `${u.hostname}:${u.port || 3306}`;
      db = u.pathname.replace(/^\//, '');
    } catch {
      /* keep the raw url */
    }
    switch (e.code) {
      case 'ECONNREFUSED':
        return `Cannot reach MySQL at ${where} (connection refused): is the server running? Check DATABASE_URL.`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `Cannot resolve the MySQL host in DATABASE_URL (${where}).`;
      case 'ER_BAD_DB_ERROR':
        return `MySQL database "${db}" does not exist at ${where}: create it with CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci.`;
      case 'ER_ACCESS_DENIED_ERROR':
      case 'ER_DBACCESS_DENIED_ERROR':
        return `MySQL refused the credentials in DATABASE_URL for ${where}: ${e.message ?? ''}`.trim();
      default:
        return `Cannot use the MySQL database at ${where}: ${e.code ?? ''} ${e.message ?? String(err)}`.trim();
    }
  }
  return `Cannot open the SQLite database at ${settings.sqlitePath}: ${e.message ?? String(err)}`;
}
