import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioName } from './args';
import type { ScenarioFn } from './context';
import type { BaselineKind } from './figures';

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
  /** The bare limits measured for it in the same run (filled into figures that name them). */
  baselines: BaselineKind[];
  /** Time allowed, load and settling included (ms). */
  budgetMs: number;
  /** The target, printed when the scenario is not available. */
  target: string;
}

const SOCKET: BaselineKind[] = ['socket-acks', 'socket-acks-paced', 'socket-p99-paced'];
const DB: BaselineKind[] = ['db-upserts', 'db-upserts-p99', 'db-batched'];

export const SPECS: ScenarioSpec[] = [
  { name: 'draw', file: 'draw', exports: ['benchDraw'], groupExports: [], needsApp: false, needsCampaign: false, baselines: [], budgetMs: 30_000, target: '100,000 technicians in 2,000 agencies < 2 s' },
  { name: 'assembly', file: 'assembly', exports: ['benchAssembly'], groupExports: [], needsApp: false, needsCampaign: false, baselines: [], budgetMs: 40_000, target: '10,000 papers from 1,000 items < 5 s' },
  { name: 'connect', file: 'sessions', exports: ['benchConnect'], groupExports: ['benchSessions'], needsApp: true, needsCampaign: true, baselines: ['socket-rss'], budgetMs: 90_000, target: '5,000 candidates connected, RSS < 1 GB' },
  { name: 'start-storm', file: 'sessions', exports: ['benchStartStorm', 'benchStart', 'benchStorm'], groupExports: ['benchSessions'], needsApp: true, needsCampaign: true, baselines: [...SOCKET, ...DB], budgetMs: 60_000, target: '1,000 start within 1 s: all get their paper, p99 < 2 s, 0 errors' },
  { name: 'answers', file: 'sessions', exports: ['benchAnswers'], groupExports: ['benchSessions'], needsApp: true, needsCampaign: true, baselines: [...SOCKET, ...DB], budgetMs: 75_000, target: '≥ 2,000 durable saves/s from 2,000 candidates, p99 < 100 ms, ratio to bare ≥ 0.7' },
  { name: 'deadline', file: 'sessions', exports: ['benchDeadline'], groupExports: ['benchSessions'], needsApp: true, needsCampaign: true, baselines: DB, budgetMs: 60_000, target: '1,000 attempts sharing a deadline all submitted within 5 s' },
  { name: 'grading', file: 'scoring', exports: ['benchGrading'], groupExports: ['benchScoring'], needsApp: true, needsCampaign: false, baselines: DB, budgetMs: 60_000, target: '10,000 attempts graded < 5 s' },
  { name: 'lookup', file: 'scoring', exports: ['benchLookup', 'benchLookups'], groupExports: ['benchScoring'], needsApp: true, needsCampaign: false, baselines: ['http-rps'], budgetMs: 45_000, target: '≥ 2,000 req/s, p99 < 50 ms' },
];

export const SCENARIO_DIR = join(__dirname, '../scenarios');

export type Loaded =
  | { available: true; spec: ScenarioSpec; fn: ScenarioFn; group: boolean; appEnv: Record<string, string> }
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
    return { available: false, spec, reason: `${rel} failed to load: ${(err as Error).message.split('\n')[0]}` };
  }
  const appEnv =
    mod.benchAppEnv && typeof mod.benchAppEnv === 'object' ? (mod.benchAppEnv as Record<string, string>) : {};
  for (const name of spec.exports) {
    if (typeof mod[name] === 'function') {
      return { available: true, spec, fn: mod[name] as ScenarioFn, group: false, appEnv };
    }
  }
  for (const name of spec.groupExports) {
    if (typeof mod[name] === 'function') {
      return { available: true, spec, fn: mod[name] as ScenarioFn, group: true, appEnv };
    }
  }
  return {
    available: false,
    spec,
    reason: `${rel} exports none of ${[...spec.exports, ...spec.groupExports].join(', ')}`,
  };
}
