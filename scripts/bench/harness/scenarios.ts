import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioName } from './args';
import type { ScenarioFn } from './context';
import type { BaselineKind } from './figures';

/**
 * The bare-limit measurements a scenario is compared with, each done once per run, right before the first
 * scenario that needs it (and counted in that scenario's time):
 * - bare-connect: the bare socket.io server holding as many clients (socket-rss);
 * - bare-storm: the same start storm against the bare server (socket-start-p99);
 * - bare-answers: the same answering load against the bare server (socket-acks, socket-acks-p99, and the paced
 *   figures socket-acks-paced, socket-p99-paced);
 * - db: raw durable upserts, single rows and batches of 20, at 32 connections (db-upserts, db-upserts-p99,
 *   db-batched);
 * - http: autocannon against the bare HTTP server (http-rps, http-p99).
 */
export type BareJob = 'bare-connect' | 'bare-storm' | 'bare-answers' | 'db' | 'http';

/** Where each scenario lives, what it is called, and what it needs. */
export interface ScenarioSpec {
  name: ScenarioName;
  /** scripts/bench/scenarios/<file>.ts */
  file: string;
  /** Export names tried in order; the first function found is the scenario. */
  exports: string[];
  /** A function of the same module that returns the figures of every scenario in it at once. */
  groupExports: string[];
  needsApp: boolean;
  /** Needs the seeded campaign (sittings, candidates, papers). */
  needsCampaign: boolean;
  bare: BareJob[];
  /** What it usually takes, bare limits included (ms); it may take up to twice this, within the run's limit. */
  expectMs: number;
  /** The target, printed when the scenario is not available. */
  target: string;
}

export const SPECS: ScenarioSpec[] = [
  {
    name: 'draw',
    file: 'draw',
    exports: ['benchDraw'],
    groupExports: [],
    needsApp: false,
    needsCampaign: false,
    bare: [],
    expectMs: 20_000,
    target: '100,000 technicians in 2,000 agencies < 2 s',
  },
  {
    name: 'assembly',
    file: 'assembly',
    exports: ['benchAssembly'],
    groupExports: [],
    needsApp: false,
    needsCampaign: false,
    bare: [],
    expectMs: 25_000,
    target: '10,000 papers from 1,000 items < 5 s',
  },
  {
    name: 'connect',
    file: 'sessions',
    exports: ['benchConnect'],
    groupExports: ['benchSessions'],
    needsApp: true,
    needsCampaign: true,
    bare: ['bare-connect'],
    expectMs: 100_000,
    target: '5,000 candidates connected, RSS < 1 GB',
  },
  {
    name: 'start-storm',
    file: 'sessions',
    exports: ['benchStartStorm', 'benchStart', 'benchStorm'],
    groupExports: ['benchSessions'],
    needsApp: true,
    needsCampaign: true,
    bare: ['bare-storm'],
    expectMs: 70_000,
    target: '1,000 start within 1 s: all get their paper, p99 < 2 s, 0 errors',
  },
  {
    name: 'answers',
    file: 'sessions',
    exports: ['benchAnswers'],
    groupExports: ['benchSessions'],
    needsApp: true,
    needsCampaign: true,
    bare: ['bare-answers', 'db'],
    expectMs: 120_000,
    target: '≥ 2,000 durable saves/s from 2,000 candidates, p99 < 100 ms, ratio to bare ≥ 0.7',
  },
  {
    name: 'import-load',
    file: 'sessions',
    exports: ['benchImportLoad'],
    groupExports: [],
    needsApp: true,
    needsCampaign: true,
    bare: [],
    expectMs: 100_000,
    target: 'answer acknowledgements keep their latency while a 50,000-row roster is imported (ratio ≈ 1)',
  },
  {
    name: 'deadline',
    file: 'sessions',
    exports: ['benchDeadline'],
    groupExports: ['benchSessions'],
    needsApp: true,
    needsCampaign: true,
    bare: ['db'],
    expectMs: 70_000,
    target: '1,000 attempts sharing a deadline all submitted within 5 s',
  },
  {
    name: 'grading',
    file: 'scoring',
    exports: ['benchGrading'],
    groupExports: ['benchScoring'],
    needsApp: true,
    needsCampaign: false,
    bare: ['db'],
    expectMs: 120_000,
    target: '10,000 attempts graded < 5 s',
  },
  {
    name: 'lookup',
    file: 'scoring',
    exports: ['benchLookup', 'benchLookups'],
    groupExports: ['benchScoring'],
    needsApp: true,
    needsCampaign: false,
    bare: ['http'],
    expectMs: 50_000,
    target: '≥ 2,000 req/s, p99 < 50 ms',
  },
  {
    name: 'restart',
    file: 'restart',
    exports: ['benchRestart'],
    groupExports: [],
    needsApp: true,
    needsCampaign: false,
    bare: [],
    expectMs: 45_000,
    target: 'a killed node serves again within a few seconds (issue 15)',
  },
];

/** What the app start and the seeding usually take (ms); seeding may take up to 2.5 times this. */
export const SETUP_EXPECT_MS = { app: 25_000, seed: 110_000 };

export const SCENARIO_DIR = join(__dirname, '../scenarios');

export type Loaded =
  | {
      available: true;
      spec: ScenarioSpec;
      fn: ScenarioFn;
      group: boolean;
      appEnv: Record<string, string>;
      /** The module's exports (the harness reuses a scenario's load generator for its bare limit). */
      module: Record<string, unknown>;
    }
  | { available: false; spec: ScenarioSpec; reason: string };

/**
 * Loads a scenario module if it exists. A missing file, a module that fails to load, or a module without the
 * expected export makes the scenario "not available" (with the reason), never a failure of the run. A module
 * may export `benchAppEnv` (settings the app must be started with for it, e.g. a shorter sweep interval).
 */
export function loadScenario(spec: ScenarioSpec): Loaded {
  const path = join(SCENARIO_DIR, `${spec.file}.ts`);
  const rel = `scripts/bench/scenarios/${spec.file}.ts`;
  if (!existsSync(path)) {
    return { available: false, spec, reason: `${rel} does not exist yet` };
  }
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(path) as Record<string, unknown>;
  } catch (err) {
    return {
      available: false,
      spec,
      reason: `${rel} failed to load: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  const appEnv =
    mod.benchAppEnv && typeof mod.benchAppEnv === 'object' ? (mod.benchAppEnv as Record<string, string>) : {};
  for (const name of spec.exports) {
    if (typeof mod[name] === 'function') {
      return { available: true, spec, fn: mod[name] as ScenarioFn, group: false, appEnv, module: mod };
    }
  }
  for (const name of spec.groupExports) {
    if (typeof mod[name] === 'function') {
      return { available: true, spec, fn: mod[name] as ScenarioFn, group: true, appEnv, module: mod };
    }
  }
  return {
    available: false,
    spec,
    reason: `${rel} exports none of ${[...spec.exports, ...spec.groupExports].join(', ')}`,
  };
}

/**
 * Which bare limit a figure compares with when its scenario did not say (`baseline`), by the figure's name.
 * Scenarios should set `baseline` themselves; this keeps the ratios when they do not.
 */
export const DEFAULT_BASELINES: Array<[RegExp, BaselineKind]> = [
  [/^connect: .*\bRSS\b/i, 'socket-rss'],
  [/^start-storm: p99\b/i, 'socket-start-p99'],
  [/^answers: .*saves\/s/i, 'socket-acks'],
  [/^answers: p99\b/i, 'socket-acks-p99'],
  [/^lookup: .*req\/s|^lookup: public personal lookups answered/i, 'http-rps'],
  [/^lookup: p99\b/i, 'http-p99'],
];

export function defaultBaseline(name: string): BaselineKind | undefined {
  return DEFAULT_BASELINES.find(([re]) => re.test(name))?.[1];
}
