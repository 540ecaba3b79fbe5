import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineKind, Figure } from '../harness/figures';
import { runHttpLoad } from '../harness/http-load';
import { freePort, REPO_ROOT, rssBytes, runForked, spawnNode, Spawned } from '../harness/processes';
import { runSocketLoad, SocketLoadPhase, SocketLoadSummary } from '../harness/socket-load';
import type { DbUpsertInput, DbUpsertResult } from './db-upserts';

/** A running bare socket.io server (its own process). */
export interface BareSocketServer {
  /** http://127.0.0.1:<port>; the namespace is /exam, as the app's. */
  url: string;
  pid: number;
  rssBytes: () => number;
  stop: () => Promise<void>;
}

/**
 * Starts the bare server as plain JavaScript (transpiled once into `tmpDir`), without the TypeScript
 * compiler loaded into it, so that its RSS is the server's own; the app is compared on the same footing when
 * it runs from dist/ (`npm run build`).
 */
export async function startBareSocketServer(tmpDir: string): Promise<BareSocketServer> {
  const ts = await import('typescript');
  const source = readFileSync(join(__dirname, 'bare-socket-server.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  const file = join(tmpDir, 'bare-socket-server.js');
  writeFileSync(file, js);
  const port = await freePort();
  const s: Spawned = await spawnNode(
    'bare socket.io server',
    [file],
    { PORT: String(port), NODE_ENV: 'production', NODE_PATH: join(REPO_ROOT, 'node_modules') },
    /bare socket\.io listening on (http:\/\/127\.0\.0\.1:\d+)/,
    30_000,
  );
  return { url: `http://127.0.0.1:${port}`, pid: s.pid, rssBytes: () => rssBytes(s.pid), stop: s.stop };
}

export type Baselines = Partial<Record<BaselineKind, Figure>>;

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
const n = (x: number) => x.toLocaleString('en-US');

export interface BareSocketOptions {
  /** Clients held connected for the RSS figure (the connect scenario's count); 0 skips it. */
  holdClients: number;
  /** Clients sending messages (the answers scenario's count). */
  answerClients: number;
  /** Run the closed loop (the limit); skipped when the scenario's own generator measured it. */
  closedLoop: boolean;
  /** Paced rate per client (messages/s) for the latency figure; 0 skips it. */
  perClientPerSec: number;
  seconds: number;
  workers: number;
  log: (s: string) => void;
}

/**
 * The bare socket.io limits with the harness's own load generator (harness/socket-load.ts): RSS holding
 * `holdClients`; acknowledged messages/s from `answerClients` in a closed loop (the limit) and paced at
 * `perClientPerSec` each (latency at the scenario's offered load).
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
  const label = (what: string) => `bare socket.io, harness load generator, ${what}`;
  const figures: Figure[] = [];
  const baselines: Baselines = {};
  const raw: SocketLoadSummary[] = [];
  if (o.holdClients > 0) {
    const idle = server.rssBytes();
    o.log(`bare socket.io: holding ${n(o.holdClients)} clients (harness load generator)`);
    const hold = await runSocketLoad(
      { ...base, tokens: tokens(o.holdClients), phases: [{ kind: 'hold', seconds: 3 }] },
      { workers: o.workers, timeoutMs: 180_000 },
    );
    raw.push(hold);
    const f: Figure = {
      name: `bare: socket.io server RSS holding ${n(hold.connected)} clients`,
      value: mb(hold.phases[0].serverRssBytes ?? 0),
      unit: 'MB',
      note: `idle ${mb(idle)} MB; ${hold.connectFailed} failed to connect; connected in ${hold.connectMs} ms`,
      bareLabel: label(`holding ${n(hold.connected)} clients`),
    };
    figures.push(f);
    baselines['socket-rss'] = f;
  }
  const phases: SocketLoadPhase[] = [];
  if (o.closedLoop) {
    phases.push({ kind: 'closed', seconds: o.seconds });
  }
  if (o.perClientPerSec > 0) {
    phases.push({ kind: 'paced', seconds: o.seconds, perClientPerSec: o.perClientPerSec });
  }
  if (phases.length === 0 || o.answerClients === 0) {
    return { figures, baselines, raw };
  }
  o.log(
    `bare socket.io: ${n(o.answerClients)} clients, ${phases.map((p) => p.kind).join(' then ')} (harness load generator)`,
  );
  const load = await runSocketLoad(
    { ...base, tokens: tokens(o.answerClients), phases },
    { workers: o.workers, timeoutMs: 90_000 + o.seconds * 4000 },
  );
  raw.push(load);
  for (const ph of load.phases) {
    if (ph.kind === 'closed') {
      const what = label(`closed loop, ${n(load.connected)} clients`);
      const acks: Figure = {
        name: `bare: socket.io acknowledged messages/s, ${n(load.connected)} clients, closed loop`,
        value: ph.ackedPerSec,
        unit: 'msg/s',
        note: `p50 ${ph.latency.p50} ms; ${ph.timedOut} timed out`,
        bareLabel: what,
      };
      const p99: Figure = {
        name: `bare: socket.io p99 acknowledgement, ${n(load.connected)} clients, closed loop`,
        value: ph.latency.p99,
        unit: 'ms',
        bareLabel: what,
      };
      figures.push(acks, p99);
      baselines['socket-acks'] = acks;
      baselines['socket-acks-p99'] = p99;
    } else if (ph.kind === 'paced') {
      const what = label(
        `${n(load.connected)} clients paced at ${o.perClientPerSec}/s (${n(ph.offeredPerSec)}/s offered)`,
      );
      const acks: Figure = {
        name: `bare: socket.io acknowledged messages/s, ${n(load.connected)} clients paced at ${o.perClientPerSec}/s each`,
        value: ph.ackedPerSec,
        unit: 'msg/s',
        note: `offered ${n(ph.offeredPerSec)}/s; p50 ${ph.latency.p50} ms; ${ph.timedOut} timed out`,
        bareLabel: what,
      };
      const p99: Figure = {
        name: `bare: socket.io p99 acknowledgement, ${n(load.connected)} clients paced at ${o.perClientPerSec}/s each`,
        value: ph.latency.p99,
        unit: 'ms',
        bareLabel: what,
      };
      figures.push(acks, p99);
      baselines['socket-acks-paced'] = acks;
      baselines['socket-p99-paced'] = p99;
    }
  }
  return { figures, baselines, raw };
}

/** A sitting's worth of sign-in details, as the sessions scenarios take them (any values do for the bare server). */
interface LoadTarget {
  baseUrl: string;
  accessCode: string;
  candidates: Array<{ ticketNumber: string; idNumber: string }>;
  workers?: number;
}

/** The exported load functions of scripts/bench/scenarios/sessions.ts that the harness reuses for bare limits. */
export interface ScenarioSocketLoad {
  runConnect?: (
    target: LoadTarget,
    serverRss: () => number,
    holdSeconds?: number,
  ) => Promise<{ connected: number; failed: number; connectMs: number; rssMb: number; errors: string[] }>;
  runStartStorm?: (
    target: LoadTarget,
    spreadMs?: number,
  ) => Promise<{
    started: number;
    withPaper: number;
    failed: number;
    latency: { p50: number; p99: number; max: number };
    errors: string[];
  }>;
  runAnswers?: (
    target: LoadTarget,
    seconds?: number,
  ) => Promise<{
    savesPerSec: number;
    acked: number;
    refused: number;
    timedOut: number;
    latency: { p50: number; p99: number };
    errors: string[];
    /** The same clients saving at a fixed rate each, before the closed loop. */
    paced?: {
      perClientPerSec: number;
      offeredPerSec: number;
      savesPerSec: number;
      timedOut: number;
      latency: { p50: number; p99: number };
    } | null;
  }>;
}

/**
 * The bare socket.io limits measured with the sessions scenarios' own load generator (their exported
 * runConnect / runStartStorm / runAnswers, pointed at the bare server): the same code, client count and
 * settings as our figures, so that the ratio compares like with like.
 */
export async function measureBareWithScenarioLoad(
  server: BareSocketServer,
  load: ScenarioSocketLoad,
  o: {
    connectClients: number;
    stormClients: number;
    answerClients: number;
    answerSeconds: number;
    log: (s: string) => void;
  },
): Promise<{ figures: Figure[]; baselines: Baselines }> {
  const creds = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      ticketNumber: String(9_000_000_000_000 + i),
      idNumber: '11010519491231002X',
    }));
  const target = (count: number): LoadTarget => ({
    baseUrl: server.url,
    accessCode: '000000',
    candidates: creds(count),
    workers: 2,
  });
  const label = (what: string) => `bare socket.io, sessions load generator, ${what}`;
  const figures: Figure[] = [];
  const baselines: Baselines = {};
  const errs = (e: string[]) => (e.length ? `; ${e.slice(0, 2).join('; ')}` : '');
  if (load.runConnect && o.connectClients > 0) {
    o.log(`bare socket.io: connect, ${n(o.connectClients)} clients (sessions load generator)`);
    const idle = server.rssBytes();
    const r = await load.runConnect(target(o.connectClients), server.rssBytes, 3);
    const f: Figure = {
      name: `bare: socket.io server RSS holding ${n(r.connected)} clients (sessions load generator)`,
      value: Math.round(r.rssMb * 10) / 10,
      unit: 'MB',
      note: `idle ${mb(idle)} MB; ${r.failed} failed; signed in and connected in ${Math.round(r.connectMs)} ms${errs(r.errors)}`,
      bareLabel: label(`holding ${n(r.connected)} clients`),
    };
    figures.push(f);
    baselines['socket-rss'] = f;
  }
  if (load.runStartStorm && o.stormClients > 0) {
    o.log(`bare socket.io: start storm, ${n(o.stormClients)} clients within 1 s (sessions load generator)`);
    const r = await load.runStartStorm(target(o.stormClients), 1000);
    const f: Figure = {
      name: `bare: socket.io exam.start p99, ${n(o.stormClients)} clients within 1 s (sessions load generator)`,
      value: r.latency.p99,
      unit: 'ms',
      note: `p50 ${r.latency.p50} ms; ${r.withPaper} got the synthetic paper; ${r.failed} failed${errs(r.errors)}`,
      bareLabel: label(`start storm of ${n(o.stormClients)}`),
    };
    figures.push(f);
    baselines['socket-start-p99'] = f;
  }
  if (load.runAnswers && o.answerClients > 0) {
    o.log(
      `bare socket.io: answers, ${n(o.answerClients)} clients, closed loop ${o.answerSeconds} s (sessions load generator)`,
    );
    const r = await load.runAnswers(target(o.answerClients), o.answerSeconds);
    const what = label(`closed loop, ${n(o.answerClients)} clients`);
    const acks: Figure = {
      name: `bare: socket.io acknowledged messages/s, ${n(o.answerClients)} clients, closed loop (sessions load generator)`,
      value: Math.round(r.savesPerSec),
      unit: '/s',
      note: `p50 ${r.latency.p50} ms; ${r.refused} refused, ${r.timedOut} timed out${errs(r.errors)}`,
      bareLabel: what,
    };
    const p99: Figure = {
      name: `bare: socket.io p99 acknowledgement, ${n(o.answerClients)} clients, closed loop (sessions load generator)`,
      value: r.latency.p99,
      unit: 'ms',
      bareLabel: what,
    };
    figures.push(acks, p99);
    baselines['socket-acks'] = acks;
    baselines['socket-acks-p99'] = p99;
    if (r.paced) {
      const pacedWhat = label(`${n(o.answerClients)} clients saving ${r.paced.perClientPerSec}/s each`);
      const pacedAcks: Figure = {
        name: `bare: socket.io acknowledged messages/s, ${n(o.answerClients)} clients at ${r.paced.perClientPerSec}/s each (sessions load generator)`,
        value: Math.round(r.paced.savesPerSec),
        unit: '/s',
        note: `offered ${n(r.paced.offeredPerSec)}/s; p50 ${r.paced.latency.p50} ms; ${r.paced.timedOut} timed out`,
        bareLabel: pacedWhat,
      };
      const pacedP99: Figure = {
        name: `bare: socket.io p99 acknowledgement, ${n(o.answerClients)} clients at ${r.paced.perClientPerSec}/s each (sessions load generator)`,
        value: r.paced.latency.p99,
        unit: 'ms',
        bareLabel: pacedWhat,
      };
      figures.push(pacedAcks, pacedP99);
      baselines['socket-acks-paced'] = pacedAcks;
      baselines['socket-p99-paced'] = pacedP99;
    }
  }
  return { figures, baselines };
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
        ? {
            kind: 'mysql',
            url: target.url,
            table: `bench_raw_upserts_${batch}`,
            concurrency: o.concurrency,
            seconds: o.seconds,
            batch,
            attempts: o.attempts,
          }
        : {
            kind: 'sqlite',
            path: target.path,
            table: `bench_raw_upserts_${batch}`,
            seconds: o.seconds,
            batch,
            attempts: o.attempts,
          };
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
  const label = `bare node http, autocannon ${o.connections} connections`;
  const f: Figure = {
    name: `bare: node http constant JSON, autocannon ${o.connections} connections`,
    value: r.requestsPerSec,
    unit: 'req/s',
    note: `p50 ${r.latencyMs.p50} ms; ${r.errors} errors`,
    bareLabel: label,
  };
  const p99: Figure = {
    name: `bare: node http p99, autocannon ${o.connections} connections`,
    value: r.latencyMs.p99,
    unit: 'ms',
    bareLabel: label,
  };
  return { figures: [f, p99], baselines: { 'http-rps': f, 'http-p99': p99 } };
}
