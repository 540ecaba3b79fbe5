import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The database the app runs on during the bench: a fresh MySQL database, or a fresh SQLite file. */
export type BenchDatabase =
  | {
      kind: 'mysql';
      /** DATABASE_URL of choukao_bench. */
      url: string;
      /** The server without a database part. */
      serverUrl: string;
      name: string;
      version: string;
    }
  | { kind: 'sqlite'; path: string; dir: string };

export const BENCH_DB_NAME = 'choukao_bench';

/**
 * With BENCH_DATABASE_URL (mysql://user:pass@host:port[/anything]): drops and creates `choukao_bench` on that
 * server. Without it: a fresh SQLite file in a new temp directory. `tmp` holds the harness's other files.
 */
export async function createBenchDatabase(
  serverUrl: string | undefined,
  tmp: string,
): Promise<BenchDatabase> {
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmp, 'sqlite-'));
    return { kind: 'sqlite', path: join(dir, 'bench.sqlite'), dir };
  }
  const u = new URL(serverUrl.replace(/^mariadb:/, 'mysql:'));
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at this machine (127.0.0.1), not ${u.hostname}`);
  }
  u.pathname = '';
  const server = u.toString().replace(/\/$/, '');
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: server, connectTimeout: 5000 });
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    await conn.query(`DROP DATABASE IF EXISTS \`${BENCH_DB_NAME}\``);
    await conn.query(`CREATE DATABASE \`${BENCH_DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return {
      kind: 'mysql',
      url: `${server}/${BENCH_DB_NAME}`,
      serverUrl: server,
      name: BENCH_DB_NAME,
      version: String((rows as Array<{ v: string }>)[0].v),
    };
  } finally {
    await conn.end();
  }
}

/** Drops `choukao_bench` / removes the SQLite directory. Never throws (teardown must go on). */
export async function dropBenchDatabase(db: BenchDatabase | null): Promise<string | null> {
  if (!db) {
    return null;
  }
  try {
    if (db.kind === 'sqlite') {
      rmSync(db.dir, { recursive: true, force: true });
      return null;
    }
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection({ uri: db.serverUrl, connectTimeout: 5000 });
    try {
      await conn.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
    } finally {
      await conn.end();
    }
    return null;
  } catch (err) {
    return `could not drop the bench database: ${(err as Error).message}`;
  }
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'choukao-bench-'));
}
