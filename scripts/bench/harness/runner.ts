import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  Baselines,
  BareSocketServer,
  DbTarget,
  measureBareHttp,
  measureBareSocket,
  measureBareWithScenarioLoad,
  measureDbUpserts,
  ScenarioSocketLoad,
  startBareSocketServer,
} from '../baselines';
import { BenchApp, restartApp, startApp } from './app';
import type { BenchArgs, ScenarioName } from './args';
import type { BenchContext, SeededCampaign } from './context';
import { BenchDatabase, createBenchDatabase, dropBenchDatabase, makeTempDir } from './database';
import { completeFigure, Figure, formatFigure, normaliseFigures } from './figures';
import { adminLogin, ApiClient } from './http';
import { runHttpLoad } from './http-load';
import { describeMachine, machineInfo, MachineInfo } from './machine';
import {
  cpuMs,
  databaseServerPid,
  endStrays,
  killStrayDescendants,
  ownTreeCpuMs,
  sleep,
  stopAll,
} from './processes';
import { describeWindow, ProfileWindow, readNewestProfile, summariseProfile, WindowSummary } from './profile';
import { BareJob, defaultBaseline, Loaded, loadScenario, SETUP_EXPECT_MS, SPECS } from './scenarios';
import { seedCampaign, SITTING_PLAN } from './seed';
import { runSocketLoad } from './socket-load';

/** The whole run must end within this (issue 9: under 10 minutes); scenarios are cut to fit. */
export const RUN_LIMIT_MS = 9.5 * 60_000;
/** Kept back for teardown. */
const TEARDOWN_RESERVE_MS = 25_000;
/** How long past its budget a scenario may run before the harness gives up on it. */
const GRACE_MS = 15_000;
/**
 * A scenario may take up to this many times its usual time: on a slow machine the first scenarios finish and
 * the last are skipped, rather than every one cut short and failing.
 */
const BUDGET_FACTOR = 2;

export type ScenarioStatus = 'ok' | 'not available' | 'failed' | 'skipped' | 'covered';

export interface BenchReport {
  command: string;
  startedAt: string;
  elapsedMs: number;
  machine: MachineInfo;
  /** Load averages when the run ended (compare with machine.loadAverage at the start). */
  loadAverageAtEnd: number[];
  database: { kind: 'mysql' | 'sqlite' | 'none'; version?: string };
  app: { entry: string; idleRssMb: number | null } | null;
  candidates: number;
  scenarios: Record<string, { status: ScenarioStatus; reason?: string; ms?: number; budgetMs?: number }>;
  seed:
    | (Pick<
        SeededCampaign,
        'agencies' | 'technicians' | 'sampled' | 'disciplines' | 'timingsMs' | 'problems'
      > & {
        sittings: Array<{ id: number; role: string; candidates: number; papersMissing: number }>;
      })
    | null;
  figures: Figure[];
  /**
   * CPU time the run used (ms): the harness with every process it started (app, bare server, load generators),
   * and the local database server. On an idle machine the run takes at least total ÷ nproc.
   */
  cpu: { harnessTreeMs: number; databaseServerMs: number | null; totalMs: number };
  /** With BENCH_PROFILE_DIR: where the app's CPU went during each scenario. */
  profile: { file: string; windows: WindowSummary[] } | null;
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

type Runnable = Extract<Loaded, { available: true }>;

/** Runs the selected scenarios end to end; progress goes to `log`, the report is returned (never throws). */
export async function runBench(
  args: BenchArgs,
  command: string,
  log: (s: string) => void,
): Promise<BenchReport> {
  const started = Date.now();
  const deadline = started + RUN_LIMIT_MS;
  const machine = machineInfo();
  const tmpDir = makeTempDir();
  const report: BenchReport = {
    command,
    startedAt: new Date(started).toISOString(),
    elapsedMs: 0,
    machine,
    loadAverageAtEnd: [],
    database: { kind: 'none' },
    app: null,
    candidates: args.candidates,
    scenarios: {},
    seed: null,
    figures: [],
    profile: null,
    cpu: { harnessTreeMs: 0, databaseServerMs: null, totalMs: 0 },
    problems: [],
  };
  const cpuAtStart = ownTreeCpuMs();
  const dbPid = process.env.BENCH_DATABASE_URL ? databaseServerPid() : null;
  const dbCpuAtStart = dbPid ? cpuMs(dbPid) : 0;
  const profileDir = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
  const windows: Array<{ name: string; from: number; to: number }> = [];
  log(`machine: ${describeMachine(machine)}`);
  if (machine.loadAverage[0] > machine.nproc) {
    log(
      `warning: load average ${machine.loadAverage[0]} exceeds ${machine.nproc} CPUs — other work is running; figures will be low`,
    );
  }

  const selected = SPECS.filter((s) => args.only.includes(s.name));
  const loaded = new Map<ScenarioName, Loaded>(selected.map((s) => [s.name, loadScenario(s)]));
  const missing = (name: string, target: string, why: string): Figure => ({
    name: `${name}: not available`,
    value: null,
    unit: '',
    target,
    note: why,
  });
  for (const l of loaded.values()) {
    if (!l.available) {
      report.scenarios[l.spec.name] = { status: 'not available', reason: l.reason };
      report.figures.push(missing(l.spec.name, l.spec.target, l.reason));
      log(`${l.spec.name}: not available — ${l.reason}`);
    }
  }
  const runnable = [...loaded.values()].filter((l): l is Runnable => l.available);
  const pure = runnable.filter((l) => !l.spec.needsApp);
  const withApp = runnable.filter((l) => l.spec.needsApp);

  let db: BenchDatabase | null = null;
  let app: BenchApp | null = null;
  let admin: ApiClient | null = null;
  let campaign: SeededCampaign | null = null;
  let bare: BareSocketServer | null = null;
  let barePromise: Promise<BareSocketServer> | null = null;
  const baselines: Baselines = {};
  const jobRuns = new Map<BareJob, Promise<void>>();
  const remaining = () => deadline - TEARDOWN_RESERVE_MS - Date.now();
  const keepPids = () => [app?.pid ?? 0, bare?.pid ?? 0].filter((p) => p > 0);

  const bareSocket = () => {
    barePromise ??= startBareSocketServer(tmpDir).then((b) => (bare = b));
    return barePromise;
  };
  const dbTarget = (): DbTarget | null =>
    db === null
      ? null
      : db.kind === 'mysql'
        ? { kind: 'mysql', url: db.url }
        : { kind: 'sqlite', path: `${tmpDir}/raw-upserts.sqlite` };
  const clientsOf = (role: string) =>
    campaign?.sittings.find((s) => s.role === role)?.candidates.length ??
    Math.floor(args.candidates * (SITTING_PLAN.find((p) => p.role === role)?.share ?? 0));
  /** The sessions scenarios' own load functions, when their module exports them. */
  const scenarioLoad = (): ScenarioSocketLoad | null => {
    for (const name of ['answers', 'start-storm', 'connect'] as const) {
      const l = loaded.get(name);
      if (l?.available) {
        const m = l.module as ScenarioSocketLoad;
        if ([m.runConnect, m.runStartStorm, m.runAnswers].some((f) => typeof f === 'function')) {
          return m;
        }
      }
    }
    return null;
  };
  const record = (r: { figures: Figure[]; baselines: Baselines }) => {
    Object.assign(baselines, r.baselines);
    report.figures.push(...r.figures);
    r.figures.forEach((f) => log(`  ${formatFigure(f)}`));
  };

  /** One bare-limit measurement, once per run, bounded in time; a failure is reported, never fatal. */
  const measure = (job: BareJob, limitMs: number): Promise<void> => {
    const existing = jobRuns.get(job);
    if (existing) {
      return existing;
    }
    const work = async () => {
      const theirs = scenarioLoad();
      switch (job) {
        case 'bare-connect':
          if (theirs?.runConnect) {
            record(
              await measureBareWithScenarioLoad(await bareSocket(), theirs, {
                connectClients: args.candidates,
                stormClients: 0,
                answerClients: 0,
                answerSeconds: 0,
                log,
              }),
            );
          } else {
            record(
              await measureBareSocket(await bareSocket(), {
                holdClients: args.candidates,
                answerClients: 0,
                closedLoop: false,
                perClientPerSec: 0,
                seconds: 0,
                workers: 2,
                log,
              }),
            );
          }
          return;
        case 'bare-storm':
          if (theirs?.runStartStorm) {
            record(
              await measureBareWithScenarioLoad(await bareSocket(), theirs, {
                connectClients: 0,
                stormClients: clientsOf('storm'),
                answerClients: 0,
                answerSeconds: 0,
                log,
              }),
            );
          } else {
            log('bare start storm: no load generator to run it with (sessions.ts exports no runStartStorm)');
          }
          return;
        case 'bare-answers': {
          const clients = clientsOf('answers');
          if (theirs?.runAnswers) {
            record(
              await measureBareWithScenarioLoad(await bareSocket(), theirs, {
                connectClients: 0,
                stormClients: 0,
                answerClients: clients,
                answerSeconds: 10,
                log,
              }),
            );
          }
          // The paced figures come from the scenario's own generator when it has a paced phase; else from the
          // harness's generator.
          if (baselines['socket-acks-paced']) {
            return;
          }
          record(
            await measureBareSocket(await bareSocket(), {
              holdClients: 0,
              answerClients: clients,
              closedLoop: !baselines['socket-acks'],
              perClientPerSec: 1,
              seconds: 6,
              workers: 2,
              log,
            }),
          );
          return;
        }
        case 'db': {
          const target = dbTarget();
          if (target) {
            record(
              await measureDbUpserts(target, {
                concurrency: 32,
                seconds: 6,
                attempts: Math.max(100, clientsOf('answers')),
                log,
              }),
            );
          }
          return;
        }
        case 'http':
          record(await measureBareHttp(await bareSocket(), { connections: 50, seconds: 10, log }));
          return;
      }
    };
    const run = withTimeout(
      work(),
      Math.max(5_000, limitMs),
      `bare ${job} took longer than ${Math.round(limitMs / 1000)} s`,
    )
      .catch((err: unknown) => {
        const msg = `bare limit ${job} failed: ${(err as Error).message.slice(0, 400)}`;
        report.problems.push(msg);
        log(msg);
      })
      .finally(() => endStrays(keepPids()));
    jobRuns.set(job, run);
    return run;
  };

  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) {
      return;
    }
    cleaned = true;
    await app?.stop().catch(() => undefined);
    await bare?.stop().catch(() => undefined);
    await stopAll(3000);
    killStrayDescendants();
    const dropProblem = await dropBenchDatabase(db);
    if (dropProblem) {
      report.problems.push(dropProblem);
    }
    rmSync(tmpDir, { recursive: true, force: true });
  };
  activeCleanup = cleanup;

  const pending = new Set<Runnable>(runnable);

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
      for (const job of ['bare-connect', 'bare-storm', 'bare-answers', 'db', 'http'] as const) {
        await measure(job, Math.min(120_000, remaining()));
      }
      return baselines;
    },
    dbUpserts: async (concurrency, seconds) => {
      const target = dbTarget();
      return target
        ? (
            await measureDbUpserts(target, {
              concurrency,
              seconds,
              attempts: Math.max(100, clientsOf('answers')),
              log,
            })
          ).figures
        : [];
    },
    dbTarget: null,
    socketLoad: runSocketLoad,
    httpLoad: (input) => runHttpLoad(input),
    restartApp: null,
  };
  /** Kills the app and starts it again on the same database (the restart scenario); keeps the new process. */
  const restart = async () => {
    if (!app) {
      throw new Error('no app to restart');
    }
    try {
      const r = await restartApp(app, Math.min(180_000, Math.max(10_000, remaining() - 30_000)));
      app = r.app;
      return r.timing;
    } catch (err) {
      const started = (err as { app?: BenchApp }).app;
      if (started) {
        app = started;
      }
      throw err;
    } finally {
      ctxBase = { ...ctxBase, app };
    }
  };

  const groupDone = new Set<string>();
  const runOne = async (l: Runnable) => {
    const name = l.spec.name;
    pending.delete(l);
    if (l.group && groupDone.has(l.spec.file)) {
      report.scenarios[name] = { status: 'covered', reason: `figures come from ${l.spec.groupExports[0]}` };
      return;
    }
    let budget = Math.min(l.spec.expectMs * BUDGET_FACTOR, remaining());
    if (l.group) {
      const rest = [...pending].filter((p) => p.spec.file === l.spec.file);
      budget = Math.min(budget + rest.reduce((s, p) => s + p.spec.expectMs * BUDGET_FACTOR, 0), remaining());
    }
    if (budget < 10_000) {
      report.scenarios[name] = {
        status: 'skipped',
        reason: 'out of time (the run must end within 10 minutes)',
      };
      report.figures.push({
        name: `${name}: skipped`,
        value: null,
        unit: '',
        target: l.spec.target,
        note: 'out of time',
      });
      log(`${name}: skipped, out of time`);
      return;
    }
    const lacking =
      l.spec.needsApp && !app
        ? 'the app did not start'
        : l.spec.needsCampaign && !campaign
          ? 'seeding the campaign failed'
          : null;
    if (lacking) {
      report.scenarios[name] = { status: 'not available', reason: lacking };
      report.figures.push(missing(name, l.spec.target, lacking));
      log(`${name}: not available — ${lacking}`);
      return;
    }
    if (l.group) {
      groupDone.add(l.spec.file);
    }
    const t0 = performance.now();
    const end = Date.now() + budget;
    for (const job of l.spec.bare) {
      // The bare limit may take at most half the scenario's time.
      await measure(job, Math.min(budget * 0.5, end - Date.now()));
    }
    const scenarioBudget = Math.max(10_000, end - Date.now());
    log(`${name}: running (budget ${Math.round(scenarioBudget / 1000)} s)`);
    const s0 = performance.now();
    const rssBefore = app?.rssBytes() ?? 0;
    const cpuBefore = app?.cpuMs() ?? 0;
    const pidBefore = app?.pid ?? 0;
    const windowStart = Date.now();
    try {
      const raw = await withTimeout(
        Promise.resolve(l.fn({ ...ctxBase, budgetMs: scenarioBudget })),
        scenarioBudget + GRACE_MS,
        `${name} ran past its budget of ${Math.round(scenarioBudget / 1000)} s`,
      );
      const figs = normaliseFigures(name, raw).map((f) =>
        completeFigure({ ...f, baseline: f.baseline ?? defaultBaseline(f.name) }, baselines),
      );
      report.figures.push(...figs);
      figs.forEach((f) => log(`  ${formatFigure(f)}`));
      report.scenarios[name] = {
        status: 'ok',
        ms: Math.round(performance.now() - t0),
        budgetMs: Math.round(budget),
      };
    } catch (err) {
      const reason = (err as Error).message.split('\n').slice(0, 3).join(' ').slice(0, 500);
      report.scenarios[name] = {
        status: 'failed',
        reason,
        ms: Math.round(performance.now() - t0),
        budgetMs: Math.round(budget),
      };
      report.figures.push({
        name: `${name}: failed`,
        value: null,
        unit: '',
        target: l.spec.target,
        note: reason,
      });
      log(`${name}: failed — ${reason}`);
    }
    if (app && l.spec.needsApp) {
      windows.push({ name, from: windowStart, to: Date.now() });
      const wall = Math.round(performance.now() - s0);
      // A scenario that restarted the app: the new process's CPU time since it started.
      const restarted = app.pid !== pidBefore;
      const cpu = app.cpuMs() - (restarted ? 0 : cpuBefore);
      report.figures.push({
        name: `${name}: app CPU time while it ran`,
        value: cpu,
        unit: 'ms',
        note: `over ${wall} ms (${Math.round((cpu / Math.max(1, wall)) * 100)}% of one core); app RSS ${mb(rssBefore)} → ${mb(app.rssBytes())} MB${restarted ? ' (the restarted process: its CPU time and RSS since it started)' : ''}`,
      });
    }
    // Load generators a scenario left behind (a timeout, an error) must not weigh on the next one.
    const strays = await endStrays(keepPids());
    if (strays > 0) {
      log(`${name}: ended ${strays} process(es) it left running`);
    }
  };

  try {
    // Pure scenarios first, with the machine to themselves.
    for (const l of pure) {
      await runOne(l);
    }
    const jobs = new Set(selected.flatMap((s) => s.bare));
    if (withApp.length > 0 || jobs.has('db')) {
      db = await createBenchDatabase(process.env.BENCH_DATABASE_URL, tmpDir);
      report.database = db.kind === 'mysql' ? { kind: 'mysql', version: db.version } : { kind: 'sqlite' };
      log(
        db.kind === 'mysql' ? `database: ${db.name} on MySQL ${db.version}` : `database: SQLite ${db.path}`,
      );
    }
    if (withApp.length > 0 && db) {
      try {
        const appEnv = Object.assign({}, ...withApp.map((l) => l.appEnv)) as Record<string, string>;
        const t0 = performance.now();
        if (profileDir) {
          mkdirSync(profileDir, { recursive: true });
        }
        app = await startApp(db, appEnv, Math.min(180_000, remaining()), profileDir);
        log(
          `app: ${app.entry}, pid ${app.pid}, ${app.url}, started in ${Math.round(performance.now() - t0)} ms`,
        );
        admin = await adminLogin(app.url, app.adminUsername, app.adminPassword);
        await sleep(500);
        report.app = { entry: app.entry, idleRssMb: mb(app.rssBytes()) };
        report.figures.push({
          name: 'app: RSS after start (idle)',
          value: mb(app.rssBytes()),
          unit: 'MB',
          note: app.entry,
        });
      } catch (err) {
        const msg = `the app did not start: ${(err as Error).message.slice(0, 1500)}`;
        report.problems.push(msg);
        log(msg);
      }
      if (app && admin && withApp.some((l) => l.spec.needsCampaign)) {
        try {
          const t0 = performance.now();
          const seedFrom = Date.now();
          campaign = await seedCampaign(admin, {
            candidates: args.candidates,
            deadline: Date.now() + Math.min(SETUP_EXPECT_MS.seed * 2.5, remaining() - 60_000),
            log,
          });
          const ms = Math.round(performance.now() - t0);
          windows.push({ name: 'seed', from: seedFrom, to: Date.now() });
          log(
            `seed: done in ${ms} ms (${campaign.technicians} technicians, ${campaign.sampled} sampled, ${campaign.sittings.length} sittings)`,
          );
          campaign.problems.forEach((p) => log(`seed problem: ${p}`));
          report.seed = {
            agencies: campaign.agencies,
            technicians: campaign.technicians,
            sampled: campaign.sampled,
            disciplines: campaign.disciplines,
            timingsMs: campaign.timingsMs,
            problems: campaign.problems,
            sittings: campaign.sittings.map((s) => ({
              id: s.id,
              role: s.role,
              candidates: s.candidates.length,
              papersMissing: s.papersMissing,
            })),
          };
          report.figures.push(...seedFigures(campaign), {
            name: 'app: RSS after seeding',
            value: mb(app.rssBytes()),
            unit: 'MB',
          });
        } catch (err) {
          const msg = `seeding failed: ${(err as Error).message.slice(0, 800)}`;
          report.problems.push(msg);
          log(msg);
        }
      }
      ctxBase = {
        ...ctxBase,
        app,
        admin,
        campaign,
        database: db,
        dbTarget: dbTarget(),
        restartApp: app ? restart : null,
      };
      for (const l of withApp) {
        await runOne(l);
      }
    }
    // The bare limits of selected scenarios that are not available: still the machine's limits.
    for (const job of jobs) {
      if (!jobRuns.has(job) && remaining() > 45_000) {
        await measure(job, Math.min(90_000, remaining() - 30_000));
      }
    }
  } catch (err) {
    const msg = `the run stopped: ${(err as Error).stack ?? String(err)}`;
    report.problems.push(msg.slice(0, 1500));
    log(msg);
  } finally {
    activeCleanup = null;
    const appStartedAt = app?.spawnedAt ?? 0;
    await cleanup();
    if (profileDir && appStartedAt) {
      try {
        const profile = readNewestProfile(profileDir);
        if (profile) {
          const ws: ProfileWindow[] = windows.map((w) => ({
            name: w.name,
            fromMs: w.from - appStartedAt,
            toMs: w.to - appStartedAt,
          }));
          report.profile = { file: profileDir, windows: summariseProfile(profile, ws) };
          report.profile.windows.forEach((w) => log(describeWindow(w)));
        } else {
          report.problems.push(`no .cpuprofile was written to ${profileDir}`);
        }
      } catch (err) {
        report.problems.push(`reading the CPU profile: ${(err as Error).message}`);
      }
    }
    report.loadAverageAtEnd = machineInfo().loadAverage;
    const tree = ownTreeCpuMs() - cpuAtStart;
    const dbCpu = dbPid ? cpuMs(dbPid) - dbCpuAtStart : null;
    report.cpu = { harnessTreeMs: tree, databaseServerMs: dbCpu, totalMs: tree + (dbCpu ?? 0) };
    log(
      `CPU used by the run: ${Math.round(report.cpu.totalMs / 1000)} s (harness, app, bare server and load generators ${Math.round(tree / 1000)} s` +
        `${dbCpu === null ? '' : `; database server ${Math.round(dbCpu / 1000)} s`}) — at least ${Math.round(report.cpu.totalMs / 1000 / machine.nproc)} s of wall time on ${machine.nproc} idle CPUs`,
    );
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
  const en = (x: number) => x.toLocaleString('en-US');
  return [
    {
      name: `seed: roster import via API (${en(c.technicians)} technicians, ${c.agencies} agencies)`,
      value: t['roster import'] ?? null,
      unit: 'ms',
    },
    {
      name: `seed: freeze + draw via API (${en(c.sampled)} sampled)`,
      value: (t.freeze ?? 0) + (t.draw ?? 0),
      unit: 'ms',
    },
    {
      name: `seed: placing ${en(placed)} candidates in sittings, assembling and storing their papers, via API`,
      value: assign,
      unit: 'ms',
      note: `${en(papers)} papers attached`,
    },
  ];
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
  for (const w of r.profile?.windows ?? []) {
    lines.push(describeWindow(w));
  }
  for (const p of r.problems) {
    lines.push(`problem: ${p.split('\n')[0]}`);
  }
  lines.push(`BENCH ${JSON.stringify(r)}`);
  return lines;
}
