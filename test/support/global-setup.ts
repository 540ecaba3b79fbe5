import { createConnection } from 'mysql2/promise';
import { migrations } from '../../migrations';
import { prepareDatabase } from '../../src/database/prepare-database';
import { redisReachable, REDIS_TEST_URL } from './redis';
import { templateDatabaseName } from './test-db';

/**
 * Decides whether the database tests also run on MySQL/MariaDB: MYSQL_TEST_URL, else the default local server.
 * With CI=true a missing server fails the run instead of silently testing less.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const url = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306';
  try {
    const server = new URL(url);
    server.pathname = '';
    const conn = await createConnection({ uri: server.toString(), connectTimeout: 3000 });
    await conn.end();
    process.env.CHOUKAO_MYSQL_TEST_URL = url;
    process.stdout.write(`\n[db tests] SQLite and MySQL (${url.replace(/:[^:@/]*@/, ':***@')})\n`);
  } catch (err) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true but MySQL is not reachable at ${url}: ${(err as Error).message}`);
    }
    delete process.env.CHOUKAO_MYSQL_TEST_URL;
    process.stdout.write('\n[db tests] SQLite only (no MySQL reachable; set MYSQL_TEST_URL)\n');
  }
  if (process.env.CHOUKAO_MYSQL_TEST_URL) {
    const server = new URL(url);
    server.pathname = '';
    await prepareTemplate(server.toString().replace(/\/$/, ''));
  }
  // Redis (the cluster tests: several nodes sharing socket.io rooms, rate limits and revocations).
  if (await redisReachable(REDIS_TEST_URL)) {
    process.env.CHOUKAO_REDIS_TEST_URL = REDIS_TEST_URL;
    process.stdout.write(`[redis tests] on ${REDIS_TEST_URL}\n`);
  } else {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true but Redis is not reachable at ${REDIS_TEST_URL}`);
    }
    delete process.env.CHOUKAO_REDIS_TEST_URL;
    process.stdout.write(`[redis tests] skipped: no Redis at ${REDIS_TEST_URL} (set REDIS_TEST_URL)\n`);
  }
}

/**
 * Migrates one MySQL database for the whole run (kept between runs while the migration list is the same); each
 * test's database is then a copy of it (test-db.ts), instead of running every migration again per test file.
 */
async function prepareTemplate(server: string): Promise<void> {
  const name = templateDatabaseName();
  const conn = await createConnection({ uri: server });
  try {
    const expected = migrations.map((m) => m.name).sort();
    const [rows] = await conn
      .query(`SELECT name FROM \`${name}\`.migrations`)
      .catch(() => [[] as Array<{ name: string }>]);
    const applied = (rows as Array<{ name: string }>).map((r) => r.name).sort();
    if (applied.join() !== expected.join()) {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      const ds = await prepareDatabase(
        { url: `${server}/${name}`, sqlitePath: ':memory:', poolSize: 2 },
        true,
      );
      await ds.destroy();
    }
    process.env.CHOUKAO_MYSQL_TEMPLATE_DB = name;
  } finally {
    await conn.end();
  }
}
