import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { databasesUnderTest, mysqlServerUrl } from '../../../test/support/test-db';
import { runHttpLoad } from '../harness/http-load';
import { stopAll } from '../harness/processes';
import { runSocketLoad } from '../harness/socket-load';
import { BareSocketServer, startBareSocketServer } from './index';
import { mysqlTableSql, mysqlUpsertSql, runDbUpserts, sqliteTableSql, sqliteUpsertSql } from './db-upserts';

interface Row {
  response: string;
  revision: number;
}

/** better-sqlite3 has no type declarations here; the few calls used. */
interface SqliteDb {
  exec(sql: string): void;
  prepare(sql: string): { run(...p: unknown[]): unknown; get(...p: unknown[]): unknown };
  close(): void;
}
async function openSqlite(path: string): Promise<SqliteDb> {
  const specifier: string = 'better-sqlite3';
  const mod = (await import(specifier)) as { default: new (p: string) => SqliteDb };
  return new mod.default(path);
}

describe.each(databasesUnderTest())('raw upsert baseline on %s', (kind) => {
  let dir: string;
  const mysqlDb = `${process.env.E2E_DB_PREFIX ?? 'e2e'}_bench_raw_upserts`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-spec-'));
    if (kind === 'mysql') {
      const c = await createConnection({ uri: mysqlServerUrl() });
      await c.query(`DROP DATABASE IF EXISTS \`${mysqlDb}\``);
      await c.query(`CREATE DATABASE \`${mysqlDb}\``);
      await c.end();
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (kind === 'mysql') {
      const c = await createConnection({ uri: mysqlServerUrl() });
      await c.query(`DROP DATABASE IF EXISTS \`${mysqlDb}\``);
      await c.end();
    }
  });

  /** Applies writes (attempt 1, question 1) in the order given and returns the stored row. */
  async function afterWrites(writes: Array<[string, number]>): Promise<Row> {
    const now = new Date();
    if (kind === 'sqlite') {
      const db = await openSqlite(join(dir, `rule-${writes.length}.sqlite`));
      db.exec(sqliteTableSql('t'));
      const stmt = db.prepare(sqliteUpsertSql('t'));
      for (const [response, revision] of writes) {
        stmt.run(1, 1, response, revision, now.toISOString());
      }
      const row = db
        .prepare('SELECT response, revision FROM t WHERE attempt_id = 1 AND question_id = 1')
        .get() as Row;
      db.close();
      return row;
    }
    const c = await createConnection({ uri: `${mysqlServerUrl()}/${mysqlDb}` });
    try {
      await c.query('DROP TABLE IF EXISTS t');
      await c.query(mysqlTableSql('t'));
      // Two rows per statement, as the batched figure sends them (question 2 is a filler).
      for (const [response, revision] of writes) {
        await c.query(mysqlUpsertSql('t', 2), [1, 1, response, revision, now, 1, 2, 'x', revision, now]);
      }
      const [rows] = await c.query(
        'SELECT response, revision FROM t WHERE attempt_id = 1 AND question_id = 1',
      );
      return (rows as Row[])[0];
    } finally {
      await c.end();
    }
  }

  it('keeps the newest revision, as the app does: a late older write changes nothing', async () => {
    expect(
      await afterWrites([
        ['"B"', 2],
        ['"A"', 1],
      ]),
    ).toMatchObject({ response: '"B"', revision: 2 });
    expect(
      await afterWrites([
        ['"B"', 2],
        ['"A"', 1],
        ['"C"', 3],
      ]),
    ).toMatchObject({ response: '"C"', revision: 3 });
  });

  it('measures single-row and batched upserts without errors and reports the durability settings', async () => {
    const target =
      kind === 'mysql'
        ? ({ kind: 'mysql', url: `${mysqlServerUrl()}/${mysqlDb}`, concurrency: 4 } as const)
        : ({ kind: 'sqlite', path: join(dir, 'raw.sqlite') } as const);
    for (const batch of [1, 20]) {
      const r = await runDbUpserts({ ...target, table: `raw_${batch}`, seconds: 0.3, batch, attempts: 10 });
      expect(r).toMatchObject({ kind, batch, errors: 0, firstError: null });
      expect(r.statements).toBeGreaterThan(0);
      expect(r.rows).toBe(r.statements * batch);
      expect(r.latency.count).toBe(r.statements);
      if (kind === 'mysql') {
        expect(r.settings).toHaveProperty('innodb_flush_log_at_trx_commit');
      } else {
        expect(r.settings).toEqual({ journal_mode: 'wal', synchronous: '2' });
      }
    }
  });
});

describe('bare socket.io server and the load generators', () => {
  let dir: string;
  let bare: BareSocketServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-spec-'));
    bare = await startBareSocketServer(dir);
  });
  afterAll(async () => {
    await bare.stop();
    await stopAll(1000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges every message from real socket.io clients in separate processes', async () => {
    const r = await runSocketLoad(
      {
        url: bare.url,
        namespace: '/exam',
        tokens: Array.from({ length: 8 }, (_, i) => `t${i}`),
        serverPid: bare.pid,
        connectConcurrency: 4,
        connectTimeoutMs: 10_000,
        event: 'answer.save',
        ackTimeoutMs: 5_000,
        phases: [
          { kind: 'hold', seconds: 0.2 },
          { kind: 'closed', seconds: 0.5 },
          { kind: 'paced', seconds: 1, perClientPerSec: 4 },
        ],
      },
      { workers: 2, timeoutMs: 60_000 },
    );
    expect(r).toMatchObject({ clients: 8, connected: 8, connectFailed: 0, workers: 2 });
    const [hold, closed, paced] = r.phases;
    expect(hold.serverRssBytes).toBeGreaterThan(0);
    expect(closed.acked).toBeGreaterThan(8);
    expect(closed).toMatchObject({ refused: 0, timedOut: 0 });
    // Paced: 8 clients × 4/s × 1 s offered, every one acknowledged.
    expect(paced.offeredPerSec).toBe(32);
    expect(paced.sent).toBeGreaterThanOrEqual(28);
    expect(paced.acked).toBe(paced.sent);
    expect(paced.latency.count).toBe(paced.acked);
    expect(paced.connectedAtEnd).toBe(8);
  });

  it('signs anyone in and answers HTTP for autocannon', async () => {
    const login = await fetch(`${bare.url}/api/exam/login`, { method: 'POST', body: '{}' });
    expect(await login.json()).toMatchObject({ accessToken: 'bare', socketNamespace: '/exam' });
    const r = await runHttpLoad({ url: `${bare.url}/x`, connections: 2, duration: 1 });
    expect(r.ok).toBeGreaterThan(0);
    expect(r).toMatchObject({ non2xx: 0, errors: 0 });
  });
});
