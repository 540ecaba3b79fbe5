import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  Baselines,
  BareSocketServer,
  DbTarget,
  measureBareHttp,
  measureBareSocket,
  measureDbUpserts,
  startBareSocketServer,
} from '../baselines';
import { BenchApp, startApp } from './app';
import type { BenchArgs, ScenarioName } from './args';
import type { BenchContext, SeededCampaign } from './context';
import { BenchDatabase, createBenchDatabase, dropBenchDatabase, makeTempDir } from './database';
import { BaselineKind, completeFigure, Figure, formatFigure, normaliseFigures } from './figures';
import { adminLogin, ApiClient } from './http';
import { runHttpLoad } from './http-load';
import { describeMachine, machineInfo, MachineInfo } from './machine';
import { sleep, stopAll } from './processes';
import { Loaded, loadScenario, SPECS } from './scenarios';
import { seedCampaign, SITTING_PLAN } from './seed';
import { runSocketLoad } from './socket-load';

/** The whole run must end within this (issue 9: under 10 minutes); scenarios are cut to fit. */
export const RUN_LIMIT_MS = 9.5 * 60_000;
/** Kept back for teardown. */
const TEARDOWN_RESERVE_MS = 25_000;

export type ScenarioStatus = 'ok' | 'not available' | 'failed' | 'skipped' | 'covered';

export interface BenchReport {
  command: string;
  startedAt: string;
  elapsedMs: number;
  machine: MachineInfo;
  database: { kind: 'mysql' | 'sqlite' | 'none'; version?: string };
  app: { entry: string; idleRssMb: number | null } | null;
  candidates: number;
  scenarios: Record<string, { status: ScenarioStatus; reason?: string; ms?: number }>;
  seed: Pick<SeededCampaign, 'agencies' | 'technicians' | 'sampled' | 'disciplines' | 'timingsMs' | 'problems'> & {
    sittings: Array<{ id: number; role: string; candidates: number; papersMissing: number }>;
  } | null;
  figures: Figure[];
  problems: string[];
}

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

/** Teardown of the run in progress, for Ctrl-C: stop what it started, drop the bench database. */
let activeCleanup: (() => Promise<void>) | null = null;

export async function abortBench(): Promise<void> {
  const c = activeCleanup;
  activeCleanup = null;
  await (c ? c() : stopAll(2000));
}

/** Runs the selected scenarios end to end; progress goes to `log`, the report is returned (never throws). */
export async function runBench(args: BenchArgs, command: string, log: (s: string) => void): Promise<BenchReport> {
  const started = Date.now();
  const deadline = started + RUN_LIMIT_MS;
  const machine = machineInfo();
  const tmpDir = makeTempDir();
  const report: BenchReport = {
    command,
    startedAt: new Date(started).toISOString(),
    elapsedMs: 0,
    machine,
    database: { kind: 'none' },
    app: null,
    candidates: args.candidates,
    scenarios: {},
    seed: null,
    figures: [],
    problems: [],
  };
  log(`machine: ${describeMachine(machine)}`);
  if (machine.loadAverage[0] > machine.nproc) {
    log(`warning: load average ${machine.loadAverage[0]} exceeds ${machine.nproc} CPUs — other work is running; figures will be low`);
  }

  const selected = SPECS.filter((s) => args.only.includes(s.name));
  const loaded = new Map<ScenarioName, Loaded>(selected.map((s) => [s.name, loadScenario(s)]));
  for (const l of loaded.values()) {
    if (!l.available) {
      report.scenarios[l.spec.name] = { status: 'not available', reason: l.reason };
      report.figures.push({ name: `${l.spec.name}: not available`, value: null, unit: '', target: l.spec.target, note: l.reason });
      log(`${l.spec.name}: not available — ${l.reason}`);
    }
  }
  const runnable = [...loaded.values()].filter((l): l is Extract<Loaded, { available: true }> => l.available);

  let db: BenchDatabase | null = null;
  let app: BenchApp | null = null;
  let admin: ApiClient | null = null;
  let campaign: SeededCampaign | null = null;
  let bare: BareSocketServer | null = null;
  let barePromise: Promise<BareSocketServer> | null = null;
  const baselines: Baselines = {};
  const baselineRuns = new Map<string, Promise<void>>();
  const remaining = () => deadline - TEARDOWN_RESERVE_MS - Date.now();

  const bareSocket = () => {
    barePromise ??= startBareSocketServer().then((b) => (bare = b));
    return barePromise;
  };
  const dbTarget = (): DbTarget | null =>
    db === null ? null : db.kind === 'mysql' ? { kind: 'mysql', url: db.url } : { kind: 'sqlite', path: `${tmpDir}/raw-upserts.sqlite` };
  const answerClients = () =>
    campaign?.sittings.find((s) => s.role === 'answers')?.candidates.length ??
    Math.floor(args.candidates * (SITTING_PLAN.find((p) => p.role === 'answers')?.share ?? 0.4));

  /** Measures the bare limits of one family once per run (socket, db or http). */
  const measure = (family: 'socket' | 'db' | 'http'): Promise<void> => {
    const existing = baselineRuns.get(family);
    if (existing) {
      return existing;
    }
    const run = (async () => {
      try {
        switch (family) {
          case 'socket': {
            const r = await measureBareSocket(await bareSocket(), {
              holdClients: args.candidates,
              answerClients: answerClients(),
              perClientPerSec: 1,
              seconds: 8,
              workers: args.candidates > 2500 ? 2 : 1,
              log,
            });
            Object.assign(baselines, r.baselines);
            report.figures.push(...r.figures);
            break;
          }
          case 'db': {
            const target = dbTarget();
            if (!target) {
              return;
            }
            const r = await measureDbUpserts(target, { concurrency: 32, seconds: 6, attempts: answerClients(), log });
            Object.assign(baselines, r.baselines);
            report.figures.push(...r.figures);
            break;
          }
          case 'http': {
            const r = await measureBareHttp(await bareSocket(), { connections: 50, seconds: 8, log });
            Object.assign(baselines, r.baselines);
            report.figures.push(...r.figures);
            break;
          }
        }
      } catch (err) {
        const msg = `bare ${family} baseline failed: ${(err as Error).message.slice(0, 400)}`;
        report.problems.push(msg);
        log(msg);
      }
    })();
    baselineRuns.set(family, run);
    return run;
  };
  const familyOf = (k: BaselineKind): 'socket' | 'db' | 'http' =>
    k.startsWith('socket') ? 'socket' : k.startsWith('db') ? 'db' : 'http';

  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) {
      return;
    }
    cleaned = true;
    await app?.stop().catch(() => undefined);
    await bare?.stop().catch(() => undefined);
    await stopAll(3000);
    const dropProblem = await dropBenchDatabase(db);
    if (dropProblem) {
      report.problems.push(dropProblem);
    }
    rmSync(tmpDir, { recursive: true, force: true });
  };

  activeCleanup = cleanup;
  try {
    // Pure scenarios first, with the machine to themselves.
    const pure = runnable.filter((l) => !l.spec.needsApp);
    const withApp = runnable.filter((l) => l.spec.needsApp);

    let ctxBase: Omit<BenchContext, 'budgetMs'> = {
      app: null,
      admin: null,
      campaign: null,
      database: null,
      candidates: args.candidates,
      machine,
      tmpDir,
      log,
      bareSocket,
      baselines: async () => {
        await Promise.all((['socket', 'db', 'http'] as const).map(measure));
        return baselines;
      },
      dbUpserts: async (concurrency, seconds) => {
        const target = dbTarget();
        if (!target) {
          return [];
        }
        return (await measureDbUpserts(target, { concurrency, seconds, attempts: answerClients(), log })).figures;
      },
      dbTarget: null,
      socketLoad: runSocketLoad,
      httpLoad: (input) => runHttpLoad(input),
    };

    const runOne = async (l: Extract<Loaded, { available: true }>, groupDone: Set<string>) => {
      const name = l.spec.name;
      if (l.group && groupDone.has(l.spec.file)) {
        report.scenarios[name] = { status: 'covered', reason: `figures come from ${l.spec.groupExports[0]}` };
        return;
      }
      const budget = Math.min(
        l.group
          ? withApp.filter((w) => w.spec.file === l.spec.file).reduce((s, w) => s + w.spec.budgetMs, 0)
          : l.spec.budgetMs,
        remaining(),
      );
      if (budget < 10_000) {
        report.scenarios[name] = { status: 'skipped', reason: 'out of time (the run must end within 10 minutes)' };
        report.figures.push({ name: `${name}: skipped`, value: null, unit: '', target: l.spec.target, note: 'out of time' });
        return;
      }
      if (l.spec.needsApp && !app) {
        report.scenarios[name] = { status: 'not available', reason: 'the app did not start' };
        report.figures.push({ name: `${name}: not available`, value: null, unit: '', target: l.spec.target, note: 'the app did not start' });
        return;
      }
      if (l.group) {
        groupDone.add(l.spec.file);
      }
      for (const family of new Set(l.spec.baselines.map(familyOf))) {
        await measure(family);
      }
      log(`${name}: running (budget ${Math.round(budget / 1000)} s)`);
      const t0 = performance.now();
      const rssBefore = app?.rssBytes() ?? 0;
      const cpuBefore = app?.cpuMs() ?? 0;
      try {
        const raw = await withTimeout(l.fn({ ...ctxBase, budgetMs: budget }), budget + 30_000, `${name} exceeded its budget`);
        const figs = normaliseFigures(name, raw).map((f) => completeFigure(f, baselines));
        report.figures.push(...figs);
        figs.forEach((f) => log(`  ${formatFigure(f)}`));
        report.scenarios[name] = { status: 'ok', ms: Math.round(performance.now() - t0) };
      } catch (err) {
        const reason = (err as Error).message.split('\n').slice(0, 3).join(' ').slice(0, 500);
        report.scenarios[name] = { status: 'failed', reason, ms: Math.round(performance.now() - t0) };
        report.figures.push({ name: `${name}: failed`, value: null, unit: '', target: l.spec.target, note: reason });
        log(`${name}: failed — ${reason}`);
      }
      if (app && l.spec.needsApp) {
        const wall = Math.round(performance.now() - t0);
        const cpu = app.cpuMs() - cpuBefore;
        report.figures.push({
          name: `${name}: app CPU time while it ran`,
          value: cpu,
          unit: 'ms',
          note: `over ${wall} ms wall time (${Math.round((cpu / Math.max(1, wall)) * 100)}% of one core); app RSS ${mb(rssBefore)} → ${mb(app.rssBytes())} MB`,
        });
      }
    };

    const groupDone = new Set<string>();
    for (const l of pure) {
      await runOne(l, groupDone);
    }
    const families = new Set(selected.flatMap((s) => s.baselines.map(familyOf)));

    if (withApp.length > 0 || families.has('db')) {
      db = await createBenchDatabase(process.env.BENCH_DATABASE_URL, tmpDir);
      report.database = db.kind === 'mysql' ? { kind: 'mysql', version: db.version } : { kind: 'sqlite' };
      log(db.kind === 'mysql' ? `database: ${db.name} on MySQL ${db.version}` : `database: SQLite ${db.path}`);
    }
    if (withApp.length > 0 && db) {
      try {
        const appEnv = Object.assign({}, ...withApp.map((l) => l.appEnv)) as Record<string, string>;
        const t0 = performance.now();
        app = await startApp(db, appEnv, Math.min(180_000, remaining()));
        log(`app: ${app.entry}, pid ${app.pid}, ${app.url}, started in ${Math.round(performance.now() - t0)} ms`);
        admin = await adminLogin(app.url, app.adminUsername, app.adminPassword);
        await sleep(500);
        report.app = { entry: app.entry, idleRssMb: mb(app.rssBytes()) };
        report.figures.push({ name: 'app: RSS after start (idle)', value: mb(app.rssBytes()), unit: 'MB' });
      } catch (err) {
        const msg = `the app did not start: ${(err as Error).message.slice(0, 1500)}`;
        report.problems.push(msg);
        log(msg);
      }
      if (app && admin && withApp.some((l) => l.spec.needsCampaign)) {
        try {
          const t0 = performance.now();
          campaign = await seedCampaign(admin, {
            candidates: args.candidates,
            deadline: Date.now() + Math.min(240_000, remaining() - 60_000),
            log,
          });
          const ms = Math.round(performance.now() - t0);
          log(`seed: done in ${ms} ms (${campaign.technicians} technicians, ${campaign.sampled} sampled, ${campaign.sittings.length} sittings)`);
          campaign.problems.forEach((p) => log(`seed problem: ${p}`));
          report.seed = {
            agencies: campaign.agencies,
            technicians: campaign.technicians,
            sampled: campaign.sampled,
            disciplines: campaign.disciplines,
            timingsMs: campaign.timingsMs,
            problems: campaign.problems,
            sittings: campaign.sittings.map((s) => ({ id: s.id, role: s.role, candidates: s.candidates.length, papersMissing: s.papersMissing })),
          };
          report.figures.push(...seedFigures(campaign));
          if (app) {
            report.figures.push({ name: 'app: RSS after seeding', value: mb(app.rssBytes()), unit: 'MB' });
          }
        } catch (err) {
          const msg = `seeding failed: ${(err as Error).message.slice(0, 800)}`;
          report.problems.push(msg);
          log(msg);
        }
      }
      ctxBase = { ...ctxBase, app, admin, campaign, database: db, dbTarget: dbTarget() };
      for (const l of withApp) {
        await runOne(l, groupDone);
      }
    }
    // The bare limits of selected scenarios that are not available yet: still the machine's limits.
    for (const family of families) {
      if (remaining() > 60_000) {
        await measure(family);
      }
    }
  } catch (err) {
    const msg = `the run stopped: ${(err as Error).stack ?? String(err)}`;
    report.problems.push(msg.slice(0, 1500));
    log(msg);
  } finally {
    activeCleanup = null;
    await cleanup();
    report.elapsedMs = Date.now() - started;
  }
  return report;
}

function seedFigures(c: SeededCampaign): Figure[] {
  const t = c.timingsMs;
  const placed = c.sittings.reduce((s, x) => s + x.candidates.length, 0);
  const papers = c.sittings.reduce((s, x) => s + x.papersPrepared, 0);
  const assign = Object.entries(t)
    .filter(([k]) => k.startsWith('assign ') || k.startsWith('papers '))
    .reduce((s, [, v]) => s + v, 0);
  const out: Figure[] = [
    { name: `seed: roster import via API (${c.technicians.toLocaleString('en-US')} technicians, ${c.agencies} agencies)`, value: t['roster import'] ?? null, unit: 'ms' },
    { name: `seed: freeze + draw via API (${c.sampled.toLocaleString('en-US')} sampled)`, value: (t.freeze ?? 0) + (t.draw ?? 0), unit: 'ms' },
    {
      name: `seed: placing ${placed.toLocaleString('en-US')} candidates with their papers via API`,
      value: assign,
      unit: 'ms',
      note: `${papers.toLocaleString('en-US')} papers attached`,
    },
  ];
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The lines the command prints on stdout: one per figure, then `BENCH {json}`. */
export function reportLines(r: BenchReport): string[] {
  const lines = r.figures.map((f) => formatFigure(f));
  for (const [name, s] of Object.entries(r.scenarios)) {
    if (s.status === 'covered') {
      lines.push(`${name}: ${s.reason}`);
    }
  }
  lines.push(`BENCH ${JSON.stringify(r)}`);
  return lines;
}
