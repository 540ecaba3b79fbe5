import { join } from 'node:path';
import type { BaselineKind, Figure } from '../harness/figures';
import { runHttpLoad } from '../harness/http-load';
import { freePort, rssBytes, runForked, spawnNode, Spawned } from '../harness/processes';
import { runSocketLoad, SocketLoadSummary } from '../harness/socket-load';
import type { DbUpsertInput, DbUpsertResult } from './db-upserts';

/** A running bare socket.io server (its own process). */
export interface BareSocketServer {
  /** http://127.0.0.1:<port>; the namespace is /exam, as the app's. */
  url: string;
  pid: number;
  rssBytes: () => number;
  stop: () => Promise<void>;
}

export async function startBareSocketServer(): Promise<BareSocketServer> {
  const port = await freePort();
  const s: Spawned = await spawnNode(
    'bare socket.io server',
    ['-r', '@swc-node/register', join(__dirname, 'bare-socket-server.ts')],
    { PORT: String(port), NODE_ENV: 'production' },
    /bare socket\.io listening on (http:\/\/127\.0\.0\.1:\d+)/,
    30_000,
  );
  return { url: `http://127.0.0.1:${port}`, pid: s.pid, rssBytes: () => rssBytes(s.pid), stop: s.stop };
}

export type Baselines = Partial<Record<BaselineKind, Figure>>;

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
const n = (x: number) => x.toLocaleString('en-US');

export interface BareSocketOptions {
  /** Clients held connected for the RSS figure (the connect scenario's count). */
  holdClients: number;
  /** Clients sending messages (the answers scenario's count). */
  answerClients: number;
  /** Paced rate per client (messages/s) for the latency figure. */
  perClientPerSec: number;
  seconds: number;
  workers: number;
  log: (s: string) => void;
}

/**
 * The bare socket.io limits, with the harness's load generator: RSS holding `holdClients`; acknowledged
 * messages/s from `answerClients` in a closed loop (the limit) and paced at `perClientPerSec` each (latency at
 * the scenario's offered load). Returns the figures and the raw summaries.
 */
export async function measureBareSocket(
  server: BareSocketServer,
  o: BareSocketOptions,
): Promise<{ figures: Figure[]; baselines: Baselines; raw: SocketLoadSummary[] }> {
  const tokens = (count: number) => Array.from({ length: count }, (_, i) => `bare-${i}`);
  const base = {
    url: server.url,
    namespace: '/exam',
    serverPid: server.pid,
    connectConcurrency: 200,
    connectTimeoutMs: 30_000,
    event: 'answer.save',
    ackTimeoutMs: 10_000,
  };
  const idle = server.rssBytes();
  o.log(`bare socket.io: holding ${n(o.holdClients)} clients`);
  const hold = await runSocketLoad(
    { ...base, tokens: tokens(o.holdClients), phases: [{ kind: 'hold', seconds: 3 }] },
    { workers: o.workers, timeoutMs: 120_000 },
  );
  o.log(`bare socket.io: ${n(o.answerClients)} clients, closed loop then paced at ${o.perClientPerSec}/s each`);
  const load = await runSocketLoad(
    {
      ...base,
      tokens: tokens(o.answerClients),
      phases: [
        { kind: 'closed', seconds: o.seconds },
        { kind: 'paced', seconds: o.seconds, perClientPerSec: o.perClientPerSec },
      ],
    },
    { workers: o.workers, timeoutMs: 60_000 + o.seconds * 4000 },
  );
  const [closed, paced] = load.phases;
  const heldRss = hold.phases[0].serverRssBytes ?? 0;
  const label = (what: string) => `bare socket.io ${what}`;
  const figures: Figure[] = [
    {
      name: `bare: socket.io server RSS holding ${n(hold.connected)} clients`,
      value: mb(heldRss),
      unit: 'MB',
      note: `idle ${mb(idle)} MB; ${hold.connectFailed} failed to connect; connected in ${hold.connectMs} ms`,
      bareLabel: label(`holding ${n(hold.connected)} clients`),
    },
    {
      name: `bare: socket.io acknowledged messages/s, ${n(load.connected)} clients, closed loop`,
      value: closed.ackedPerSec,
      unit: 'msg/s',
      note: `p50 ${closed.latency.p50} ms, p99 ${closed.latency.p99} ms; ${closed.timedOut} timed out`,
      bareLabel: label(`closed loop, ${n(load.connected)} clients`),
    },
    {
      name: `bare: socket.io acknowledged messages/s, ${n(load.connected)} clients paced at ${o.perClientPerSec}/s`,
      value: paced.ackedPerSec,
      unit: 'msg/s',
      note: `offered ${n(paced.offeredPerSec)}/s; p50 ${paced.latency.p50} ms; ${paced.timedOut} timed out`,
      bareLabel: label(`paced ${n(paced.offeredPerSec)}/s offered`),
    },
    {
      name: `bare: socket.io p99 acknowledgement, ${n(load.connected)} clients paced at ${o.perClientPerSec}/s`,
      value: paced.latency.p99,
      unit: 'ms',
      bareLabel: label(`paced ${n(paced.offeredPerSec)}/s offered`),
    },
  ];
  return {
    figures,
    baselines: {
      'socket-rss': figures[0],
      'socket-acks': figures[1],
      'socket-acks-paced': figures[2],
      'socket-p99-paced': figures[3],
    },
    raw: [hold, load],
  };
}

export type DbTarget = { kind: 'mysql'; url: string } | { kind: 'sqlite'; path: string };

/**
 * Raw durable upserts: single rows at `concurrency` connections, then batches of 20 rows (MySQL); on SQLite
 * one connection. Each run is its own process.
 */
export async function measureDbUpserts(
  target: DbTarget,
  o: { concurrency: number; seconds: number; attempts: number; log: (s: string) => void },
): Promise<{ figures: Figure[]; baselines: Baselines; raw: DbUpsertResult[] }> {
  const run = (batch: number) => {
    const input: DbUpsertInput =
      target.kind === 'mysql'
        ? { kind: 'mysql', url: target.url, table: `bench_raw_upserts_${batch}`, concurrency: o.concurrency, seconds: o.seconds, batch, attempts: o.attempts }
        : { kind: 'sqlite', path: target.path, table: `bench_raw_upserts_${batch}`, seconds: o.seconds, batch, attempts: o.attempts };
    return runForked<DbUpsertInput, DbUpsertResult>(
      'raw upserts',
      join(__dirname, 'db-upserts.ts'),
      input,
      o.seconds * 1000 + 60_000,
    );
  };
  const conc = target.kind === 'mysql' ? o.concurrency : 1;
  const who = target.kind === 'mysql' ? 'mysql2' : 'better-sqlite3';
  o.log(`bare database: ${who} single-row durable upserts, ${conc} connection(s)`);
  const single = await run(1);
  o.log(`bare database: ${who} durable upserts in batches of 20, ${conc} connection(s)`);
  const batched = await run(20);
  const durability = Object.entries(single.settings)
    .filter(([k]) => k !== 'version')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const errs = (r: DbUpsertResult) => (r.errors ? `; ${r.errors} errors (${r.firstError})` : '');
  const figures: Figure[] = [
    {
      name: `bare: ${who} single-row durable upserts/s, ${conc} connection(s)`,
      value: single.statementsPerSec,
      unit: 'rows/s',
      note: `p50 ${single.latency.p50} ms, p99 ${single.latency.p99} ms; ${durability}${errs(single)}`,
      bareLabel: `raw ${who} single-row upserts, ${conc} connection(s)`,
    },
    {
      name: `bare: ${who} single-row durable upsert p99, ${conc} connection(s)`,
      value: single.latency.p99,
      unit: 'ms',
      bareLabel: `raw ${who} single-row upserts, ${conc} connection(s)`,
    },
    {
      name: `bare: ${who} durable upserts in batches of 20, ${conc} connection(s)`,
      value: batched.rowsPerSec,
      unit: 'rows/s',
      note: `${batched.statementsPerSec} statements/s; p99 ${batched.latency.p99} ms per batch${errs(batched)}`,
      bareLabel: `raw ${who} upserts in batches of 20, ${conc} connection(s)`,
    },
  ];
  return {
    figures,
    baselines: { 'db-upserts': figures[0], 'db-upserts-p99': figures[1], 'db-batched': figures[2] },
    raw: [single, batched],
  };
}

/** The bare HTTP limit: autocannon against the bare server's constant JSON, same connections and length. */
export async function measureBareHttp(
  server: BareSocketServer,
  o: { connections: number; seconds: number; log: (s: string) => void },
): Promise<{ figures: Figure[]; baselines: Baselines }> {
  o.log(`bare HTTP: autocannon, ${o.connections} connections, ${o.seconds} s`);
  const r = await runHttpLoad({ url: `${server.url}/bare`, connections: o.connections, duration: o.seconds });
  const f: Figure = {
    name: `bare: node http constant JSON, autocannon ${o.connections} connections`,
    value: r.requestsPerSec,
    unit: 'req/s',
    note: `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; ${r.errors} errors`,
    bareLabel: `bare node http, ${o.connections} connections`,
  };
  return { figures: [f], baselines: { 'http-rps': f } };
}
